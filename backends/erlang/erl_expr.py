"""Expressions and patterns as Erlang source text, unchanged in meaning.

A call `f(Args)` that is not an auto-imported BIF goes to the role's implementation
module, held by the generated variable `Impl_`; `Emitter.uses_impl` tells the caller
to bind it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from choreo_erl.core.names import atom, char_literal, string_literal
from choreo_erl.parser import ast as A
from choreo_erl.parser import exprs

# Erlang's binary operator precedence (higher binds tighter) and associativity.
_PREC = {
    "orelse": 1, "andalso": 2,
    "==": 3, "/=": 3, "=<": 3, "<": 3, ">=": 3, ">": 3, "=:=": 3, "=/=": 3,
    "++": 4, "--": 4,
    "+": 5, "-": 5, "bor": 5, "bxor": 5, "bsl": 5, "bsr": 5, "or": 5, "xor": 5,
    "*": 6, "/": 6, "div": 6, "rem": 6, "band": 6, "and": 6,
}
_RIGHT = {"++", "--"}
_UNARY_PREC = 7

class Emitter:
    def __init__(self, unused: frozenset[str] = frozenset()) -> None:
        self.uses_impl = False
        # Fresh pattern variables that nothing reads: emitted as `_Name`.
        self.unused = unused
        # Comprehension variables in scope, by their new names (see `comprehension`).
        self.renames: dict[str, str] = {}
        self.generators = 0  # numbers the generators, to name their variables apart

    def expr(self, e: A.Expr, prec: int = 0) -> str:
        if isinstance(e, A.Var):
            if e.name in self.renames:
                return self.renames[e.name]
            return f"_{e.name}" if e.name in self.unused else e.name
        if isinstance(e, A.Wildcard):
            return "_"
        if isinstance(e, A.Atom):
            return atom(e.value)
        if isinstance(e, (A.Int, A.Float)):
            text = e.text or str(e.value)
            return f"({text})" if text.startswith("-") and prec > 0 else text
        if isinstance(e, A.Char):
            return char_literal(e.value)
        if isinstance(e, A.String):
            return string_literal(e.value)
        if isinstance(e, A.Tuple):
            return "{" + self.seq(e.elems) + "}"
        if isinstance(e, A.List):
            inner = self.seq(e.elems)
            if e.tail is not None:
                inner += " | " + self.expr(e.tail)
            return "[" + inner + "]"
        if isinstance(e, A.Map):
            fields = ", ".join(
                f"{self.expr(f.key)} {':=' if f.exact else '=>'} {self.expr(f.value)}"
                for f in e.fields)
            if e.base is None:
                return "#{" + fields + "}"
            base = self.expr(e.base, _UNARY_PREC + 1)
            return base + "#{" + fields + "}"
        if isinstance(e, A.BinOp) and e.op in (",", ";"):  # a guard sequence
            return f"{self.expr(e.left)}{e.op} {self.expr(e.right)}"
        if isinstance(e, A.BinOp):
            p = _PREC[e.op]
            lp, rp = (p + 1, p) if e.op in _RIGHT else (p, p + 1)
            text = f"{self.expr(e.left, lp)} {e.op} {self.expr(e.right, rp)}"
            return f"({text})" if p < prec else text
        if isinstance(e, A.UnOp):
            sep = " " if e.op.isalpha() else ""
            text = f"{e.op}{sep}{self.expr(e.operand, _UNARY_PREC)}"
            return f"({text})" if _UNARY_PREC < prec else text
        if isinstance(e, A.Call):
            args = self.seq(e.args)
            if exprs.is_bif(e):
                return f"{atom(e.name)}({args})"
            self.uses_impl = True
            return f"Impl_:{atom(e.name)}({args})"
        if isinstance(e, A.RemoteCall):
            return f"{atom(e.module)}:{atom(e.name)}({self.seq(e.args)})"
        if isinstance(e, A.ListComp):
            return self.comprehension(e)
        if isinstance(e, A.Binary):
            return "<<" + ", ".join(self.bin_elem(el) for el in e.elems) + ">>"
        raise AssertionError(type(e).__name__)

    def comprehension(self, e: A.ListComp) -> str:
        """A comprehension whose generator variables are renamed apart.

        A generator's variables are always new in Erlang, shadowing any variable of the
        same name. erlc warns about that shadowing, and about a generator variable that
        nothing reads; so each one gets a name of its own (`Z_1_`, numbered per generator;
        names ending in `_` are reserved for generated code), or `_` when nothing reads
        it. The meaning is unchanged.
        """
        saved = dict(self.renames)
        try:
            quals = []
            for i, q in enumerate(e.qualifiers):
                if not isinstance(q, A.Generator):
                    quals.append(self.expr(q))
                    continue
                source = self.expr(q.source)  # sees the names from before this generator
                rest = A.ListComp(e.span, e.expr, e.qualifiers[i + 1:])
                read = {v.name for v in exprs.used_vars(rest)} | exprs.pattern_size_vars(
                    q.pattern)
                binding = Counter(v.name for v in exprs.pattern_vars(q.pattern))
                pattern_renames = {}
                self.generators += 1
                for name, count in binding.items():
                    if name in read or count > 1:
                        pattern_renames[name] = f"{name}_{self.generators}_"
                    else:
                        pattern_renames[name] = "_"
                pattern = _renamed(q.pattern, pattern_renames, dict(self.renames))
                quals.append(f"{Emitter().expr(pattern)} <- {source}")  # final names
                self.renames.update(pattern_renames)
            return f"[{self.expr(e.expr)} || {', '.join(quals)}]"
        finally:
            self.renames = saved

    def match(self, pattern: A.Expr | None, e: A.Expr,
              unused: frozenset[str]) -> tuple[list[str], frozenset[str]]:
        """`Pattern = Expr` (or `Expr;` when `pattern` is None) as statements with the
        same meaning and no erlc warning, and the variables they read.

        A value, or part of a value, that nothing reads (the pattern is `_`, a variable
        in `unused`, or None) only counts for its exceptions and effects: its unsafe
        parts (`exprs.unsafe_parts`) are evaluated as `_ = Part`, and the rest, which
        cannot raise, is left out. Otherwise erlc leaves it out itself and warns about
        the operators it finds inside ("the result of ... is ignored"). No statement
        at all comes out when nothing can fail, raise or be read. When part of a
        constructor goes, its other parts that are not plain values are bound to
        variables first (named after their position, so unique in a function), so the
        left-to-right order of evaluation stays.
        """
        steps: list[tuple[str | None, A.Expr]] = []
        if pattern is None or _thrown_away(pattern, unused):
            steps = [(None, u) for u in exprs.unsafe_parts(e)]
            value = None
        elif _throws_part_away(pattern, e, unused):
            value = _hoisted(pattern, e, unused, steps)
        else:
            value = e
        lines = [f"{name or '_'} = {self.expr(x)}" for name, x in steps]
        reads = {v.name for _, x in steps for v in exprs.used_vars(x)}
        if value is not None:
            lines.append(f"{Emitter(unused).expr(pattern)} = {self.expr(value)}")
            temps = {name for name, _ in steps}
            reads |= {v.name for v in exprs.used_vars(value)} - temps
        return lines, frozenset(reads)

    def subject(self, e: A.Expr, clauses, unused: frozenset[str]
                ) -> tuple[list[str], str, frozenset[str]]:
        """A `case` subject: (statements before the `case`, the subject, what they read).

        A `case` of one clause without a guard, on a constructor, is a match as far as
        erlc is concerned: what the clause's pattern throws away (by `_` or a variable
        in `unused`) is evaluated first for what may raise in it, as in `match`.
        """
        if len(clauses) == 1 and clauses[0].guard is None \
                and _throws_part_away(clauses[0].pattern, e, unused):
            steps: list[tuple[str | None, A.Expr]] = []
            value = _hoisted(clauses[0].pattern, e, unused, steps)
            pre = [f"{name or '_'} = {self.expr(x)}" for name, x in steps]
            reads = {v.name for _, x in steps for v in exprs.used_vars(x)}
            reads |= {v.name for v in exprs.used_vars(value)} - {name for name, _ in steps}
            return pre, self.expr(value), frozenset(reads)
        return [], self.expr(e), frozenset(v.name for v in exprs.used_vars(e))

    def seq(self, items) -> str:
        return ", ".join(self.expr(x) for x in items)

    def bin_elem(self, el: A.BinElem) -> str:
        simple = (A.Var, A.Int, A.String, A.Char, A.Wildcard)
        v = self.expr(el.value)
        if not isinstance(el.value, simple):
            v = f"({v})"
        if el.size is not None:
            s = self.expr(el.size)
            v += ":" + (s if isinstance(el.size, simple) else f"({s})")
        if el.types:
            v += "/" + "-".join(el.types)
        return v


def _renamed(p: A.Expr, new: dict[str, str], outer: dict[str, str]) -> A.Expr:
    """Generator pattern `p` with its variables given their emitted names: `new` for the
    ones it binds; map keys, and sizes not bound by an earlier segment of their binary,
    read the variables from before the pattern (`outer`)."""

    def read(e: A.Expr, names: dict[str, str]) -> A.Expr:
        if isinstance(e, A.Var):
            return replace(e, name=names.get(e.name, e.name))
        return _map_children(e, lambda c: read(c, names))

    def bind(e: A.Expr) -> A.Expr:
        if isinstance(e, A.Var):
            return replace(e, name=new.get(e.name, e.name))
        if isinstance(e, A.Map):
            return replace(e, fields=tuple(replace(f, key=read(f.key, outer), value=bind(f.value))
                                           for f in e.fields))
        if isinstance(e, A.Binary):
            elems, earlier = [], set()
            for el in e.elems:
                size = el.size
                if size is not None:
                    size = read(size, {**outer, **{n: new[n] for n in earlier if n in new}})
                elems.append(replace(el, value=bind(el.value), size=size))
                earlier.update(v.name for v in exprs.pattern_vars(el.value))
            return replace(e, elems=tuple(elems))
        return _map_children(e, bind)

    return bind(p)


def _map_children(e: A.Expr, f) -> A.Expr:
    """`e` with `f` applied to each sub-expression of a pattern or size expression."""
    if isinstance(e, A.Tuple):
        return replace(e, elems=tuple(f(x) for x in e.elems))
    if isinstance(e, A.List):
        return replace(e, elems=tuple(f(x) for x in e.elems),
                       tail=None if e.tail is None else f(e.tail))
    if isinstance(e, A.BinOp):
        return replace(e, left=f(e.left), right=f(e.right))
    if isinstance(e, A.UnOp):
        return replace(e, operand=f(e.operand))
    if isinstance(e, (A.Call, A.RemoteCall)):
        return replace(e, args=tuple(f(x) for x in e.args))
    if isinstance(e, A.Map):
        return replace(e, fields=tuple(replace(m, key=f(m.key), value=f(m.value))
                                       for m in e.fields),
                       base=None if e.base is None else f(e.base))
    return e


def _thrown_away(p: A.Expr, unused: frozenset[str]) -> bool:
    return isinstance(p, A.Wildcard) or (isinstance(p, A.Var) and p.name in unused)


def _throws_part_away(p: A.Expr, e: A.Expr, unused: frozenset[str]) -> bool:
    """Whether `p` matches a part of constructor `e` that is not a plain value with a
    pattern that throws it away."""
    if isinstance(e, (A.Var, A.Atom, A.Int, A.Float, A.Char, A.String)):
        return False
    if _thrown_away(p, unused):
        return True
    if isinstance(p, A.Tuple) and isinstance(e, A.Tuple) and len(p.elems) == len(e.elems):
        return any(_throws_part_away(x, y, unused) for x, y in zip(p.elems, e.elems,
                                                                   strict=True))
    if isinstance(p, A.List) and isinstance(e, A.List) and len(p.elems) == len(e.elems) \
            and (p.tail is None) == (e.tail is None):
        return any(_throws_part_away(x, y, unused) for x, y in zip(p.elems, e.elems,
                                                                   strict=True)) or (
            p.tail is not None and _throws_part_away(p.tail, e.tail, unused))
    return False


def _hoisted(p: A.Expr, e: A.Expr, unused: frozenset[str],
             steps: list[tuple[str | None, A.Expr]]) -> A.Expr:
    """`e` as matched by `p` once its elements that are not plain values are evaluated
    beforehand, in order, into `steps`: (None, Elem) for one that `p` throws away, which
    `[]` replaces; (Name, Elem) for one that `p` matches, which `Name` replaces."""
    if isinstance(e, (A.Var, A.Atom, A.Int, A.Float, A.Char, A.String)):
        return e
    if isinstance(p, A.Tuple) and isinstance(e, A.Tuple) and len(p.elems) == len(e.elems):
        return replace(e, elems=tuple(_hoisted(x, y, unused, steps)
                                      for x, y in zip(p.elems, e.elems, strict=True)))
    if isinstance(p, A.List) and isinstance(e, A.List) and len(p.elems) == len(e.elems) \
            and (p.tail is None) == (e.tail is None):
        elems = tuple(_hoisted(x, y, unused, steps)
                      for x, y in zip(p.elems, e.elems, strict=True))
        tail = None if e.tail is None else _hoisted(p.tail, e.tail, unused, steps)
        return replace(e, elems=elems, tail=tail)
    if _thrown_away(p, unused):
        steps.append((None, e))
        return A.List(e.span)
    name = f"E{e.span.line}_{e.span.col}_"
    steps.append((name, e))
    return A.Var(e.span, name)
