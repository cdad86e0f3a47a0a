"""What erlc knows of a role's values when it compiles the role's module.

erlc works out a condition whose value it knows (`if A.(1 > 2)`, or `A.K = 5;` then
`if A.(K > 7)`) and drops the branch it will never take; a value bound earlier only for
that branch is then never used, and erlc's warning ("the result of ... is ignored")
fails the strict build. The generated code passes such a condition through
`choreo_runtime:value/1`, which erlc cannot see through. Wrapping more than needed
costs only a call, so the set below may hold too much, never too little of what erlc
propagates through `V = Expr` bindings.
"""

from __future__ import annotations

from choreo_erl.parser import ast as A
from choreo_erl.parser import exprs
from choreo_erl.projector import ir


def known_variables(proc: ir.RoleProc) -> frozenset[str]:
    """The variables of `proc` bound by `V = Expr` where `Expr` reads only such
    variables (or none), in the order of the projection."""
    known: set[str] = set()
    for ins in ir.walk(proc.body):
        if isinstance(ins, ir.Local) and isinstance(ins.pattern, A.Var) \
                and all(v.name in known for v in exprs.used_vars(ins.expr)):
            known.add(ins.pattern.name)
    return frozenset(known)


def is_known(e: A.Expr, known: frozenset[str]) -> bool:
    """Whether erlc may work out `e` (every variable it reads is in `known`)."""
    return all(v.name in known for v in exprs.used_vars(e))
