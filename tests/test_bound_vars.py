"""The shared-structure sets of the state machine builder (backends/erlang/bound_vars.py)
behave as frozensets, and adding to one does not copy what it holds."""

from __future__ import annotations

import random
import sys

from choreo_erl.backends.erlang.bound_vars import Bound, Rest, meet


def test_bound_behaves_as_a_frozenset() -> None:
    rng = random.Random(3)
    names = [f"V{i}" for i in range(300)] + ["_", "X", "Ctx_"]
    for _ in range(200):
        plain: frozenset[str] = frozenset()
        shared = Bound()
        history = []
        for _ in range(rng.randint(1, 60)):
            add = rng.sample(names, rng.randint(0, 4))
            plain, shared = plain | frozenset(add), shared | add
            history.append((plain, shared))
            probe = frozenset(rng.sample(names, 5))
            assert probe & shared == probe & plain
            assert probe - shared == probe - plain
            assert all((n in shared) == (n in plain) for n in probe)
        assert shared == plain and len(shared) == len(plain)
        # Older versions are untouched by later additions.
        for p, s in history:
            assert frozenset(s) == p
        (p1, s1), (p2, s2) = rng.choice(history), rng.choice(history)
        assert frozenset(meet([s1, s2 | ["Extra"]])) == p1 & (p2 | {"Extra"})
        assert s1 & frozenset(names[:50]) == p1 & frozenset(names[:50])


def test_adding_a_name_copies_little() -> None:
    big = Bound.of(f"V{i}" for i in range(20_000))
    bigger = big | ["New"]
    # Two tables of 64 slots and one bucket, not 20,000 names.
    copied = sys.getsizeof(bigger._root) + max(
        sys.getsizeof(r) for r, old in zip(bigger._root, big._root, strict=True) if r is not old)
    assert copied < 2 * sys.getsizeof(tuple(range(64))) + 200
    assert "New" in bigger and "New" not in big


def test_rest_is_a_view_of_the_tail() -> None:
    body = tuple(range(10))
    rest = Rest(body, 3)
    assert list(rest) == list(body[3:]) and len(rest) == 7 and rest[0] == 3
    assert list(rest[2:]) == list(body[5:]) and rest[-1] == 9
    assert not Rest(body, 10) and list(Rest(rest, 4)) == [7, 8, 9]
