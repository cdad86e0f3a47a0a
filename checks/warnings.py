"""Warnings: choreographies that are legal but most likely do not do what was meant.

A warning never fails `check`; `check`, `compile` and `run` show it (and the JSON
format lists it with `"severity": "warning"`).

W0001: a message received into a variable that is already bound at the receiving
role. In Erlang a bound variable in a pattern is a match, so the second message must
equal the first or the role crashes with `badmatch` at run time; almost always a new
name was meant.
"""

from __future__ import annotations

import dataclasses

from choreo_erl.core.diagnostics import Diagnostic, Note
from choreo_erl.core.source import Span
from choreo_erl.parser import ast as A
from choreo_erl.parser.exprs import pattern_vars

# Role -> variable -> where it was first bound.
Bound = dict[str, dict[str, Span]]


def program_warnings(program: A.Program) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for chor in program.choreographies:
        bound: Bound = {r.name: dict(zip(r.params, r.param_spans or (r.span,) * len(r.params),
                                         strict=False))
                        for r in chor.roles}
        _block(chor.body, bound, out)
    return sorted(out, key=lambda d: (d.span.line, d.span.col))


def _copy(bound: Bound) -> Bound:
    return {r: dict(vs) for r, vs in bound.items()}


def _bind(located: A.Located, bound: Bound) -> None:
    for v in pattern_vars(located.expr):
        if not v.name.startswith("_"):
            bound.setdefault(located.role, {}).setdefault(v.name, v.span)


def _join(before: Bound, branches: list[Bound]) -> None:
    """After a choice: what every branch bound (a variable bound in only some branches
    cannot be used afterwards, so it cannot be received into by mistake either)."""
    if not branches:
        return
    for role in set().union(*branches):
        common = set.intersection(*(set(b.get(role, {})) for b in branches))
        for name in common:
            before.setdefault(role, {}).setdefault(name, branches[0][role][name])


def _block(block: A.Block, bound: Bound, out: list[Diagnostic]) -> None:
    for stmt in block.stmts:
        _stmt(stmt, bound, out)


def _stmt(s: A.Stmt, bound: Bound, out: list[Diagnostic]) -> None:
    if isinstance(s, A.Comm):
        target = s.target
        if isinstance(target.expr, A.Var):
            name = target.expr.name
            first = bound.get(target.role, {}).get(name)
            if first is not None:
                out.append(Diagnostic(
                    "W0001", f"`{name}` is already bound at role `{target.role}`: this "
                             "receive does not bind it again but checks that the message "
                             "equals it",
                    target.expr.span, severity="warning",
                    notes=(Note(f"`{name}` is bound here", first),),
                    hint=f"receive into a new variable, e.g. `{target.role}.{name}2` "
                         f"(and compare it with `{name}` if a check is meant)"))
        _bind(target, bound)
    elif isinstance(s, A.Assign):
        _bind(s.target, bound)
    elif isinstance(s, A.ChorCall):
        for r in s.results:
            _bind(r, bound)
    elif isinstance(s, A.Case):
        branches = []
        for clause in s.clauses:
            inner = _copy(bound)
            _bind(A.Located(s.subject.role, clause.pattern), inner)
            _block(clause.body, inner, out)
            branches.append(inner)
        _join(bound, branches)
    else:
        # `if`, `checkpoint` and any statement with blocks: each block on its own.
        branches = []
        for f in dataclasses.fields(s):
            value = getattr(s, f.name)
            if isinstance(value, A.Block):
                inner = _copy(bound)
                _block(value, inner, out)
                branches.append(inner)
        if isinstance(s, A.If):
            _join(bound, branches)
