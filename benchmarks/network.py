"""Benchmarks of NetworkMap.resolve(), printed as ratios.

Run: python benchmarks/network.py [--quick]

The peer is the obvious implementation an integrator writes without us: walk every element of
the same map in Microsoft's order with the standard library's ``ipaddress`` (``address in
network`` for each subnet, a string comparison for each BSSID, chassis and port), keeping the
best match. Targets (from the issue, not asserted in tests):

- resolve() on a map of 100,000 elements costs at most 2x what it costs on 100 elements;
- resolve() is at least 100x faster than the linear scan over the same 100,000 elements;
- microseconds per lookup for each element kind (access point, switch port, switch, IPv4
  prefix, IPv6 prefix, Teams network ID).
"""

from __future__ import annotations

import ipaddress
import platform
import sys
import timeit

from emergency_address import (
    ClientNetwork,
    EthernetSwitch,
    NetworkMap,
    Subnet,
    SwitchPort,
    WirelessAccessPoint,
)

QUICK = "--quick" in sys.argv
SIZES = (100, 100_000)


def elements(size: int) -> list[object]:
    """A wiremap of ``size`` elements: a sixth of each kind (IPv4 and IPv6 prefixes of varied
    lengths, Teams network IDs), with one client per kind known to match."""
    per = size // 6
    out: list[object] = []
    for i in range(per):
        out.append(WirelessAccessPoint(f"{i:012X}", location_id=f"ap-{i % 500}"))
        out.append(SwitchPort(f"02{i:010X}", f"G1/0/{i % 48}", location_id=f"desk-{i % 500}"))
        out.append(EthernetSwitch(f"04{i:010X}", location_id=f"floor-{i % 500}"))
        v4 = ipaddress.IPv4Network(((10 << 24) + (i << 8), (24, 25, 26, 27, 28)[i % 5]),
                                   strict=False)  # fmt: skip
        out.append(Subnet(v4, location_id=f"floor-{i % 500}"))
        v6 = ipaddress.IPv6Network(((0x20010DB8 << 96) + (i << 72), (56, 60, 64)[i % 3]),
                                   strict=False)  # fmt: skip
        out.append(Subnet(v6, location_id=f"floor-{i % 500}"))
        out.append(Subnet(str(ipaddress.IPv4Address((172 << 24) + (i << 8))),
                          location_id=f"floor-{i % 500}"))  # fmt: skip
    # a few covering prefixes, as real wiremaps have for buildings and campuses
    out.append(Subnet("10.0.0.0/8", location_id="campus"))
    out.append(Subnet("2001:db8::/32", location_id="campus"))
    return out


def clients(size: int) -> dict[str, ClientNetwork]:
    # The same position in the lists at both sizes (i divisible by 15), so that the client's
    # prefix has the same length at both sizes: the look-up tries lengths longest first.
    i = (size // 6) // 2 // 15 * 15
    return {
        "access point": ClientNetwork(bssid=f"{i:012X}", ip=f"10.0.{i % 250}.1"),
        "switch port": ClientNetwork(chassis_id=f"02{i:010X}", port_id=f"G1/0/{i % 48}"),
        "switch": ClientNetwork(chassis_id=f"04{i:010X}", port_id="G9/9/9"),
        "IPv4 prefix": ClientNetwork(ip=str(ipaddress.IPv4Address((10 << 24) + (i << 8) + 1))),
        "IPv6 prefix": ClientNetwork(
            ip=str(ipaddress.IPv6Address((0x20010DB8 << 96) + (i << 72) + 1))
        ),
        "network ID": ClientNetwork(subnet_id=str(ipaddress.IPv4Address((172 << 24) + (i << 8)))),
        "IPv6 /32 only": ClientNetwork(ip="2001:db8:ffff::1"),  # every length tried
        "no match": ClientNetwork(ip="192.0.2.1", bssid="FE-FE-FE-FE-FE-FE"),
    }


def linear(items: list[object], client: ClientNetwork) -> str | None:
    """The peer: every element, in Microsoft's order, with ipaddress."""
    best: tuple[tuple[int, ...], str] | None = None
    for element in items:
        rank: tuple[int, ...] | None = None
        if isinstance(element, WirelessAccessPoint):
            if client.bssid is not None and client.bssid.replace("-", "").startswith(
                element.prefix
            ):
                rank = (0, element.wildcard)
        elif isinstance(element, SwitchPort):
            if client.port_id is not None and (element.chassis_id, element.port_id) == (
                client.chassis_id,
                client.port_id,
            ):
                rank = (1,)
        elif isinstance(element, EthernetSwitch):
            if client.chassis_id is not None and element.chassis_id == client.chassis_id:
                rank = (2,)
        elif isinstance(element, Subnet):
            network = element.network
            if isinstance(network, ipaddress.IPv4Address | ipaddress.IPv6Address):
                if client.subnet_id == network:
                    rank = (3, 0)
            else:
                address = client.ip or client.subnet_id
                if address is not None and address in network:
                    rank = (3, 1, -network.prefixlen)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, element.location_id)  # type: ignore[attr-defined]
    return None if best is None else best[1]


def per_call(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number  # type: ignore[arg-type]


def main() -> None:
    print(f"machine: {platform.machine()} {platform.processor() or ''} Python "
          f"{platform.python_version()}")  # fmt: skip
    number = 2_000 if QUICK else 20_000
    cost: dict[int, dict[str, float]] = {}
    maps: dict[int, tuple[list[object], NetworkMap]] = {}
    for size in SIZES:
        items = elements(size)
        started = timeit.default_timer()
        wiremap = NetworkMap.build(items)  # type: ignore[arg-type]
        built = timeit.default_timer() - started
        maps[size] = (items, wiremap)
        print(f"\nmap of {len(wiremap):,} elements built in {built * 1000:.0f} ms")
        cost[size] = {}
        for kind, client in clients(size).items():
            found = wiremap.resolve(client)
            expected = linear(items, client)
            assert (found.location_id if found else None) == expected, (kind, found, expected)
            cost[size][kind] = per_call(lambda: wiremap.resolve(client), number)  # noqa: B023
            print(f"  resolve, {kind:<13} {cost[size][kind] * 1e6:6.2f} µs per lookup")
    small, large = SIZES
    print(f"\nresolve at {large:,} / at {small:,} elements (target <= 2x):")
    worst = 0.0
    for kind in cost[small]:
        ratio = cost[large][kind] / cost[small][kind]
        worst = max(worst, ratio)
        print(f"  {kind:<13} {ratio:5.2f}x")
    print(f"  worst         {worst:5.2f}x  {'OK' if worst <= 2 else 'MISSED'}")
    items, wiremap = maps[large]
    print(f"\nresolve vs a linear ipaddress scan of the same {large:,} elements (target >= 100x):")
    slowest = float("inf")
    for kind, client in clients(large).items():
        scan = per_call(lambda: linear(items, client), 1 if QUICK else 3)  # noqa: B023
        ratio = scan / cost[large][kind]
        slowest = min(slowest, ratio)
        print(f"  {kind:<13} scan {scan * 1e3:7.1f} ms, {ratio:9,.0f}x faster")
    print(f"  slowest       {slowest:9,.0f}x  {'OK' if slowest >= 100 else 'MISSED'}")


if __name__ == "__main__":
    main()
