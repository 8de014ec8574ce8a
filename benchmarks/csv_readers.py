"""What hostile CSV files cost the readers: each refusal against reading a benign file.

Each hostile file is a numbers file of about 10 MB whose trouble starts on line 2 (a stray
quote, a NUL, a Latin-1 byte) or in the header (a column named twice). The peer is
``csv.reader`` passing over the same bytes decoded as UTF-8 with nothing built, the least any
reader must do; the second peer is ``read_numbers_csv`` on a benign file of 10,000 rows.

Usage: ``python benchmarks/csv_readers.py [--quick]``.
"""

from __future__ import annotations

import csv
import io
import platform
import sys
import tempfile
import timeit
from pathlib import Path

from emergency_address.exceptions import InvalidAddressError
from emergency_address.formats.numbers import read_numbers_csv

QUICK = "--quick" in sys.argv


def rows(count: int) -> list[str]:
    return [f"+1206555{i % 10000:04d},user{i},loc{i % 50}" for i in range(count)]


def files(directory: Path) -> dict[str, Path]:
    body = rows(300_000)  # about 10 MB
    header = "Number,User,LocationId"
    texts = {
        "stray quote on line 2": [header, '+12065550000,"ana', *body],
        "NUL on line 2": [header, "+12065550000,a\x00na", *body],
        "Latin-1 byte on line 2": [header, "+12065550000,Zo\xeb", *body],
        "a column named twice": ["Number,User,user", *body],
    }
    paths = {}
    for name, lines in texts.items():
        path = directory / f"{len(paths)}.csv"
        data = "\r\n".join(lines).encode("utf-8")
        if "Latin-1" in name:
            data = data.replace("Zo\xeb".encode(), b"Zo\xeb")
        path.write_bytes(data)
        paths[name] = path
    return paths


def best(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=3 if QUICK else 5)) / number  # type: ignore[arg-type]


def refuse(path: Path) -> None:
    try:
        read_numbers_csv(path)
    except InvalidAddressError:
        return
    raise AssertionError(f"{path} was not refused")


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = files(Path(tmp))
        benign = Path(tmp) / "benign.csv"
        benign.write_text("\r\n".join(["Number,User,LocationId", *rows(10_000)]), encoding="utf-8")
        size = paths["stray quote on line 2"].stat().st_size

        def peer() -> None:
            with open(paths["stray quote on line 2"], encoding="utf-8", newline="") as stream:
                for _ in csv.reader(io.StringIO(stream.read().replace('"', ""))):
                    pass

        t_peer = best(peer, 1)
        t_benign = best(lambda: read_numbers_csv(benign), 1)
        print(f"csv.reader over {size / 1e6:.1f} MB (peer)        {t_peer * 1e3:8.1f} ms")
        print(f"read_numbers_csv, 10,000 benign rows   {t_benign * 1e3:8.1f} ms")
        for name, path in paths.items():
            t = best(lambda path=path: refuse(path), 3)
            print(f"refused: {name:<30} {t * 1e3:8.2f} ms  {t / t_peer:6.3f}x the peer")


if __name__ == "__main__":
    main()
