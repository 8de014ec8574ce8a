"""The persistent mapping behind the directory, checked against a dict (model-based)."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from emergency_address._pmap import PMap

KEYS = st.text(max_size=4) | st.integers(-50, 50)
OPS = st.lists(
    st.tuples(st.sampled_from(["set", "delete", "draft_set", "draft_delete"]), KEYS, st.integers())
)


@given(st.dictionaries(KEYS, st.integers(), max_size=50), OPS)
def test_behaves_like_a_dict_and_never_changes_old_versions(start: dict, ops: list) -> None:
    model = dict(start)
    current = PMap(start)
    versions = [(current, dict(model))]
    draft = None
    for op, key, value in ops:
        if op == "set":
            current = current.set(key, value)
            model[key] = value
        elif op == "delete" and key in model:
            current = current.delete(key)
            del model[key]
        elif op == "draft_set":
            draft = current.draft()
            draft[key] = value
            draft[key] = value  # twice: counted once
            current = draft.finish()
            draft[key] = value + 1  # after finish: must not leak into `current`
            model[key] = value
        elif op == "draft_delete" and key in model:
            draft = current.draft()
            assert draft.pop(key) == model.pop(key)
            current = draft.finish()
        versions.append((current, dict(model)))
    for version, expected in versions:
        assert dict(version.items()) == expected
        assert len(version) == len(expected)
        for key in expected:
            assert key in version
            assert version[key] == expected[key]
            assert version.get(key) == expected[key]


def test_grows_its_shards_and_keeps_every_item() -> None:
    items = {f"+1206555{i:04d}": i for i in range(10_000)}
    grown = PMap[str, int]()
    draft = grown.draft()
    for key, value in items.items():
        draft[key] = value
    grown = draft.finish()
    assert dict(grown.items()) == items
    assert len(grown._shards) > 1


def test_a_change_copies_one_shard_only() -> None:
    big = PMap({i: i for i in range(100_000)})
    changed = big.set(5, -5)
    shared = sum(a is b for a, b in zip(big._shards, changed._shards, strict=True))
    assert shared == len(big._shards) - 1
    assert big[5] == 5
    assert changed[5] == -5


def test_pickles_across_processes_by_its_items() -> None:
    original = PMap({"a": 1, "b": 2})
    assert dict(pickle.loads(pickle.dumps(original)).items()) == {"a": 1, "b": 2}
