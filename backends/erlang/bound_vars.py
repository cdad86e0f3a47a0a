"""Sets of bound variables that share structure, and views of a body's rest.

The state machine builder walks a role's body recursively, one frame per
instruction, and each frame keeps the set of variables bound at its point. With
plain frozensets every binding copied the whole set, so a role that binds N
variables in one long body held N sets of up to N names at once: memory and time
quadratic in the length of a choreography (11 GB at 20,000 statements).

`Bound` is a persistent set: adding names copies two small tables and one short
bucket, and the old set stays valid, so memory grows with what is added, not with
what is already there. `Rest` is the tail of a body without copying it (the
receive at position i continues with body[i + 1:], once per receive).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

_BITS = 6
_WIDTH = 1 << _BITS
_MASK = _WIDTH - 1
_EMPTY_ROW: tuple = (None,) * _WIDTH


class Bound:
    """An immutable set of names: a two-level table of 64 x 64 buckets by hash."""

    __slots__ = ("_root",)

    def __init__(self, root: tuple | None = None) -> None:
        self._root = root

    @classmethod
    def of(cls, names: Iterable[str]) -> Bound:
        return cls() | names

    def __contains__(self, name: object) -> bool:
        root = self._root
        if root is None:
            return False
        h = hash(name)
        row = root[h & _MASK]
        if row is None:
            return False
        bucket = row[(h >> _BITS) & _MASK]
        return bucket is not None and name in bucket

    def __or__(self, names: Iterable[str]) -> Bound:
        new = [n for n in dict.fromkeys(names) if n not in self]
        if not new:
            return self
        root = list(self._root if self._root is not None else _EMPTY_ROW)
        rows: dict[int, list] = {}
        for n in new:
            h = hash(n)
            i, j = h & _MASK, (h >> _BITS) & _MASK
            row = rows.get(i)
            if row is None:
                row = rows[i] = list(root[i] if root[i] is not None else _EMPTY_ROW)
            bucket = row[j]
            row[j] = (n,) if bucket is None else bucket + (n,)
        for i, row in rows.items():
            root[i] = tuple(row)
        return Bound(tuple(root))

    def __and__(self, other: object):
        """Intersection; with another Bound, shared parts are kept without a look."""
        if not isinstance(other, Bound):
            return frozenset(n for n in other if n in self)  # type: ignore[attr-defined]
        if self is other:
            return self
        ra, rb = self._root, other._root
        if ra is None or rb is None:
            return Bound()
        root = []
        for i in range(_WIDTH):
            a, b = ra[i], rb[i]
            if a is b or a is None or b is None:
                root.append(a if a is b else None)
                continue
            row = []
            for j in range(_WIDTH):
                x, y = a[j], b[j]
                if x is y or x is None or y is None:
                    row.append(x if x is y else None)
                else:
                    row.append(tuple(n for n in x if n in y) or None)
            root.append(tuple(row) if any(r is not None for r in row) else None)
        return Bound(tuple(root))

    def __rand__(self, names: Iterable[str]) -> frozenset[str]:
        return frozenset(n for n in names if n in self)

    def __rsub__(self, names: Iterable[str]) -> frozenset[str]:
        return frozenset(n for n in names if n not in self)

    def __iter__(self) -> Iterator[str]:
        for row in self._root or ():
            for bucket in row or ():
                yield from bucket or ()

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return self._root is not None and any(r is not None for r in self._root)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Bound, frozenset, set)):
            return frozenset(self) == frozenset(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Bound({sorted(self)!r})"


def meet(sets: list) -> Bound | frozenset[str]:
    """The intersection of one or more sets (Bound or frozenset)."""
    out = sets[0]
    for s in sets[1:]:
        out = out & s
    return out


class Rest(Sequence):
    """body[start:] without the copy."""

    __slots__ = ("_body", "_start")

    def __init__(self, body: Sequence, start: int) -> None:
        if isinstance(body, Rest):
            body, start = body._body, body._start + start
        self._body = body
        self._start = start

    def __len__(self) -> int:
        return max(len(self._body) - self._start, 0)

    def __getitem__(self, i):
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step == 1 and stop == len(self):
                return Rest(self._body, self._start + start)
            return tuple(self._body[self._start + start:self._start + stop:step])
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._body[self._start + i]

    def __iter__(self) -> Iterator:
        body = self._body
        for i in range(self._start, len(body)):
            yield body[i]

    def __bool__(self) -> bool:
        return len(self._body) > self._start
