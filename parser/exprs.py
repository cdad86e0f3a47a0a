"""Facts about expressions that several stages need: variables, patterns, callbacks."""

from __future__ import annotations

from collections.abc import Iterator

from choreo_erl.core.erlang_names import AUTO_IMPORTED_BIFS, GUARD_BIFS, GUARD_OPERATORS

from . import ast as A

# Expressions with no sub-expressions: most nodes, so they are answered first.
_LEAVES = frozenset({A.Var, A.Wildcard, A.Atom, A.Int, A.Float, A.Char, A.String})


def children(e: A.Expr) -> Iterator[A.Expr]:
    t = type(e)
    if t in _LEAVES:
        return
    if t is A.BinOp:
        yield e.left
        yield e.right
    elif isinstance(e, (A.Tuple,)):
        yield from e.elems
    elif isinstance(e, A.List):
        yield from e.elems
        if e.tail is not None:
            yield e.tail
    elif isinstance(e, A.Map):
        if e.base is not None:
            yield e.base
        for f in e.fields:
            yield f.key
            yield f.value
    elif isinstance(e, A.BinOp):
        yield e.left
        yield e.right
    elif isinstance(e, A.UnOp):
        yield e.operand
    elif isinstance(e, (A.Call, A.RemoteCall)):
        yield from e.args
    elif isinstance(e, A.Binary):
        for el in e.elems:
            yield el.value
            if el.size is not None:
                yield el.size
    elif isinstance(e, A.ListComp):
        yield e.expr
        for q in e.qualifiers:
            if isinstance(q, A.Generator):
                yield q.pattern
                yield q.source
            else:
                yield q


def walk(e: A.Expr) -> Iterator[A.Expr]:
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(reversed(list(children(x))))


def value_nodes(e: A.Expr) -> Iterator[A.Expr]:
    """The nodes of `e` that are evaluated, leaving out comprehension generator
    patterns (which are patterns, see `generators`)."""
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        if isinstance(x, A.ListComp):
            parts = [x.expr] + [q.source if isinstance(q, A.Generator) else q
                                for q in x.qualifiers]
            stack.extend(reversed(parts))
        else:
            stack.extend(reversed(list(children(x))))


def generators(e: A.Expr) -> Iterator[A.Generator]:
    """Every generator of the comprehensions in `e`, outer ones first."""
    for x in value_nodes(e):
        if isinstance(x, A.ListComp):
            yield from (q for q in x.qualifiers if isinstance(q, A.Generator))


def used_vars(e: A.Expr, bound: frozenset[str] = frozenset()) -> list[A.Var]:
    """Variables an expression reads, in source order; comprehension-local ones excluded."""
    out: list[A.Var] = []
    _used(e, bound, out)
    return out


def _used(e: A.Expr, local: frozenset[str], out: list[A.Var]) -> None:
    if isinstance(e, A.Var):
        if e.name not in local:
            out.append(e)
        return
    if isinstance(e, A.ListComp):
        scope = set(local)
        for q in e.qualifiers:
            if isinstance(q, A.Generator):
                _used(q.source, frozenset(scope), out)
                out.extend(v for v in pattern_reads(q.pattern) if v.name not in scope)
                scope.update(v.name for v in pattern_vars(q.pattern))
            else:
                _used(q, frozenset(scope), out)
        _used(e.expr, frozenset(scope), out)
        return
    for c in children(e):
        _used(c, local, out)


def pattern_vars(p: A.Expr) -> list[A.Var]:
    """Variables in a pattern's matching positions: they bind the new ones and compare
    the bound ones. Map keys and binary sizes only read (see `pattern_reads`)."""
    out: list[A.Var] = []
    _binding(p, out)
    return out


def _binding(p: A.Expr, out: list[A.Var]) -> None:
    stack = [p]
    while stack:
        x = stack.pop()
        if isinstance(x, A.Var):
            out.append(x)
        elif isinstance(x, A.Map):
            stack.extend(reversed([f.value for f in x.fields]))
        elif isinstance(x, A.Binary):
            stack.extend(reversed([el.value for el in x.elems]))
        else:
            stack.extend(reversed(list(children(x))))


def pattern_reads(p: A.Expr) -> list[A.Var]:
    """Variables a pattern reads from outside it: those of its map keys, and those of its
    binary sizes except a variable bound by an earlier segment of the same binary
    (`<<Len:8, Data:Len/binary>>`). Erlang needs all of them bound before the match."""
    out: list[A.Var] = []
    for x in walk(p):
        if isinstance(x, A.Map):
            for f in x.fields:
                out.extend(used_vars(f.key))
        elif isinstance(x, A.Binary):
            earlier: set[str] = set()
            for el in x.elems:
                if el.size is not None:
                    out.extend(v for v in used_vars(el.size) if v.name not in earlier)
                earlier.update(v.name for v in pattern_vars(el.value))
    return out


def pattern_size_vars(p: A.Expr) -> frozenset[str]:
    """Every variable a pattern's binary sizes mention, bound in the binary or not: such
    a variable is read by the pattern, so it never becomes `_Name`."""
    names: set[str] = set()
    for x in walk(p):
        if isinstance(x, A.Binary):
            for el in x.elems:
                if el.size is not None:
                    names.update(v.name for v in used_vars(el.size))
    return frozenset(names)


def pattern_error(p: A.Expr) -> tuple[A.Expr, str] | None:
    """The first part of `p` that cannot stand in a pattern, with the reason."""
    if isinstance(p, (A.Var, A.Wildcard, A.Atom, A.Int, A.Float, A.Char, A.String)):
        return None
    if isinstance(p, (A.Tuple, A.List)):
        for c in children(p):
            err = pattern_error(c)
            if err:
                return err
        return None
    if isinstance(p, A.Map):
        if p.base is not None:
            return p, "a map update cannot be a pattern"
        for f in p.fields:
            if not f.exact:
                return p, "a map pattern uses `:=`, not `=>`"
            err = pattern_error(f.value)
            if err:
                return err
        return None
    if isinstance(p, A.Binary):
        for el in p.elems:
            if not isinstance(el.value, (A.Var, A.Wildcard, A.Int, A.Float, A.Char, A.String)):
                return el.value, "a segment of a binary pattern is a variable or a literal"
        return None
    if isinstance(p, A.BinOp) and p.op == "++" and isinstance(p.left, A.String):
        return pattern_error(p.right)
    if isinstance(p, (A.Call, A.RemoteCall)):
        return p, "a function call cannot be a pattern"
    if isinstance(p, A.ListComp):
        return p, "a list comprehension cannot be a pattern"
    return p, "an expression with operators cannot be a pattern"


def is_bif(call: A.Call) -> bool:
    return (call.name, len(call.args)) in AUTO_IMPORTED_BIFS


def cannot_fail(pattern: A.Expr, bound: frozenset[str]) -> bool:
    """Whether matching `pattern` always succeeds: a fresh variable or `_`.

    Anything else (a literal, a tuple, a variable already bound) checks the value
    and raises `badmatch` when it differs, so it is part of what the program means.
    """
    return isinstance(pattern, A.Wildcard) or (
        isinstance(pattern, A.Var) and pattern.name not in bound)


# Operators and BIFs that never raise when their arguments have values: they only
# compare or test. erlc removes them when their value is unused, and then warns about
# an operator among their arguments ("the result of ... is ignored").
_SAFE_OPS = frozenset({"==", "/=", "=<", "<", ">=", ">", "=:=", "=/="})
_SAFE_BIFS = frozenset({("min", 2), ("max", 2)} | {(f"is_{t}", 1) for t in (
    "atom", "binary", "bitstring", "boolean", "float", "function", "integer", "list", "map",
    "number", "pid", "port", "reference", "tuple")})
_PLAIN = (A.Var, A.Atom, A.Int, A.Float, A.Char, A.String)


def unsafe_parts(e: A.Expr) -> list[A.Expr]:
    """The largest parts of `e` that may raise or have an effect, left to right.

    Evaluating them (and dropping their values) is what evaluating `e` and dropping
    its value means: the rest only builds, compares or tests values, and cannot raise.
    An empty list means `e` cannot raise at all.
    """
    if isinstance(e, _PLAIN):
        return []
    if isinstance(e, (A.Tuple, A.List)) or (isinstance(e, A.Map) and e.base is None):
        return [u for c in children(e) for u in unsafe_parts(c)]
    if isinstance(e, A.BinOp) and e.op in _SAFE_OPS:
        return unsafe_parts(e.left) + unsafe_parts(e.right)
    if isinstance(e, A.Call) and (e.name, len(e.args)) in _SAFE_BIFS:
        return [u for a in e.args for u in unsafe_parts(a)]
    if isinstance(e, A.Call) and (e.name, len(e.args)) == ("length", 1) \
            and isinstance(e.args[0], A.List) and e.args[0].tail is None:
        return unsafe_parts(e.args[0])  # erlc folds `length([...])`
    if isinstance(e, A.ListComp) and _safe_comprehension(e):
        return [u for q in e.qualifiers if isinstance(q, A.Generator)
                for u in unsafe_parts(q.source)]
    return [e]


def _safe_comprehension(e: A.ListComp) -> bool:
    """Generators over list literals, filters that are tests, and a body that cannot
    raise: the comprehension raises only if a list's elements do."""
    for q in e.qualifiers:
        if isinstance(q, A.Generator):
            if not (isinstance(q.source, A.List) and q.source.tail is None) or any(
                    isinstance(x, A.Binary) for x in walk(q.pattern)):
                return False
        elif not (_is_test(q) and not unsafe_parts(q)):
            return False
    return not unsafe_parts(e.expr)


def _is_test(e: A.Expr) -> bool:
    return (isinstance(e, A.Atom) and e.value in ("true", "false")) or (
        isinstance(e, A.BinOp) and e.op in _SAFE_OPS) or (
        isinstance(e, A.Call) and e.name.startswith("is_")
        and (e.name, len(e.args)) in _SAFE_BIFS)


def cannot_raise(e: A.Expr) -> bool:
    """Whether evaluating `e` can neither raise nor have an effect (see `unsafe_parts`):
    literals, variables, constructors, comparisons and type tests of such values."""
    return not unsafe_parts(e)


def droppable(pattern: A.Expr | None, e: A.Expr, bound: frozenset[str]) -> bool:
    """Whether `pattern = e` (or `e;` alone) may be left out when nothing reads what it
    binds: only when it cannot fail and cannot raise, so that leaving it out changes
    nothing a session can observe."""
    return (pattern is None or cannot_fail(pattern, bound)) and cannot_raise(e)


def is_pure(e: A.Expr) -> bool:
    """Kept for older callers: the same as `cannot_raise` (see `droppable`)."""
    return cannot_raise(e)


def callbacks(e: A.Expr) -> Iterator[A.Call]:
    """Calls of `e` that go to the role's implementation module."""
    for x in walk(e):
        if isinstance(x, A.Call) and not is_bif(x):
            yield x


def guard_error(g: A.Expr) -> tuple[A.Expr, str] | None:
    for x in walk(g):
        if isinstance(x, A.Call) and (x.name, len(x.args)) not in GUARD_BIFS:
            return x, f"`{x.name}/{len(x.args)}` cannot be called in a guard"
        if isinstance(x, A.RemoteCall) and not (
                x.module == "erlang" and (x.name, len(x.args)) in GUARD_BIFS):
            return x, f"`{x.module}:{x.name}/{len(x.args)}` cannot be called in a guard"
        if isinstance(x, (A.BinOp, A.UnOp)) and x.op not in GUARD_OPERATORS:
            return x, f"`{x.op}` cannot be used in a guard"
        if isinstance(x, A.ListComp):
            return x, "a list comprehension cannot be used in a guard"
    return None
