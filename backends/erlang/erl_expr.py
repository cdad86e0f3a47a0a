"""Expressions and patterns as Erlang source text, unchanged in meaning.

A call `f(Args)` that is not an auto-imported BIF goes to the role's implementation
module, held by the generated variable `Impl_`; `Emitter.uses_impl` tells the caller
to bind it.
"""

from __future__ import annotations

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

    def expr(self, e: A.Expr, prec: int = 0) -> str:
        if isinstance(e, A.Var):
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
            quals = []
            for q in e.qualifiers:
                if isinstance(q, A.Generator):
                    quals.append(f"{self.expr(q.pattern)} <- {self.expr(q.source)}")
                else:
                    quals.append(self.expr(q))
            return f"[{self.expr(e.expr)} || {', '.join(quals)}]"
        if isinstance(e, A.Binary):
            return "<<" + ", ".join(self.bin_elem(el) for el in e.elems) + ">>"
        raise AssertionError(type(e).__name__)

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
