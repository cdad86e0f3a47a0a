"""What can be told about a match before it runs, from the shapes of the pattern and the
value: it never succeeds, always succeeds, or may do either.

erlc's optimizer knows the same about the constructors it sees, and warns ("no clause
will ever match", "this clause cannot match because of different types/sizes"); with
`+warnings_as_errors` the build then fails. `check` uses this module to report such a
match or clause at the choreography instead (E0604): a match that never succeeds always
crashes its role, and a clause that can never be taken is dead code.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import ast as A
from .exprs import walk

NEVER, MAYBE, ALWAYS = "never", "maybe", "always"

_NUMBER_OPS = {"+", "-", "*", "/", "div", "rem", "band", "bor", "bxor", "bsl", "bsr", "bnot"}
_BOOLEAN_OPS = {"==", "/=", "=<", "<", ">=", ">", "=:=", "=/=", "and", "or", "xor", "not",
                "andalso", "orelse"}
_NUMBER_BIFS = {"abs", "length", "byte_size", "bit_size", "tuple_size", "map_size", "size",
                "trunc", "round", "ceil", "floor", "float"}
_LITERALS = (A.Atom, A.Int, A.Float, A.Char)


def outcome(p: A.Expr, e: A.Expr, known: Mapping[str, A.Expr] | None = None,
            bound: frozenset[str] = frozenset()) -> str:
    """Whether pattern `p` matches the value of `e`: NEVER, ALWAYS or MAYBE.

    `known` gives the expressions that variables of `e` were bound to, where the compiler
    sees them; `bound` names the pattern's variables that are already bound (they
    compare, so a match on them is never sure to succeed).
    """
    return _outcome(p, _resolve(e, known or {}), known or {}, bound, 0)


def is_literal(e: A.Expr, known: Mapping[str, A.Expr] | None = None) -> bool:
    """Whether `e` is (a variable known to be) a number or an atom."""
    return isinstance(_resolve(e, known or {}), _LITERALS)


def _resolve(e: A.Expr, known: Mapping[str, A.Expr], depth: int = 0) -> A.Expr:
    while isinstance(e, A.Var) and e.name in known and depth < 20:
        e, depth = known[e.name], depth + 1
    if isinstance(e, A.String):  # a string is a list of characters
        return A.List(e.span, tuple(A.Char(e.span, ord(c)) for c in e.value))
    return e


def _kind(e: A.Expr) -> str | None:
    """The type of a value as far as its outermost form tells, or None."""
    if isinstance(e, A.Atom):
        return "atom"
    if isinstance(e, (A.Int, A.Float, A.Char)):
        return "number"
    if isinstance(e, A.Tuple):
        return f"tuple/{len(e.elems)}"
    if isinstance(e, A.List):
        return "cons" if e.elems else ("list" if e.tail is not None else "nil")
    if isinstance(e, A.Map):
        return "map" if e.base is None else None
    if isinstance(e, A.Binary):
        return "binary"
    if isinstance(e, A.ListComp):
        return "list"
    if isinstance(e, (A.BinOp, A.UnOp)):
        if e.op in _NUMBER_OPS:
            return "number"
        if e.op in _BOOLEAN_OPS:
            return "boolean"
    if isinstance(e, A.Call) and e.name in _NUMBER_BIFS:
        return "number"
    if isinstance(e, A.Call) and e.name.startswith("is_"):
        return "boolean"
    return None


def _compatible(pk: str, ek: str) -> bool:
    if "list" in (pk, ek):
        return {pk, ek} <= {"list", "nil", "cons"}
    if ek == "boolean":
        return pk in ("atom", "boolean")
    if pk == "boolean":
        return ek in ("atom", "boolean")
    return pk == ek


def _all(outcomes: list[str]) -> str:
    if NEVER in outcomes:
        return NEVER
    return ALWAYS if all(o == ALWAYS for o in outcomes) else MAYBE


def _outcome(p: A.Expr, e: A.Expr, known: Mapping[str, A.Expr], bound: frozenset[str],
             depth: int) -> str:
    if depth > 50:
        return MAYBE
    if isinstance(p, A.Wildcard):
        return ALWAYS
    if isinstance(p, A.Var):
        if p.name not in bound:
            return ALWAYS
        p = _resolve(p, known)
        if isinstance(p, A.Var):
            return MAYBE
    if isinstance(p, A.String):
        p = _resolve(p, known)
    e = _resolve(e, known)
    if isinstance(p, _LITERALS) and isinstance(e, _LITERALS):
        return ALWAYS if _same_literal(p, e) else NEVER
    if isinstance(p, A.Atom) and _kind(e) == "boolean":
        return MAYBE if p.value in ("true", "false") else NEVER
    pk, ek = _kind(p), _kind(e)
    if isinstance(p, A.BinOp) and p.op == "++":  # "prefix" ++ Rest
        pk = "list" if not (isinstance(p.left, A.String) and p.left.value) else "cons"
    if pk is not None and ek is not None and not _compatible(pk, ek):
        return NEVER
    if isinstance(p, A.Tuple) and isinstance(e, A.Tuple):
        return _all([_outcome(x, y, known, bound, depth + 1)
                     for x, y in zip(p.elems, e.elems, strict=True)])
    if isinstance(p, A.List) and isinstance(e, A.List):
        return _lists(p, e, known, bound, depth)
    if isinstance(p, A.Map) and isinstance(e, A.Map) and e.base is None:
        return _maps(p, e, known, bound, depth)
    return MAYBE


def _same_literal(p: A.Expr, e: A.Expr) -> bool:
    if isinstance(p, A.Atom) or isinstance(e, A.Atom):
        return isinstance(p, A.Atom) and isinstance(e, A.Atom) and p.value == e.value
    # A match is exact: 1 does not match 1.0.
    return isinstance(p, A.Float) == isinstance(e, A.Float) and p.value == e.value


def _lists(p: A.List, e: A.List, known, bound, depth) -> str:
    out = [_outcome(x, y, known, bound, depth + 1) for x, y in zip(p.elems, e.elems, strict=False)]
    n = min(len(p.elems), len(e.elems))
    rest_p = p.elems[n:]
    rest_e = e.elems[n:]
    if rest_p:  # the pattern wants more elements than the value shows
        if e.tail is None:
            return NEVER
        tail = _resolve(e.tail, known)
        if isinstance(tail, A.List):
            out.append(_outcome(A.List(p.span, rest_p, p.tail), tail, known, bound, depth + 1))
        else:
            out.append(MAYBE)
        return _all(out)
    if rest_e:
        if p.tail is None:
            return NEVER
        out.append(_outcome(p.tail, A.List(e.span, rest_e, e.tail), known, bound, depth + 1))
        return _all(out)
    p_tail = p.tail if p.tail is not None else A.List(p.span)
    e_tail = e.tail if e.tail is not None else A.List(e.span)
    if p.tail is None and e.tail is None:
        return _all(out)
    out.append(_outcome(p_tail, e_tail, known, bound, depth + 1))
    return _all(out)


def _maps(p: A.Map, e: A.Map, known, bound, depth) -> str:
    out = []
    literal_keys = all(isinstance(f.key, _LITERALS) for f in e.fields)
    for pf in p.fields:
        if not isinstance(pf.key, _LITERALS):
            out.append(MAYBE)
            continue
        values = [f.value for f in e.fields if isinstance(f.key, _LITERALS)
                  and _same_literal(pf.key, f.key)]
        if values:
            out.append(_outcome(pf.value, values[-1], known, bound, depth + 1))
        else:
            out.append(NEVER if literal_keys else MAYBE)
    return _all(out)


def impossible_segment(p: A.Expr) -> A.Expr | None:
    """An integer literal in a binary pattern that cannot fit its literal size
    (`<<300:8>>`, `<<-1:8>>`): no value matches it."""
    for x in walk(p):
        if not isinstance(x, A.Binary):
            continue
        for el in x.elems:
            if not isinstance(el.value, (A.Int, A.Char)) or set(el.types) & _NOT_INTEGER:
                continue
            if el.size is not None and not isinstance(el.size, A.Int):
                continue
            bits = 8 if el.size is None else el.size.value
            v = el.value.value
            low, high = ((-(1 << (bits - 1)), 1 << (bits - 1)) if "signed" in el.types
                         else (0, 1 << bits))
            if bits > 0 and not low <= v < high:
                return el.value
    return None


_NOT_INTEGER = {"float", "binary", "bytes", "bits", "bitstring", "utf8", "utf16", "utf32"}
