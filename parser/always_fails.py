"""Operators on literal values that always raise.

erlc works such an operation out when it compiles the generated code, and under
`warnings_as_errors` refuses the module ("evaluation of operator '/'/2 will fail with a
'badarith' exception"), so `check` reports it first (E0605). Like erlc, only operands
that are literals, or operations on literals, are looked at: `1 / 0`, `a + 1`,
`not 1`, `[1] -- 2`, `-(2 * a)`; not `X / 0` (what `X` holds is not looked at here).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from choreo_erl.parser import ast as A
from choreo_erl.parser.exprs import value_nodes


class _Atom(str):
    """An atom's name, told apart from numbers and other literals."""


class _Other:
    """A value that is not a number or an atom: whether it is a proper list, and if it
    is, whether it is empty (None: not known), is all that matters here."""

    def __init__(self, is_list: bool, empty: bool | None = None) -> None:
        self.is_list = is_list
        self.empty = empty


_FAILS = object()
_BOOL = {"true", "false"}
_ARITH = {"+", "-", "*", "/"}
_INT_ONLY = {"div", "rem", "band", "bor", "bxor", "bsl", "bsr"}
_BOOL_OPS = {"and", "or", "xor"}
_COMPARE = {"==", "/=", "=<", "<", ">=", ">", "=:=", "=/="}


def failures(e: A.Expr) -> Iterator[tuple[A.Expr, str]]:
    """The operations of `e` that always raise, each with the error it raises
    (`badarith` or `badarg`); only the innermost of nested ones."""
    for x in value_nodes(e):
        if isinstance(x, (A.BinOp, A.UnOp)):
            why = _raises(x)
            if why is not None:
                yield x, why


def _raises(x: A.BinOp | A.UnOp) -> str | None:
    if _operate(x) is _FAILS:
        return "badarg" if x.op in _BOOL_OPS | {"not", "++", "--"} else "badarith"
    return None


def _operate(x: A.BinOp | A.UnOp) -> object:
    """`x` applied to its operands' values: its value, _FAILS, or None when an
    operand's value is not known here."""
    operands = [x.left, x.right] if isinstance(x, A.BinOp) else [x.operand]
    values = [_value(o) for o in operands]
    if any(v is None for v in values):
        return None
    return _apply(x.op, values)


def _value(e: A.Expr) -> object | None:
    """What a literal expression evaluates to, as far as the operators need; None when
    it is not a literal or an operation on literals, or raises."""
    if isinstance(e, (A.Int, A.Char, A.Float)):
        return e.value
    if isinstance(e, A.Atom):
        return _Atom(e.value)
    if isinstance(e, A.String):
        return _Other(is_list=True, empty=e.value == "")
    if isinstance(e, A.List):
        if e.tail is None and all(_value(x) is not None for x in e.elems):
            return _Other(is_list=True, empty=not e.elems)
        return None
    if isinstance(e, A.Tuple):
        return _Other(is_list=False) if all(_value(x) is not None for x in e.elems) else None
    if isinstance(e, (A.BinOp, A.UnOp)):
        out = _operate(e)
        return None if out is _FAILS else out
    return None


def _compare(op: str, a: object, b: object) -> object:
    """A comparison of numbers and atoms (numbers sort before atoms), as a boolean
    atom; None for other terms, which are not ordered here."""
    if not all(_number(v) or isinstance(v, _Atom) for v in (a, b)):
        return None
    if op in ("=:=", "=/="):
        same = type(a) is type(b) and a == b
        return _Atom(str(same if op == "=:=" else not same).lower())
    key = [(0, v) if _number(v) else (1, v) for v in (a, b)]
    result = {"==": key[0] == key[1], "/=": key[0] != key[1], "<": key[0] < key[1],
              "=<": key[0] <= key[1], ">": key[0] > key[1], ">=": key[0] >= key[1]}[op]
    return _Atom(str(result).lower())


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _finite(v: int | float) -> object:
    return v if isinstance(v, int) or math.isfinite(v) else _FAILS


def _apply(op: str, vs: list[object]) -> object:
    """`op` on literal values: its value (None if not worked out here) or _FAILS."""
    if len(vs) == 1:
        (a,) = vs
        if op in ("-", "+"):
            return (-a if op == "-" else a) if _number(a) else _FAILS
        if op == "bnot":
            return ~a if isinstance(a, int) else _FAILS
        if op == "not":
            return _Atom("false" if a == "true" else "true") if a in _BOOL else _FAILS
        return None
    a, b = vs
    try:
        if op in _ARITH:
            if not (_number(a) and _number(b)):
                return _FAILS
            if op == "/":
                return _FAILS if b == 0 else _finite(a / b)
            return _finite(a + b if op == "+" else a - b if op == "-" else a * b)
        if op in _INT_ONLY:
            if not (isinstance(a, int) and isinstance(b, int)):
                return _FAILS
            if op in ("div", "rem"):
                if b == 0:
                    return _FAILS
                q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
                return q if op == "div" else a - b * q
            if op in ("bsl", "bsr"):
                return None  # a huge shift raises system_limit: not worked out here
            return a & b if op == "band" else a | b if op == "bor" else a ^ b
    except OverflowError:  # an integer too large for a float
        return _FAILS
    if op in _BOOL_OPS:
        if a not in _BOOL or b not in _BOOL:
            return _FAILS
        x, y = a == "true", b == "true"
        return _Atom(str(x and y if op == "and" else x or y if op == "or" else x != y).lower())
    if op in _COMPARE:
        return _compare(op, a, b)
    if op == "++":
        if not (isinstance(a, _Other) and a.is_list):
            return _FAILS
        if a.empty:
            return b
        if a.empty is None:
            return None
        b_list = isinstance(b, _Other) and b.is_list
        return _Other(is_list=b_list, empty=False if b_list else None)
    if op == "--":
        if not all(isinstance(v, _Other) and v.is_list for v in (a, b)):
            return _FAILS
        return _Other(is_list=True, empty=True if a.empty else None)
    return None
