"""Erlang's operators and the library the interpreter knows: auto-imported BIFs,
and the parts of `lists`, `maps` and `erlang` that choreographies use.

Each function follows Erlang's behaviour, errors included (`badarith`, `badarg`,
`function_clause`), so that the interpreter crashes where the generated code would.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

from .terms import (
    FALSE,
    TRUE,
    Atom,
    ErlFloat,
    ErlList,
    ErlMap,
    Term,
    boolean,
    compare,
    erl_list,
    erl_string,
    is_number,
    sort_key,
)


class InterpreterError(Exception):
    """The interpreter cannot give the semantics of this run (not a crash of a role)."""


class InterpreterUnsupported(InterpreterError):
    """A construct, BIF or library function the interpreter does not implement."""


class StepLimitExceeded(InterpreterError):
    """The run executed more statements than `max_steps`."""


class ErlangError(Exception):
    """An Erlang run-time error with its reason term; at a role, that role crashes.

    Callbacks may raise it to choose the crash reason (as `erlang:error(Reason)`).
    """

    def __init__(self, reason: Term) -> None:
        super().__init__(reason)
        self.reason = reason


def erl_error(tag: str, *values: Term) -> ErlangError:
    """`{Tag, Values...}` (or the bare atom) as an Erlang error."""
    return ErlangError((Atom(tag), *values) if values else Atom(tag))



# ---------------------------------------------------------------- operators


def _number(x: Any) -> Term:
    """Python arithmetic results as terms: floats must be finite (else `badarith`)."""
    if isinstance(x, float):
        if not math.isfinite(x):
            raise erl_error("badarith")
        return ErlFloat(x)
    return x


def _is_int(x: Term) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _div(a: int, b: int) -> int:
    """`div`: the quotient truncated toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _proper(x: Term) -> bool:
    return isinstance(x, ErlList) and x.is_proper


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}
_INTEGER: dict[str, Callable[[int, int], int]] = {
    "div": _div, "rem": lambda a, b: a - b * _div(a, b),
    "band": lambda a, b: a & b, "bor": lambda a, b: a | b, "bxor": lambda a, b: a ^ b,
    "bsl": lambda a, b: a << b if b >= 0 else a >> -b,
    "bsr": lambda a, b: a >> b if b >= 0 else a << -b,
}
_COMPARE: dict[str, Callable[[Term, Term], bool]] = {
    "==": lambda a, b: compare(a, b) == 0, "/=": lambda a, b: compare(a, b) != 0,
    "<": lambda a, b: compare(a, b) < 0, "=<": lambda a, b: compare(a, b) <= 0,
    ">": lambda a, b: compare(a, b) > 0, ">=": lambda a, b: compare(a, b) >= 0,
    "=:=": lambda a, b: a == b, "=/=": lambda a, b: a != b,
}
_LOGIC: dict[str, Callable[[bool, bool], bool]] = {
    "and": lambda a, b: a and b, "or": lambda a, b: a or b, "xor": lambda a, b: a != b,
}


def binary_op(op: str, a: Term, b: Term) -> Term:
    """An Erlang binary operator (not `andalso`/`orelse`, which short-circuit)."""
    if op in _COMPARE:
        return boolean(_COMPARE[op](a, b))
    if op in _ARITH:
        if not (is_number(a) and is_number(b)):
            raise erl_error("badarith")
        try:
            return _number(_ARITH[op](a, b))
        except (OverflowError, ZeroDivisionError):
            raise erl_error("badarith") from None
    if op in _INTEGER:
        if not (_is_int(a) and _is_int(b)) or (op in ("div", "rem") and b == 0):
            raise erl_error("badarith")
        return _INTEGER[op](a, b)
    if op in _LOGIC:
        if a not in (TRUE, FALSE) or b not in (TRUE, FALSE):
            raise erl_error("badarg")
        return boolean(_LOGIC[op](a == TRUE, b == TRUE))
    if op == "++":
        if not _proper(a):
            raise erl_error("badarg")
        return erl_list(a, b)
    if op == "--":
        if not (_proper(a) and _proper(b)):
            raise erl_error("badarg")
        drop = Counter(b)
        kept = []
        for x in a:
            if drop[x]:
                drop[x] -= 1
            else:
                kept.append(x)
        return erl_list(kept)
    raise InterpreterUnsupported(f"operator `{op}`")


def unary_op(op: str, a: Term) -> Term:
    if op == "not":
        if a not in (TRUE, FALSE):
            raise erl_error("badarg")
        return boolean(a == FALSE)
    if op in ("-", "+"):
        if not is_number(a):
            raise erl_error("badarith")
        return _number(-a if op == "-" else a)
    if op == "bnot":
        if not _is_int(a):
            raise erl_error("badarith")
        return ~a
    raise InterpreterUnsupported(f"operator `{op}`")


# ================================================================ BIFs and library


def _check(ok: bool, reason: str = "badarg") -> None:
    if not ok:
        raise erl_error(reason)


def _items(x: Term, reason: str = "badarg") -> list[Term]:
    """A proper list's elements, or the error `reason`."""
    _check(_proper(x), reason)
    return list(x)


def _int_arg(x: Term) -> int:
    _check(_is_int(x))
    return x


def _text(x: Term) -> str:
    """An Erlang string (list of code points) as Python text."""
    try:
        return "".join(chr(c) for c in _items(x))
    except (TypeError, ValueError):
        raise erl_error("badarg") from None


def _iolist(x: Term, out: bytearray) -> None:
    if isinstance(x, bytes):
        out += x
        return
    _check(isinstance(x, ErlList))
    node: Term = x
    while isinstance(node, ErlList) and node:
        h = node.head
        if _is_int(h):
            _check(0 <= h <= 255)
            out.append(h)
        else:
            _iolist(h, out)
        node = node.tail
    if not isinstance(node, ErlList):
        _check(isinstance(node, bytes))
        out += node


def _iolist_bytes(x: Term) -> bytes:
    out = bytearray()
    _iolist(x, out)
    return bytes(out)


def _to_integer(text: str, base: int) -> int:
    try:
        return int(text, base)
    except ValueError:
        raise erl_error("badarg") from None


def _round(x: Term) -> int:
    _check(is_number(x))
    if _is_int(x):
        return x
    return int(math.copysign(math.floor(abs(x) + 0.5), x))  # half away from zero


def _element(n: Term, t: Term) -> Term:
    _check(isinstance(t, tuple) and _is_int(n) and 1 <= n <= len(t))
    return t[n - 1]


def _setelement(n: Term, t: Term, v: Term) -> Term:
    _check(isinstance(t, tuple) and _is_int(n) and 1 <= n <= len(t))
    return t[:n - 1] + (v,) + t[n:]


def _head(x: Term) -> Term:
    _check(isinstance(x, ErlList) and bool(x))
    return x.head


def _tail(x: Term) -> Term:
    _check(isinstance(x, ErlList) and bool(x))
    return x.tail


def _map_arg(m: Term) -> ErlMap:
    if not isinstance(m, ErlMap):
        raise erl_error("badmap", m)
    return m


def _map_get(k: Term, m: Term) -> Term:
    m = _map_arg(m)
    if k not in m:
        raise erl_error("badkey", k)
    return m[k]


def _raise(reason: Term) -> Term:
    raise ErlangError(reason)


def _size(x: Term) -> int:
    _check(isinstance(x, (tuple, bytes)))
    return len(x)


def _is(kind: type | tuple[type, ...]) -> Callable[[Term], Term]:
    return lambda x: boolean(isinstance(x, kind) and not isinstance(x, bool))


def _float_arg(x: Term) -> Term:
    _check(is_number(x))
    try:
        return _number(float(x))
    except OverflowError:
        raise erl_error("badarg") from None


def _typed(accepts: Callable[..., bool], fn: Callable[..., Term]) -> Callable[..., Term]:
    """`fn`, failing with `badarg` unless `accepts` holds for the arguments."""
    def bif(*args: Term) -> Term:
        _check(accepts(*args))
        return fn(*args)
    return bif


def _binary_part(b: bytes, start: int, n: int) -> Term:
    lo, hi = min(start, start + n), max(start, start + n)
    _check(0 <= lo and hi <= len(b))
    return b[lo:hi]


def _is_atom(x: Term) -> bool:
    return isinstance(x, Atom)


def _is_binary(x: Term) -> bool:
    return isinstance(x, bytes)


def _is_tuple(x: Term) -> bool:
    return isinstance(x, tuple)


_ERLANG: dict[tuple[str, int], Callable[..., Term]] = {
    ("abs", 1): _typed(is_number, lambda x: _number(abs(x))),
    ("atom_to_list", 1): _typed(_is_atom, erl_string),
    ("atom_to_binary", 1): _typed(_is_atom, lambda a: a.encode()),
    ("binary_to_atom", 1): _typed(_is_binary, lambda b: Atom(b.decode())),
    ("binary_to_list", 1): _typed(_is_binary, erl_list),
    ("list_to_binary", 1): _iolist_bytes,
    ("iolist_to_binary", 1): _iolist_bytes,
    ("iolist_size", 1): lambda x: len(_iolist_bytes(x)),
    ("byte_size", 1): _typed(_is_binary, len),
    ("bit_size", 1): _typed(_is_binary, lambda b: 8 * len(b)),
    ("binary_part", 3): _typed(lambda b, s, n: _is_binary(b) and _is_int(s) and _is_int(n),
                               _binary_part),
    ("split_binary", 2): _typed(lambda b, n: _is_binary(b) and _is_int(n) and 0 <= n <= len(b),
                                lambda b, n: (b[:n], b[n:])),
    ("ceil", 1): _typed(is_number, math.ceil),
    ("floor", 1): _typed(is_number, math.floor),
    ("round", 1): _round,
    ("trunc", 1): _typed(is_number, math.trunc),
    ("float", 1): _float_arg,
    ("element", 2): _element,
    ("setelement", 3): _setelement,
    ("tuple_size", 1): _typed(_is_tuple, len),
    ("size", 1): _typed(lambda x: isinstance(x, (tuple, bytes)), len),
    ("tuple_to_list", 1): _typed(_is_tuple, erl_list),
    ("list_to_tuple", 1): lambda x: tuple(_items(x)),
    ("hd", 1): _head,
    ("tl", 1): _tail,
    ("length", 1): lambda x: len(_items(x)),
    ("integer_to_list", 1): lambda n: erl_string(str(_int_arg(n))),
    ("integer_to_list", 2): lambda n, b: erl_string(_int_to_text(_int_arg(n), _int_arg(b))),
    ("integer_to_binary", 1): lambda n: str(_int_arg(n)).encode(),
    ("list_to_integer", 1): lambda s: _to_integer(_text(s), 10),
    ("list_to_integer", 2): lambda s, b: _to_integer(_text(s), _int_arg(b)),
    ("binary_to_integer", 1): _typed(_is_binary,
                                     lambda b: _to_integer(b.decode("latin-1"), 10)),
    ("list_to_atom", 1): lambda s: Atom(_text(s)),
    ("list_to_existing_atom", 1): lambda s: Atom(_text(s)),
    ("is_atom", 1): _is(Atom),
    ("is_binary", 1): _is(bytes),
    ("is_bitstring", 1): _is(bytes),
    ("is_boolean", 1): lambda x: boolean(x in (TRUE, FALSE)),
    ("is_float", 1): _is(float),
    ("is_integer", 1): _is(int),
    ("is_number", 1): _is((int, float)),
    ("is_list", 1): _is(ErlList),
    ("is_map", 1): _is(ErlMap),
    ("is_tuple", 1): _is(tuple),
    ("is_function", 1): lambda x: FALSE,
    ("is_function", 2): lambda x, n: FALSE,
    ("is_pid", 1): lambda x: FALSE,
    ("is_port", 1): lambda x: FALSE,
    ("is_reference", 1): lambda x: FALSE,
    ("is_map_key", 2): lambda k, m: boolean(k in _map_arg(m)),
    ("map_get", 2): _map_get,
    ("map_size", 1): lambda m: len(_map_arg(m)),
    ("max", 2): lambda a, b: b if compare(b, a) > 0 else a,
    ("min", 2): lambda a, b: b if compare(b, a) < 0 else a,
    ("error", 1): _raise,
    ("exit", 1): _raise,
    ("throw", 1): lambda x: _raise((Atom("nocatch"), x)),
}


def _int_to_text(n: int, base: int) -> str:
    _check(2 <= base <= 36)
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    m, out = abs(n), ""
    while True:
        m, d = divmod(m, base)
        out = digits[d] + out
        if not m:
            return ("-" if n < 0 else "") + out


# ---------------------------------------------------------------- lists


def _split(n: Term, xs: Term) -> Term:
    items = _items(xs)
    _check(_is_int(n) and 0 <= n <= len(items))
    rest: Term = xs
    for _ in range(n):
        rest = rest.tail
    return (erl_list(items[:n]), rest)


def _sum(xs: Term) -> Term:
    total: Term = 0
    for x in _items(xs, "function_clause"):
        total = binary_op("+", total, x)
    return total


def _merge(xs: Term, ys: Term) -> Term:
    """Two sorted lists merged; on a tie the element of the first list comes first."""
    a, b = _items(xs, "function_clause"), _items(ys, "function_clause")
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if compare(a[i], b[j]) <= 0:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return erl_list(out + a[i:] + b[j:])


def _seq(first: Term, last: Term, step: Term = 1) -> Term:
    _check(_is_int(first) and _is_int(last) and _is_int(step), "function_clause")
    _check((step > 0 and last >= first - step) or (step < 0 and last <= first - step)
           or (step == 0 and first == last), "function_clause")
    if step == 0:
        return erl_list([first])
    return erl_list(range(first, last + (1 if step > 0 else -1), step))


def _nth(n: Term, xs: Term) -> Term:
    items = _items(xs, "function_clause")
    _check(_is_int(n) and 1 <= n <= len(items), "function_clause")
    return items[n - 1]


def _nthtail(n: Term, xs: Term) -> Term:
    _check(_is_int(n) and n >= 0 and isinstance(xs, ErlList) and len(xs) >= n,
           "function_clause")
    for _ in range(n):
        xs = xs.tail
    return xs


def _extreme(xs: Term, sign: int) -> Term:
    """`lists:max` (sign 1) or `lists:min` (-1): the first of the extreme elements."""
    items = _items(xs, "function_clause")
    _check(bool(items), "function_clause")
    best = items[0]
    for x in items[1:]:
        if compare(x, best) == sign:
            best = x
    return best


def _last(xs: Term) -> Term:
    items = _items(xs, "function_clause")
    _check(bool(items), "function_clause")
    return items[-1]


def _zip(xs: Term, ys: Term) -> Term:
    a, b = _items(xs, "function_clause"), _items(ys, "function_clause")
    _check(len(a) == len(b), "function_clause")
    return erl_list(zip(a, b, strict=True))


def _unzip(xs: Term) -> Term:
    pairs = _items(xs, "function_clause")
    _check(all(isinstance(p, tuple) and len(p) == 2 for p in pairs), "function_clause")
    return (erl_list(p[0] for p in pairs), erl_list(p[1] for p in pairs))


def _usort(xs: Term) -> Term:
    out: list[Term] = []
    for x in sorted(_items(xs, "function_clause"), key=sort_key):
        if not out or compare(out[-1], x) != 0:
            out.append(x)
    return erl_list(out)


def _delete(x: Term, xs: Term) -> Term:
    items = _items(xs, "function_clause")
    for i, y in enumerate(items):
        if y == x:
            return erl_list(items[:i] + items[i + 1:])
    return xs


def _keyfind(key: Term, n: Term, xs: Term) -> Term:
    _check(_is_int(n) and n >= 1)
    for t in _items(xs):
        if isinstance(t, tuple) and len(t) >= n and compare(t[n - 1], key) == 0:
            return t
    return FALSE


def _flatten(xs: Term) -> Term:
    out: list[Term] = []
    stack = [iter(_items(xs, "function_clause"))]
    while stack:
        for x in stack[-1]:
            if isinstance(x, ErlList):
                stack.append(iter(_items(x, "function_clause")))
                break
            out.append(x)
        else:
            stack.pop()
    return erl_list(out)


def _sublist(xs: Term, start: Term, n: Term | None = None) -> Term:
    items = _items(xs, "function_clause")
    if n is None:
        start, n = 1, start
    _check(_is_int(start) and _is_int(n) and n >= 0 and 1 <= start <= len(items) + 1,
           "function_clause")
    return erl_list(items[start - 1:start - 1 + n])


def _duplicate(n: Term, x: Term) -> Term:
    _check(_is_int(n) and n >= 0, "function_clause")
    return erl_list([x] * n)


_LISTS: dict[tuple[str, int], Callable[..., Term]] = {
    ("split", 2): _split,
    ("sum", 1): _sum,
    ("merge", 2): _merge,
    ("seq", 2): _seq,
    ("seq", 3): _seq,
    ("reverse", 1): lambda xs: erl_list(reversed(_items(xs, "function_clause"))),
    ("reverse", 2): lambda xs, t: erl_list(reversed(_items(xs, "function_clause")), t),
    ("sort", 1): lambda xs: erl_list(sorted(_items(xs, "function_clause"), key=sort_key)),
    ("usort", 1): _usort,
    ("nth", 2): _nth,
    ("nthtail", 2): _nthtail,
    ("member", 2): lambda x, xs: boolean(any(y == x for y in _items(xs))),
    ("append", 2): lambda xs, ys: binary_op("++", xs, ys),
    ("append", 1): lambda xss: erl_list(x for xs in _items(xss, "function_clause")
                                        for x in _items(xs, "function_clause")),
    ("subtract", 2): lambda xs, ys: binary_op("--", xs, ys),
    ("last", 1): _last,
    ("max", 1): lambda xs: _extreme(xs, 1),
    ("min", 1): lambda xs: _extreme(xs, -1),
    ("zip", 2): _zip,
    ("unzip", 1): _unzip,
    ("delete", 2): _delete,
    ("keyfind", 3): _keyfind,
    ("flatten", 1): _flatten,
    ("sublist", 2): _sublist,
    ("sublist", 3): _sublist,
    ("duplicate", 2): _duplicate,
}


# ---------------------------------------------------------------- maps


def _from_list(xs: Term) -> Term:
    pairs = _items(xs)
    _check(all(isinstance(p, tuple) and len(p) == 2 for p in pairs))
    return ErlMap(pairs)


def _update(k: Term, v: Term, m: Term) -> Term:
    _map_get(k, m)
    return m.put(k, v)


_MAPS: dict[tuple[str, int], Callable[..., Term]] = {
    ("put", 3): lambda k, v, m: _map_arg(m).put(k, v),
    ("get", 2): _map_get,
    ("get", 3): lambda k, m, default: _map_arg(m).get(k, default),
    ("find", 2): lambda k, m: (Atom("ok"), m[k]) if k in _map_arg(m) else Atom("error"),
    ("is_key", 2): lambda k, m: boolean(k in _map_arg(m)),
    ("remove", 2): lambda k, m: _map_arg(m).remove(k),
    ("update", 3): _update,
    ("from_list", 1): _from_list,
    ("to_list", 1): lambda m: erl_list(_map_arg(m).sorted_items()),
    ("keys", 1): lambda m: erl_list(k for k, _ in _map_arg(m).sorted_items()),
    ("values", 1): lambda m: erl_list(v for _, v in _map_arg(m).sorted_items()),
    ("size", 1): lambda m: len(_map_arg(m)),
    ("merge", 2): lambda a, b: ErlMap({**_map_arg(a), **_map_arg(b)}),
    ("new", 0): lambda: ErlMap(),
}

def _lexemes(text: Term, separators: Term) -> Term:
    """`string:lexemes/2` on a flat string or UTF-8 binary, single-character separators."""
    seps = set(_items(separators))
    binary = isinstance(text, bytes)
    if binary:
        try:
            chars: list[Term] = [ord(c) for c in text.decode("utf-8")]
        except UnicodeDecodeError:
            raise erl_error("badarg") from None
    else:
        chars = list(_items(text))
    out: list[list[int]] = [[]]
    for c in chars:
        _check(_is_int(c))
        if c in seps:
            out.append([])
        else:
            out[-1].append(c)
    words = [w for w in out if w]
    if binary:
        return erl_list("".join(map(chr, w)).encode("utf-8") for w in words)
    return erl_list(erl_list(w) for w in words)


_STRING: dict[tuple[str, int], Callable[..., Term]] = {
    ("lexemes", 2): _lexemes,
}

_MODULES: dict[str, dict[tuple[str, int], Callable[..., Term]]] = {
    "erlang": _ERLANG, "lists": _LISTS, "maps": _MAPS, "string": _STRING,
}


def call_bif(module: str, name: str, args: list[Term]) -> Term:
    """`module:name(Args)` for the library functions the interpreter knows."""
    fn = _MODULES.get(module, {}).get((name, len(args)))
    if fn is None:
        raise InterpreterUnsupported(
            f"`{module}:{name}/{len(args)}` is not supported by the interpreter")
    return fn(*args)


# ================================================================ statements


