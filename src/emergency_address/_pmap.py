"""A persistent (immutable, structure-sharing) mapping for the directory.

The keys are spread over up to 4096 plain dicts ("shards") by hash. A change copies the one
shard it touches and the tuple of shard references, never the whole mapping: a command on a
directory of a million numbers copies about a thousand entries. A batch of changes goes
through a :class:`Draft`, which copies each shard at most once, so building or loading is as
fast as filling dicts. A mapping is never changed after it is made: readers in other threads
always see a consistent version.

Shards are chosen by Python's ``hash``, which differs between processes, so a pickled mapping
is rebuilt from its items when it is loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

_TARGET = 1024  # entries per shard we aim at
_MAX_SHARDS = 4096
_EMPTY: dict[Any, Any] = {}  # shared by every empty shard; never written to (drafts copy first)
_MISSING = object()


def _shard_count(size: int) -> int:
    count = 1
    while count < _MAX_SHARDS and count * _TARGET < size:
        count *= 2
    return count


class _Sharded(Generic[K, V]):
    """The reading half shared by :class:`PMap` and :class:`Draft`."""

    __slots__ = ("_len", "_mask", "_shards")

    _shards: Sequence[dict[K, V]]
    _mask: int
    _len: int

    def __len__(self) -> int:
        return self._len

    def __contains__(self, key: object) -> bool:
        return key in self._shards[hash(key) & self._mask]

    def __getitem__(self, key: K) -> V:
        return self._shards[hash(key) & self._mask][key]

    def get(self, key: K, default: Any = None) -> Any:
        return self._shards[hash(key) & self._mask].get(key, default)

    def __iter__(self) -> Iterator[K]:
        for shard in self._shards:
            yield from shard

    def items(self) -> Iterator[tuple[K, V]]:
        for shard in self._shards:
            yield from shard.items()


class PMap(_Sharded[K, V]):
    """An immutable mapping; ``set``/``delete`` return new mappings sharing the rest."""

    __slots__ = ()

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        size = len(items) if items else 0
        count = _shard_count(size)
        shards: list[dict[K, V]] = [_EMPTY for _ in range(count)]
        if items:
            shards = [{} for _ in range(count)]
            mask = count - 1
            for key, value in items.items():
                shards[hash(key) & mask][key] = value
        self._shards: tuple[dict[K, V], ...] = tuple(shards)
        self._mask = count - 1
        self._len = size

    @classmethod
    def _of(cls, shards: tuple[dict[K, V], ...], size: int) -> PMap[K, V]:
        self = object.__new__(cls)
        self._shards = shards
        self._mask = len(shards) - 1
        self._len = size
        return self

    def values(self) -> Iterator[V]:
        for shard in self._shards:
            yield from shard.values()

    def set(self, key: K, value: V) -> PMap[K, V]:
        draft = self.draft()
        draft[key] = value
        return draft.finish()

    def delete(self, key: K) -> PMap[K, V]:
        draft = self.draft()
        del draft[key]
        return draft.finish()

    def draft(self) -> Draft[K, V]:
        """A mutable copy-on-write view for a batch of changes."""
        return Draft(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (PMap, (dict(self.items()),))

    def __repr__(self) -> str:
        return f"PMap({len(self)} items in {len(self._shards)} shards)"


class Draft(_Sharded[K, V]):
    """A batch of changes to a :class:`PMap`; each shard is copied on its first change."""

    __slots__ = ("_copied",)

    def __init__(self, base: PMap[K, V]) -> None:
        self._shards: list[dict[K, V]] = list(base._shards)
        self._mask = base._mask
        self._len = base._len
        self._copied: set[int] = set()

    def _writable(self, key: K) -> dict[K, V]:
        index = hash(key) & self._mask
        if index not in self._copied:
            self._shards[index] = dict(self._shards[index])
            self._copied.add(index)
        return self._shards[index]

    def __setitem__(self, key: K, value: V) -> None:
        shard = self._writable(key)
        if key not in shard:
            self._len += 1
        shard[key] = value

    def __delitem__(self, key: K) -> None:
        shard = self._writable(key)
        del shard[key]
        self._len -= 1

    def pop(self, key: K, default: Any = _MISSING) -> Any:
        if key not in self:
            if default is _MISSING:
                raise KeyError(key)
            return default
        value = self[key]
        del self[key]
        return value

    def finish(self) -> PMap[K, V]:
        """The new mapping; the draft must not be used afterwards."""
        shards = tuple(s if s else _EMPTY for s in self._shards)
        result: PMap[K, V] = PMap._of(shards, self._len)
        self._copied = set()  # the shards now belong to the result too: copy before writing
        if self._len > len(shards) * _TARGET * 2 and len(shards) < _MAX_SHARDS:
            return PMap(dict(result.items()))  # grown past its shards: spread it out again
        return result
