"""Endpoint projection: from a checked program to one `RoleProc` per (choreography, role).

Projection is memoized per (block, role, tail position) and the choice analysis per
choice statement, so each statement is projected once per role however deeply the
choices nest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from choreo_erl.core.diagnostics import ChoreoError, Diagnostic
from choreo_erl.core.source import Span
from choreo_erl.parser import ast as A
from choreo_erl.parser import exprs

from . import ir
from .knowledge import How, Learning, decide

ChoiceKind = Literal["if", "case"]


@dataclass(frozen=True)
class ChoiceReport:
    """What knowledge of choice did for one `if` or `case`, for `check --explain`."""

    chor: str
    span: Span
    kind: ChoiceKind
    decider: str
    labels: tuple[str | int, ...]  # `then`/`else`, or the clause numbers from 1
    learnings: tuple[Learning, ...]


@dataclass(frozen=True)
class CheckpointPlan:
    """Who takes part in one checkpoint, and how each learns that its block committed."""

    parts: tuple[str, ...]
    plans: dict[str, ir.CommitPlan]


@dataclass(frozen=True)
class _Analysis:
    """Knowledge of choice for one choice statement: each other role's learning."""

    learnings: dict[str, Learning]


@dataclass
class Projection:
    program: A.Program
    procs: dict[tuple[str, str], ir.RoleProc]
    choices: list[ChoiceReport]
    # Callbacks each role's implementation module must export, calls included.
    callbacks: dict[tuple[str, str], set[tuple[str, int]]] = field(default_factory=dict)

    def proc(self, chor: str, role: str) -> ir.RoleProc:
        return self.procs[(chor, role)]


def project_program(program: A.Program, strict_choice: bool = False) -> Projection:
    steps, checkpoints = _number(program, A.Comm, A.Checkpoint)
    choices: list[ChoiceReport] = []
    errors: list[Diagnostic] = []
    procs: dict[tuple[str, str], ir.RoleProc] = {}
    for chor in program.choreographies:
        p = _ChorProjector(program, chor, steps, choices, errors, strict_choice, checkpoints)
        for role in chor.roles:
            body = p.block(chor.body, role.name, tail=True)
            procs[(chor.name, role.name)] = ir.RoleProc(chor.name, role.name, role.params, body,
                                                        chor.span, role.family)
    if errors:
        raise ChoreoError(errors)
    projection = Projection(program, procs, choices)
    projection.callbacks = _callbacks(projection)
    return projection


def _number_steps(program: A.Program) -> dict[int, int]:
    """Number every communication statement of the file, in source order, from 1."""
    return _number(program, A.Comm, A.Checkpoint)[0]


def _number_checkpoints(program: A.Program) -> dict[int, int]:
    """Number every `checkpoint` statement of the file, in source order, from 1."""
    return _number(program, A.Comm, A.Checkpoint)[1]


def _number(program: A.Program, *kinds: type) -> list[dict[int, int]]:
    """Number the statements of each kind, nested ones included, in source order (one
    walk for all the kinds)."""
    numbers: list[dict[int, int]] = [{} for _ in kinds]
    for s in A.statements(program):
        for kind, found in zip(kinds, numbers, strict=True):
            if isinstance(s, kind):
                found[id(s)] = len(found) + 1
    return numbers


def _returns_in(block: A.Block | A.Stmt) -> bool:
    """Whether a `return` of the current choreography is somewhere in `block`."""
    return any(isinstance(s, A.Return) for s in A.statements(block))


def checkpoint_parts(s: A.Checkpoint, chor_roles: tuple[str, ...]) -> tuple[str, ...]:
    """The roles that take part in a checkpoint: those of its block and of its rescue.

    A `return` ends the choreography for every role, so a block that can return involves
    them all.
    """
    parts = roles_in(s.body) | roles_in(s.rescue)
    if _returns_in(s.body) or _returns_in(s.rescue):
        parts |= set(chor_roles)
    return tuple(sorted(parts))


def commit_plan(s: A.Checkpoint, parts: tuple[str, ...]) -> dict[str, ir.CommitPlan]:
    """How each participant learns that the block committed, with as few messages as
    the block's own messages allow.

    A block commits when every participant has finished its part of it (none can fail in
    it any more). A role whose last action in the block is a send has finished once the
    message exists, so its receiver knows it, and passes on what it knows with its own
    later messages. The role that knows the most at its end (the *collector*) decides: it
    waits for a `done` report from the participants it cannot know about, commits, and
    tells the others (a message it sends them after the block tells them as well). Roles
    only in the rescue have nothing to finish. Statements that branch or call are passed
    over: what they would teach is not counted, which only costs reports.
    A block and rescue in which no role acts (both empty) have no participant and no plan:
    nothing of them is projected.
    """
    if not parts:
        return {}
    stmts = s.body.stmts
    b1 = roles_in(s.body)
    last: dict[str, int] = {}
    for i, st in enumerate(stmts):
        for r in roles_in(st) | _return_roles(st, parts):
            last[r] = i
    know: dict[str, set[str]] = {r: set() for r in parts}
    for i, st in enumerate(stmts):
        if isinstance(st, A.Comm):
            src, dst = st.source.role, st.target.role
        elif isinstance(st, A.Select):
            src, dst = st.sender, st.receiver
        else:
            continue
        know[dst] |= know[src] | ({src} if last.get(src) == i else set())
    idle = set(parts) - b1  # only in the rescue: nothing to finish
    deciders = [r for r in parts if r in b1] or list(parts)
    end = {r: know[r] | {r} | idle for r in deciders}
    collector = max(deciders, key=lambda r: (len(end[r]), last.get(r, -1), [-ord(c) for c in r]))
    awaited = tuple(sorted(set(parts) - end[collector]))
    plans: dict[str, ir.CommitPlan] = {}
    for r in parts:
        if r == collector:
            plans[r] = ir.CommitPlan("close", r, awaited, tuple(p for p in parts if p != r))
        elif r in awaited:
            plans[r] = ir.CommitPlan("report", collector)
        else:
            plans[r] = ir.CommitPlan("wait", collector)
    return plans


def _return_roles(st: A.Stmt, parts: tuple[str, ...]) -> set[str]:
    """A `return` (possibly nested) involves every participant."""
    return set(parts) if _returns_in(st) else set()


def roles_in(block: A.Block | A.Stmt) -> set[str]:
    """Roles that take part in a block or statement (for checkpoints)."""
    out: set[str] = set()
    members: set[str] = set()
    for s in A.statements(block):
        out |= A.own_roles(s)
        if isinstance(s, A.ForEach):
            members.add(s.member)
    return out - members  # a loop's member is one of its family's


class _ChorProjector:
    def __init__(self, program: A.Program, chor: A.Choreography, steps: dict[int, int],
                 choices: list[ChoiceReport], errors: list[Diagnostic], strict: bool,
                 checkpoints: dict[int, int] | None = None) -> None:
        self.program = program
        self.chor = chor
        self.steps = steps
        self.checkpoints = checkpoints or {}
        self._plans: dict[int, CheckpointPlan] = {}
        self.choices = choices
        self.errors = errors
        self.strict = strict
        self.roles = chor.role_names
        self._blocks: dict[tuple[int, str, bool], ir.Body] = {}
        self._choices: dict[tuple[int, bool], _Analysis] = {}
        self.families = chor.families
        self._roles_at = _roles_in_scope(chor)
        # Spans of the choices of this choreography already in `choices` (a choice is
        # analysed once per tail position, and reported once).
        self._reported: set[Span] = set()

    # -------------------------------------------------------- blocks

    def block(self, block: A.Block, role: str, tail: bool) -> ir.Body:
        key = (id(block), role, tail)
        cached = self._blocks.get(key)
        if cached is not None:
            return cached
        out: list[ir.Instr] = []
        n = len(block.stmts)
        for i, s in enumerate(block.stmts):
            out.extend(self.stmt(s, role, tail and i == n - 1))
        if tail and not ends(out):
            end = block.span
            out.append(ir.Ret(Span(end.end_line, end.end_col, end.end_line, end.end_col), None))
        body = tuple(out)
        self._blocks[key] = body
        return body

    def stmt(self, s: A.Stmt, role: str, tail: bool) -> list[ir.Instr]:
        sp = s.span
        if isinstance(s, A.Comm):
            step = self.steps[id(s)]
            if role == s.source.role:
                if s.target.role in self.families:
                    return [ir.Broadcast(sp, s.target.role, step, s.source.expr)]
                return [ir.Send(sp, s.target.role, step, s.source.expr)]
            if role == s.target.role:
                if s.source.role in self.families:
                    return [ir.Gather(sp, s.source.role, step, s.target.expr, s.within)]
                return [ir.Recv(sp, s.source.role, step, s.target.expr, s.within)]
            return []
        if isinstance(s, A.ForEach):
            if role == s.family:
                body = self.block(s.body, s.member, False)
                return [ir.OwnTurn(sp, s.family, s.member, s.index, body)] if body else []
            body = self.block(s.body, role, False)
            return [ir.ForEach(sp, s.family, s.member, s.index, body)] if body else []
        if isinstance(s, A.Select):
            if role == s.sender:
                return [ir.Choose(sp, s.receiver, s.label)]
            if role == s.receiver:
                return [ir.Recv(sp, s.sender, ir.select_step(s.label), None)]
            return []
        if isinstance(s, A.Assign):
            return [ir.Local(sp, s.target.expr, s.expr)] if role == s.target.role else []
        if isinstance(s, A.Action):
            return [ir.Local(sp, None, s.located.expr)] if role == s.located.role else []
        if isinstance(s, A.If):
            return self.choice(s, s.cond.role, A.blocks(s), ("then", "else"), role, tail)
        if isinstance(s, A.Case):
            labels = tuple(range(1, len(s.clauses) + 1))
            return self.choice(s, s.subject.role, A.blocks(s), labels, role, tail)
        if isinstance(s, A.ChorCall):
            return self.call(s, role, tail)
        if isinstance(s, A.Return):
            value = next((v.expr for v in s.values if v.role == role), None)
            return [ir.Ret(sp, value)]
        if isinstance(s, A.Checkpoint):
            plan = self.checkpoint_plan(s)
            if role not in plan.parts:
                return []
            return [ir.Checkpoint(sp, self.block(s.body, role, False),
                                  self.block(s.rescue, role, False),
                                  self.checkpoints.get(id(s), 0), plan.parts, plan.plans[role])]
        raise AssertionError(type(s).__name__)

    def checkpoint_plan(self, s: A.Checkpoint) -> CheckpointPlan:
        cached = self._plans.get(id(s))
        if cached is None:
            parts = checkpoint_parts(s, self.roles)
            cached = CheckpointPlan(parts, commit_plan(s, parts))
            self._plans[id(s)] = cached
        return cached

    def call(self, s: A.ChorCall, role: str, tail: bool) -> list[ir.Instr]:
        position = next((i for i, a in enumerate(s.args) if a.role == role), None)
        if position is None:
            return []
        callee = self._callee_roles(s)
        result = next((r.expr for r in s.results if r.role == role), None)
        role_map = tuple(zip(callee, (a.role for a in s.args), strict=True))
        return [ir.CallChor(s.span, s.name, callee[position], s.args[position].args or (),
                            role_map, result, tail and not s.results,
                            new_families(self.program, s))]

    def _callee_roles(self, s: A.ChorCall) -> tuple[str, ...]:
        callee = self.program.get(s.name)
        assert callee is not None, "the checker rejects calls of unknown choreographies"
        return callee.role_names

    # -------------------------------------------------------- choices

    def choice(self, s: A.Stmt, decider: str, blocks: list[A.Block],
               labels: tuple[str | int, ...], role: str, tail: bool) -> list[ir.Instr]:
        learnings = self.analyse(s, decider, blocks, labels, tail).learnings
        if role == decider:
            bodies = []
            for i, b in enumerate(blocks):
                sels = tuple(
                    ir.Choose(b.span, other, labels[i], inserted=True)
                    for other in self._roles_at.get(id(s), self.roles)
                    if other != decider and i in learnings[other].selected)
                bodies.append(sels + self.block(b, role, tail))
            if isinstance(s, A.If):
                return [ir.If(s.span, s.cond.expr, bodies[0], bodies[1])]
            assert isinstance(s, A.Case)
            clauses = tuple(ir.CaseClause(c.pattern, c.guard, body)
                            for c, body in zip(s.clauses, bodies, strict=True))
            return [ir.Branch(s.span, s.subject.expr, clauses)]
        learning = learnings[role]
        projections = [self.block(b, role, tail) for b in blocks]
        if learning.how is How.UNAFFECTED:
            return list(projections[0])
        branches: list[ir.OfferBranch] = []
        for i, body in enumerate(projections):
            if i in learning.selected:
                branches.append(ir.OfferBranch(ir.select_step(labels[i]), None, body,
                                               blocks[i].span))
            else:
                branches.extend(ir.as_offer_branches(body))
        within = min((w for w in (_within(p) for p in projections) if w), default=None)
        return [ir.Offer(s.span, learning.sender or decider, tuple(branches), within)]

    def analyse(self, s: A.Stmt, decider: str, blocks: list[A.Block],
                labels: tuple[str | int, ...], tail: bool) -> _Analysis:
        key = (id(s), tail)
        cached = self._choices.get(key)
        if cached is not None:
            return cached
        roles = self._roles_at.get(id(s), self.roles)
        projections = {r: [self.block(b, r, tail) for b in blocks]
                       for r in roles if r != decider}
        if decider not in roles:
            projections = {}
        learnings = decide(decider, projections, labels, self.families)
        result = _Analysis(learnings)
        self._choices[key] = result
        if s.span not in self._reported:
            self._reported.add(s.span)
            kind: ChoiceKind = "if" if isinstance(s, A.If) else "case"
            self.choices.append(ChoiceReport(self.chor.name, s.span, kind, decider, labels,
                                             tuple(learnings[r] for r in roles
                                                   if r in learnings)))
            if self.strict:
                for r in roles:
                    lr = learnings.get(r)
                    if lr is None or not lr.selected:
                        continue
                    for i in lr.selected:
                        label = labels[i]
                        where = blocks[i].span
                        self.errors.append(Diagnostic(
                            "E0701",
                            f"role `{r}` must learn the choice of `{decider}` in branch "
                            f"`{label}`, and no message of that branch tells it",
                            where if where.line else s.span,
                            hint=f"start the branch with `{decider}[{label}] ~> {r};`, or "
                                 "drop --strict-choice to let the compiler insert it"))
        return result


def _roles_in_scope(chor: A.Choreography) -> dict[int, tuple[str, ...]]:
    """The roles of each choice inside a `for`: the member is a role of its own there,
    and the family it belongs to is out of reach (section 8)."""
    out: dict[int, tuple[str, ...]] = {}

    def visit(block: A.Block, roles: tuple[str, ...]) -> None:
        for s in block.stmts:
            if isinstance(s, (A.If, A.Case)):
                out[id(s)] = roles
            if isinstance(s, A.ForEach):
                visit(s.body, tuple(r for r in roles if r != s.family) + (s.member,))
                continue
            for b in _sub_blocks(s):
                visit(b, roles)

    visit(chor.body, chor.role_names)
    return out


def _sub_blocks(s: A.Stmt) -> list[A.Block]:
    if isinstance(s, A.If):
        return [s.then, s.orelse]
    if isinstance(s, A.Case):
        return [c.body for c in s.clauses]
    if isinstance(s, A.Checkpoint):
        return [s.body, s.rescue]
    if isinstance(s, A.ForEach):
        return [s.body]
    return []


def new_families(program: A.Program, s: A.ChorCall) -> tuple[ir.NewFamily, ...]:
    """The families `new F[A.(E)]` starts for call `s`, with the roles A must tell."""
    callee = program.get(s.name)
    if callee is None or all(a.new is None for a in s.args):
        return ()
    out = []
    for arg, decl in zip(s.args, callee.roles, strict=True):
        if arg.new is None:
            continue
        told = tuple(a.role for a, d in zip(s.args, callee.roles, strict=True)
                     if a.new is None and a.role != arg.new.role
                     and talks_to(program, callee.name, d.name, decl.name))
        out.append(ir.NewFamily(decl.name, arg.new.role, arg.new.expr, told))
    return tuple(out)


def talks_to(program: A.Program, chor_name: str, role: str, family: str,
             _seen: frozenset[tuple[str, str, str]] = frozenset()) -> bool:
    """Whether `role` of choreography `chor_name` exchanges a message with a member of
    `family` (directly, in a `for` over it, or through a call passing both)."""
    key = (chor_name, role, family)
    chor = program.get(chor_name)
    if chor is None or key in _seen:
        return False
    seen = _seen | {key}

    def visit(block: A.Block, peers: frozenset[str]) -> bool:
        for s in block.stmts:
            ends: tuple[str, str] | None = None
            if isinstance(s, A.Comm):
                ends = (s.source.role, s.target.role)
            elif isinstance(s, A.Select):
                ends = (s.sender, s.receiver)
            if ends is not None and role in ends and (set(ends) - {role}) & peers:
                return True
            if isinstance(s, A.ChorCall):
                passed = {a.role for a in s.args}
                if role in passed and passed & peers:
                    callee = program.get(s.name)
                    if callee is not None:
                        params = dict(zip((a.role for a in s.args), callee.role_names,
                                          strict=False))
                        if any(talks_to(program, s.name, params[role], params[p], seen)
                               for p in passed & peers):
                            return True
            if isinstance(s, A.ForEach) and s.family == family:
                if visit(s.body, peers | {s.member}):
                    return True
                continue
            if any(visit(b, peers) for b in _sub_blocks(s)):
                return True
        return False

    return visit(chor.body, frozenset({family}))


def _within(body: ir.Body) -> int | None:
    head = body[0] if body else None
    if isinstance(head, (ir.Recv, ir.Offer, ir.Gather)):
        return head.within
    return None


def ends(body: ir.Body) -> bool:
    """Whether a body always ends the choreography (a return or a tail call)."""
    if not body:
        return False
    last = body[-1]
    if isinstance(last, ir.Ret):
        return True
    if isinstance(last, ir.CallChor):
        return last.tail
    inner = ir.bodies(last)
    return bool(inner) and all(ends(b) for b in inner)


# Expressions that cannot hold a call (most patterns, many sent values).
_NO_CALLS = (A.Var, A.Wildcard, A.Atom, A.Int, A.Float, A.Char, A.String)


def _callbacks(projection: Projection) -> dict[tuple[str, str], set[tuple[str, int]]]:
    """Callbacks per (choreography, role), including those of choreographies it plays in."""
    direct: dict[tuple[str, str], set[tuple[str, int]]] = {}
    calls: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for key, proc in projection.procs.items():
        found: set[tuple[str, int]] = set()
        edges: set[tuple[str, str]] = set()
        todo = [proc.body]
        while todo:  # every instruction, nested ones included (order does not matter)
            for ins in todo.pop():
                for e in ir.exprs_of(ins):
                    if not isinstance(e, _NO_CALLS):
                        found.update((c.name, len(c.args)) for c in exprs.callbacks(e))
                if isinstance(ins, ir.CallChor):
                    edges.add((ins.chor, ins.callee_role))
                    for nf in ins.new:  # a family started here: the size is evaluated here
                        if nf.size_role == proc.role:
                            found.update((c.name, len(c.args))
                                         for c in exprs.callbacks(nf.size))
                todo.extend(ir.bodies(ins))
        direct[key], calls[key] = found, edges
    out: dict[tuple[str, str], set[tuple[str, int]]] = {}
    for key in projection.procs:
        seen, todo, acc = {key}, [key], set()
        while todo:
            k = todo.pop()
            acc |= direct.get(k, set())
            for nxt in calls.get(k, ()):
                if nxt not in seen and nxt in direct:
                    seen.add(nxt)
                    todo.append(nxt)
        out[key] = acc
    return out
