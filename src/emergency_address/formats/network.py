"""Teams LIS network elements as CSV, and a PIDF-LO for the location a call carries.

One CSV file per element kind, with the columns the ``Get-CsOnlineLis*`` cmdlets print and the
``Set-CsOnlineLis*`` cmdlets take as parameters, so that an export piped through
``Export-Csv`` reads back and a file written here feeds ``Import-Csv | Set-CsOnlineLis...``:

| kind | columns | source |
|---|---|---|
| subnet | Subnet, LocationId, Description | ``Set-CsOnlineLisSubnet`` parameters |
| access point | BSSID, LocationId, Description | ``Get-CsOnlineLisWirelessAccessPoint`` |
| switch | ChassisID, LocationId, Description | ``Get-CsOnlineLisSwitch`` output |
| port | PortID, ChassisID, LocationId, Description | ``Get-CsOnlineLisPort`` output |

(MicrosoftDocs/office-docs-powershell, teams/teams-ps/MicrosoftTeams/; the access point,
switch and port columns are the documented example output, high confidence; the subnet
export's columns are not shown there and are taken to be the ``Set-`` parameter names, as for
the other three: medium confidence.)

Files are read and written with the library's shared CSV rules, as the address CSV is: header
names match whatever their case, a leading ``#TYPE`` line (Windows PowerShell's ``Export-Csv``)
and a byte-order mark are skipped, other columns are ignored; a quote left open, a NUL or bytes
that are not UTF-8 are refused at their line, and every bad row is reported at once with its
line and column. Cells a spreadsheet would run as a formula are written behind a single quote
(OWASP's advice against CSV injection) and the quote is taken off on reading.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from emergency_address._address import EmergencyAddress
from emergency_address._call_location import CallLocation
from emergency_address._network import (
    EthernetSwitch,
    NetworkElement,
    NetworkMap,
    Subnet,
    SwitchPort,
    WirelessAccessPoint,
)
from emergency_address.exceptions import (
    FieldError,
    InvalidAddressError,
    InvalidNetworkError,
    NotFoundError,
)
from emergency_address.formats._csv import CsvRows, check_file, neutralise, open_rows, restore

if TYPE_CHECKING:
    from emergency_address._directory import EmergencyDirectory

__all__ = ["COLUMNS", "KINDS", "read_csv", "read_map", "to_csv_text", "to_pidf_lo", "write_csv"]

KINDS = ("subnet", "wireless_access_point", "switch", "switch_port")
COLUMNS = {
    "subnet": ("Subnet", "LocationId", "Description"),
    "wireless_access_point": ("BSSID", "LocationId", "Description"),
    "switch": ("ChassisID", "LocationId", "Description"),
    "switch_port": ("PortID", "ChassisID", "LocationId", "Description"),
}
_KIND_OF = {
    Subnet: "subnet",
    WirelessAccessPoint: "wireless_access_point",
    EthernetSwitch: "switch",
    SwitchPort: "switch_port",
}
# Our field name -> the column that carries it, for error messages.
_COLUMN_OF = {
    "network": "Subnet",
    "bssid": "BSSID",
    "chassis_id": "ChassisID",
    "port_id": "PortID",
    "location_id": "LocationId",
    "description": "Description",
}


# --- writing -----------------------------------------------------------------------------------


def _row(element: NetworkElement, for_teams: bool) -> dict[str, str]:
    row = {"LocationId": element.location_id, "Description": element.description or ""}
    if isinstance(element, Subnet):
        if for_teams and not element.is_network_id:
            raise InvalidNetworkError(
                [
                    FieldError(
                        "Subnet",
                        "INVALID",
                        f"Teams LIS keeps a subnet by its network ID, not a prefix: {element} "
                        "cannot be imported; give the network ID clients report, or pass "
                        "for_teams=False to keep the prefix",
                    )
                ]
            )
        row["Subnet"] = str(element.network)
    elif isinstance(element, WirelessAccessPoint):
        row["BSSID"] = element.bssid
    elif isinstance(element, SwitchPort):
        row["PortID"], row["ChassisID"] = element.port_id, element.chassis_id
    else:
        row["ChassisID"] = element.chassis_id
    return row


def _write(elements: Iterable[NetworkElement], stream: IO[str], for_teams: bool) -> None:
    if isinstance(elements, str | bytes) or not isinstance(elements, Iterable):
        found = type(elements).__name__
        raise TypeError(f"elements: expected an iterable of network elements, got {found}")
    items = list(elements)
    kinds = set()
    for position, element in enumerate(items):
        kind = _KIND_OF.get(type(element))
        if kind is None:
            raise TypeError(
                f"elements[{position}]: expected a network element, got {type(element).__name__}"
            )
        kinds.add(kind)
    if len(kinds) > 1:
        raise InvalidNetworkError(
            [
                FieldError(
                    "elements",
                    "INVALID",
                    "one element kind per file, as the Teams cmdlets take them; got "
                    + ", ".join(sorted(kinds)),
                )
            ]
        )
    columns = COLUMNS[kinds.pop()] if kinds else COLUMNS["subnet"]
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for element in items:
        writer.writerow({k: neutralise(v) for k, v in _row(element, for_teams).items()})


def write_csv(
    elements: Iterable[NetworkElement],
    file: IO[str] | str | os.PathLike[str],
    *,
    for_teams: bool = True,
) -> None:
    """Write elements of one kind as a Teams LIS CSV (the columns of that kind's cmdlets).

    Args:
        elements: elements of one kind (a map's elements of one kind, say).
        file: a text stream (opened with ``newline=""``) or a path (written as UTF-8).
        for_teams: refuse CIDR prefixes, which Teams LIS cannot hold (it keeps network IDs).

    Raises:
        InvalidNetworkError: elements of several kinds, or a prefix while ``for_teams``.
        TypeError: something that is not a network element.
    """
    check_file(file, "file", writing=True)
    if isinstance(file, str | os.PathLike):
        buffer = io.StringIO(newline="")
        _write(elements, buffer, for_teams)  # all or nothing: no half-written file
        with open(file, "w", encoding="utf-8", newline="") as stream:
            stream.write(buffer.getvalue())
    else:
        _write(elements, file, for_teams)


def to_csv_text(elements: Iterable[NetworkElement], *, for_teams: bool = True) -> str:
    """The CSV as a string."""
    buffer = io.StringIO(newline="")
    _write(elements, buffer, for_teams)
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------


def _detect(positions: dict[str, int]) -> str | None:
    for column, kind in (
        ("BSSID", "wireless_access_point"),
        ("PortID", "switch_port"),
        ("ChassisID", "switch"),
        ("Subnet", "subnet"),
    ):
        if column in positions:
            return kind
    return None


def _build(kind: str, cells: dict[str, str]) -> NetworkElement:
    location = cells.get("LocationId", "")
    description = cells.get("Description") or None
    if kind == "subnet":
        return Subnet(cells.get("Subnet", ""), location_id=location, description=description)
    if kind == "wireless_access_point":
        return WirelessAccessPoint(
            cells.get("BSSID", ""), location_id=location, description=description
        )
    if kind == "switch":
        return EthernetSwitch(
            cells.get("ChassisID", ""), location_id=location, description=description
        )
    return SwitchPort(
        cells.get("ChassisID", ""),
        cells.get("PortID", ""),
        location_id=location,
        description=description,
    )


_ALL_COLUMNS = ("Subnet", "BSSID", "ChassisID", "PortID", "LocationId", "Description")


def read_csv(
    file: IO[str] | str | os.PathLike[str], *, kind: str | None = None
) -> tuple[NetworkElement, ...]:
    """Read one kind of Teams LIS network element from a CSV export or import file.

    The file is opened as every CSV reader of the library opens one: UTF-8, or UTF-16/32 with
    a byte-order mark; a ``#TYPE`` line skipped; header names bound whatever their case; a
    quote left open, a NUL or bytes that are not UTF-8 refused at their line.

    Args:
        file: a text stream (opened with ``newline=""``) or a path.
        kind: ``"subnet"``, ``"wireless_access_point"``, ``"switch"`` or ``"switch_port"``; by
            default it is told from the header (``BSSID``, ``PortID``, ``ChassisID`` or
            ``Subnet``, in that order).

    Returns:
        the elements in file order; a row repeated exactly counts once.

    Raises:
        InvalidNetworkError: every bad row at once, each error's ``field`` naming the line and
            the column (``"line 7, BSSID"``); a malformed file or a header without the kind's
            columns.
        TypeError: ``file`` is neither a path nor a text stream.
    """
    if kind is not None and not isinstance(kind, str):
        raise TypeError(f"kind: expected str or None, got {type(kind).__name__}")
    if kind is not None and kind not in KINDS:
        message = f"expected one of {', '.join(KINDS)}, got {kind[:60]!r}"
        raise InvalidNetworkError([FieldError("kind", "INVALID", message)])
    try:
        with open_rows(file) as rows:
            return _read(rows, kind)
    except InvalidNetworkError:
        raise
    except InvalidAddressError as error:  # the shared reader's refusals, as ours
        raise InvalidNetworkError(error.errors) from None


def _read(rows: CsvRows, kind: str | None) -> tuple[NetworkElement, ...]:
    positions = rows.read_header(_ALL_COLUMNS, ())
    header_line = f"line {rows._offset + 1}"  # after a #TYPE line, if there was one
    kind = kind or _detect(positions)
    if kind is None:
        raise InvalidNetworkError(
            [
                FieldError(
                    header_line,
                    "REQUIRED",
                    "the header names no element kind: expected a Subnet, BSSID, ChassisID or "
                    "PortID column",
                )
            ]
        )
    columns = COLUMNS[kind]
    missing = [c for c in columns if c != "Description" and c not in positions]
    if missing:
        raise InvalidNetworkError(
            [
                FieldError(
                    header_line,
                    "REQUIRED",
                    f"the header lacks the column(s) {', '.join(missing)}",
                )
            ]
        )
    wanted = [(c, positions[c]) for c in columns if c in positions]
    errors: list[FieldError] = []
    elements: list[NetworkElement] = []
    first_line: dict[Any, tuple[int, NetworkElement]] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        cells = {c: restore(row[i].strip()) for c, i in wanted if i < len(row)}
        try:
            element = _build(kind, cells)
        except InvalidAddressError as error:
            for field, code, message in error.errors:
                errors.append(FieldError(f"line {line}, {_COLUMN_OF.get(field, field)}", code,
                                         message))  # fmt: skip
            continue
        seen = first_line.get(element.key)
        if seen is not None:
            if seen[1] != element:
                errors.append(
                    FieldError(
                        f"line {line}, LocationId",
                        "DUPLICATE",
                        f"{element} is also on line {seen[0]} with location "
                        f"{seen[1].location_id!r}",
                    )
                )
            continue
        first_line[element.key] = (line, element)
        elements.append(element)
    if errors:
        raise InvalidNetworkError(errors)
    return tuple(elements)


def read_map(*files: IO[str] | str | os.PathLike[str]) -> NetworkMap:
    """A network map from several CSV files (one per element kind, as Teams exports them).

    Raises:
        InvalidNetworkError: a bad row in any file (the field names the file when it is a
            path), or elements the map refuses (an exact BSSID inside a wildcard for the same
            location).
    """
    elements: list[NetworkElement] = []
    errors: list[FieldError] = []
    for file in files:
        try:
            elements.extend(read_csv(file))
        except InvalidNetworkError as error:
            name = f"{os.fspath(file)}: " if isinstance(file, str | os.PathLike) else ""
            errors.extend(FieldError(f"{name}{f}", c, m) for f, c, m in error.errors)
    if errors:
        raise InvalidNetworkError(errors)
    return NetworkMap.build(elements)


# --- PIDF-LO -----------------------------------------------------------------------------------


def to_pidf_lo(
    call: CallLocation,
    *,
    entity: str,
    directory: EmergencyDirectory | None = None,
    timestamp: dt.datetime | None = None,
) -> str:
    """A PIDF-LO for the location a call carries, its ``method`` saying how it was found.

    ``802.11`` for an access point match, ``Wiremap`` for a switch, port or subnet match, the
    entered location's own method (``Manual`` by default) for a user's or the operating
    system's location, ``Manual`` for the static assignment. The document itself is
    [formats.pidf.to_pidf_lo][emergency_address.formats.pidf.to_pidf_lo]'s.

    Args:
        call: what [call_location][emergency_address.call_location] chose.
        entity: the presence entity (``"sip:+12065550142@example.com"``).
        directory: the [EmergencyDirectory][emergency_address.EmergencyDirectory] holding the
            location, for the network and static sources.
        timestamp: when the location was determined (timezone-aware); for an entered
            location, its ``at`` when not given.

    Raises:
        NotFoundError: a network or static location the directory lacks (or no directory).
        PidfError: a bad entity or timestamp.
    """
    from emergency_address.formats import pidf

    if not isinstance(call, CallLocation):
        raise TypeError(f"call: expected CallLocation, got {type(call).__name__}")
    from emergency_address._directory import EmergencyDirectory as Directory

    if directory is not None and not isinstance(directory, Directory):
        raise TypeError(f"directory: expected EmergencyDirectory, got {type(directory).__name__}")
    if call.location_id is not None:
        if directory is None:
            raise NotFoundError("location", call.location_id, "(pass the directory that holds it)")
        address = directory.location_owner(call.location_id)
        return pidf.to_pidf_lo(
            address, call.location_id, entity=entity, method=call.method, timestamp=timestamp
        )
    assert call.entered is not None
    entered = call.entered
    holder = EmergencyAddress(id="entered", civic=entered.civic, geo=entered.geo)
    return pidf.to_pidf_lo(
        holder,
        entity=entity,
        method=call.method,
        timestamp=timestamp if timestamp is not None else entered.at,
    )
