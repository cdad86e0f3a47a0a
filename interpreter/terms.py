"""Erlang terms as Python values, for the interpreter of the global semantics.

Python `==` on these values is Erlang's exact equality `=:=`: an Erlang float is an
`ErlFloat`, which never equals an integer, and atoms never equal Python strings.
Erlang's `==` and the standard term order are `equal` and `compare`.

| Erlang          | Python                                             |
|-----------------|----------------------------------------------------|
| integer         | `int` (never `bool`)                               |
| float           | `ErlFloat` (a `float` that is `=:=` only to floats) |
| atom            | `Atom` (a `str` that never equals a plain `str`)   |
| tuple           | `tuple`                                            |
| list, string    | `ErlList` (cons cells; `"abc"` is `[97,98,99]`)    |
| map             | `ErlMap` (immutable, hashable)                     |
| binary          | `bytes`                                            |
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cmp_to_key
from typing import Any

from choreo_erl.core.names import atom as _atom_source

Term = Any  # one of the Python types in the table above


class Atom(str):
    """An Erlang atom; distinct from the string (list) with the same letters."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Atom) and str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(("atom", str(self)))

    def __repr__(self) -> str:
        return f"Atom({str.__repr__(self)})"


TRUE, FALSE, OK, UNDEFINED = Atom("true"), Atom("false"), Atom("ok"), Atom("undefined")


def boolean(value: bool) -> Atom:
    return TRUE if value else FALSE


class ErlFloat(float):
    """An Erlang float: equal to `1` under `==` but not under `=:=` (Python `==`)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, float) and float.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = float.__hash__

    def __repr__(self) -> str:
        return f"ErlFloat({float.__repr__(self)})"


class ErlList:
    """An Erlang list as immutable cons cells, so `[H | T]` is O(1) both ways.

    `NIL` is the empty list. A cell's tail may be any term (an improper list).
    Each cell knows how many cells follow it and whether the chain ends in `[]`.
    """

    __slots__ = ("_head", "_tail", "_cells", "_proper", "_hash")

    def __init__(self, head: Term, tail: Term) -> None:
        """The cell `[head | tail]`."""
        self._head, self._tail, self._hash = head, tail, None
        if isinstance(tail, ErlList):
            self._cells, self._proper = tail._cells + 1, tail._proper
        else:
            self._cells, self._proper = 1, False

    @classmethod
    def _nil(cls) -> ErlList:
        nil = object.__new__(cls)
        nil._head = nil._tail = None
        nil._cells, nil._proper, nil._hash = 0, True, hash("[]")
        return nil

    @property
    def head(self) -> Term:
        if self._cells == 0:
            raise ValueError("the empty list has no head")
        return self._head

    @property
    def tail(self) -> Term:
        if self._cells == 0:
            raise ValueError("the empty list has no tail")
        return self._tail

    @property
    def is_proper(self) -> bool:
        return self._proper

    def __len__(self) -> int:
        """The number of cells (the length, for a proper list)."""
        return self._cells

    def __bool__(self) -> bool:
        return self._cells > 0

    def __iter__(self) -> Iterator[Term]:
        """The heads of the cells; an improper tail is not yielded."""
        node: Term = self
        while isinstance(node, ErlList) and node._cells:
            yield node._head
            node = node._tail

    def end(self) -> Term:
        """What the last cell's tail is: `NIL` for a proper list."""
        node: Term = self
        while isinstance(node, ErlList) and node._cells:
            node = node._tail
        return node

    def __eq__(self, other: object) -> bool:
        a: Term = self
        b: Term = other
        while isinstance(a, ErlList) and isinstance(b, ErlList):
            if a is b:
                return True
            if a._cells != b._cells or a._proper != b._proper:
                return False
            if not a._cells:
                return True
            if a._head != b._head:
                return False
            a, b = a._tail, b._tail
        if isinstance(a, ErlList) or isinstance(b, ErlList):
            return False
        return bool(a == b)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        if self._hash is None:
            pending: list[ErlList] = []
            node: Term = self
            while isinstance(node, ErlList) and node._hash is None:
                pending.append(node)
                node = node._tail
            h = node._hash if isinstance(node, ErlList) else hash(node)
            for cell in reversed(pending):
                h = hash((cell._head, h))
                cell._hash = h
        return self._hash  # type: ignore[return-value]

    def __repr__(self) -> str:
        items = ", ".join(repr(x) for x in self)
        end = self.end()
        return f"ErlList([{items}])" if end is NIL else f"ErlList([{items}], tail={end!r})"


NIL = ErlList._nil()


def erl_list(items: Iterable[Term], tail: Term = NIL) -> ErlList:
    """Build a list from Python values that are already terms."""
    out = tail
    for x in reversed(list(items)):
        out = ErlList(x, out)
    return out


def erl_string(text: str) -> ErlList:
    """An Erlang string: the list of the text's code points."""
    return erl_list(ord(c) for c in text)


class ErlMap(Mapping):
    """An immutable Erlang map; keys are matched exactly (`=:=`), as in Erlang."""

    __slots__ = ("_d", "_hash")

    def __init__(self, items: Mapping[Term, Term] | Iterable[tuple[Term, Term]] = ()) -> None:
        self._d: dict[Term, Term] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: Term) -> Term:
        return self._d[key]

    def __iter__(self) -> Iterator[Term]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def put(self, key: Term, value: Term) -> ErlMap:
        d = dict(self._d)
        d[key] = value
        return ErlMap(d)

    def remove(self, key: Term) -> ErlMap:
        d = dict(self._d)
        d.pop(key, None)
        return ErlMap(d)

    def sorted_items(self) -> list[tuple[Term, Term]]:
        """Items in the order Erlang prints and lists them: keys in term order."""
        return sorted(self._d.items(), key=lambda kv: _EXACT_KEY(kv[0]))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ErlMap) and self._d == other._d

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._d.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"ErlMap({self._d!r})"


# ---------------------------------------------------------------- from Python


def to_term(value: object) -> Term:
    """Python data as a term: `bool` -> atom, `float` -> ErlFloat, `str` -> string (list),
    `list` -> ErlList, `dict` -> ErlMap; terms are returned unchanged."""
    if isinstance(value, bool):
        return boolean(value)
    if isinstance(value, (Atom, int, ErlFloat, bytes, ErlList, ErlMap)):
        return value
    if isinstance(value, float):
        return ErlFloat(value)
    if isinstance(value, str):
        return erl_string(value)
    if isinstance(value, tuple):
        return tuple(to_term(x) for x in value)
    if isinstance(value, list):
        return erl_list(to_term(x) for x in value)
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, Mapping):
        return ErlMap((to_term(k), to_term(v)) for k, v in value.items())
    raise TypeError(f"{value!r} ({type(value).__name__}) has no Erlang term")


# ---------------------------------------------------------------- term order


def is_number(t: Term) -> bool:
    return isinstance(t, (int, float)) and not isinstance(t, bool)


def _rank(t: Term) -> int:
    """number < atom < tuple < map < [] < [_|_] < binary (no refs, funs, ports, pids)."""
    if isinstance(t, Atom):
        return 1
    if is_number(t):
        return 0
    if isinstance(t, tuple):
        return 2
    if isinstance(t, ErlMap):
        return 3
    if isinstance(t, ErlList):
        return 5 if t else 4
    if isinstance(t, bytes):
        return 6
    raise TypeError(f"{t!r} is not an Erlang term")


def _sign(a: Any, b: Any) -> int:
    return (a > b) - (a < b)


def compare(a: Term, b: Term) -> int:
    """Erlang's standard order: -1, 0 or 1; `1` and `1.0` compare equal (as with `==`)."""
    if type(a) is int and type(b) is int:  # the common case, fast
        return (a > b) - (a < b)
    while True:
        ra, rb = _rank(a), _rank(b)
        if ra != rb:
            return _sign(ra, rb)
        if ra in (0, 1, 6):
            return _sign(a, b)
        if ra == 4:
            return 0
        if ra == 2:
            if len(a) != len(b):
                return _sign(len(a), len(b))
            for x, y in zip(a, b, strict=True):
                c = compare(x, y)
                if c:
                    return c
            return 0
        if ra == 3:
            return _compare_maps(a, b)
        c = compare(a.head, b.head)  # two non-empty lists: heads, then tails
        if c:
            return c
        a, b = a.tail, b.tail


def _compare_maps(a: ErlMap, b: ErlMap) -> int:
    """By size, then keys in (exact) order, then values in key order."""
    if len(a) != len(b):
        return _sign(len(a), len(b))
    ia, ib = a.sorted_items(), b.sorted_items()
    for (ka, _), (kb, _) in zip(ia, ib, strict=True):
        c = compare_exact(ka, kb)
        if c:
            return c
    for (_, va), (_, vb) in zip(ia, ib, strict=True):
        c = compare(va, vb)
        if c:
            return c
    return 0


def compare_exact(a: Term, b: Term) -> int:
    """Term order where an integer comes before the equal float (the order of map keys)."""
    c = compare(a, b)
    if c or a == b:
        return c
    return _exact_tiebreak(a, b)


def _exact_tiebreak(a: Term, b: Term) -> int:
    if is_number(a) and is_number(b):
        return _sign(isinstance(a, float), isinstance(b, float))
    if isinstance(a, tuple):
        for x, y in zip(a, b, strict=True):
            c = compare_exact(x, y)
            if c:
                return c
        return 0
    if isinstance(a, ErlMap):  # the keys are exactly equal: values in key order
        for (_, va), (_, vb) in zip(a.sorted_items(), b.sorted_items(), strict=True):
            c = compare_exact(va, vb)
            if c:
                return c
        return 0
    if isinstance(a, ErlList):
        while isinstance(a, ErlList) and a and isinstance(b, ErlList) and b:
            c = compare_exact(a.head, b.head)
            if c:
                return c
            a, b = a.tail, b.tail
        return compare_exact(a, b)
    return 0


sort_key = cmp_to_key(compare)
_EXACT_KEY = cmp_to_key(compare_exact)


def equal(a: Term, b: Term) -> bool:
    """Erlang's `==`."""
    return compare(a, b) == 0


# ---------------------------------------------------------------- printing


def format_float(f: float) -> str:
    """The shortest text that reads back as `f`, in Erlang syntax (`1.0e20`, not `1e+20`)."""
    text = repr(float(f))
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    if not exponent:
        return mantissa
    return f"{mantissa}e{int(exponent)}"


def _format_binary(b: bytes) -> str:
    if b and all(32 <= c < 127 for c in b):
        text = b.decode("ascii").replace("\\", "\\\\").replace('"', '\\"')
        return f'<<"{text}">>'
    return "<<" + ",".join(str(c) for c in b) + ">>"


def format_term(t: Term) -> str:
    """A term in Erlang syntax, as `io:format("~w")` prints it: `{ok,[1,2]}`."""
    if isinstance(t, Atom):
        return _atom_source(str(t))
    if isinstance(t, bool):
        raise TypeError("a Python bool is not a term; use TRUE or FALSE")
    if isinstance(t, int):
        return str(t)
    if isinstance(t, float):
        return format_float(t)
    if isinstance(t, tuple):
        return "{" + ",".join(format_term(x) for x in t) + "}"
    if isinstance(t, ErlList):
        inner = ",".join(format_term(x) for x in t)
        end = t.end()
        if not isinstance(end, ErlList):
            inner += "|" + format_term(end)
        return f"[{inner}]"
    if isinstance(t, ErlMap):
        return "#{" + ",".join(f"{format_term(k)}=>{format_term(v)}"
                               for k, v in t.sorted_items()) + "}"
    if isinstance(t, bytes):
        return _format_binary(t)
    raise TypeError(f"{t!r} is not an Erlang term")
