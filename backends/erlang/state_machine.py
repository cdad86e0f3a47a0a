"""A role's IR as an explicit Erlang state machine.

Straight-line code runs inside one function; every receive and every call that is
not a tail call suspends it: the function returns a `next()` tuple naming a label and
the live variables, and `resume/5` later continues at that label's function. Code
after a choice becomes a join function that every branch calls.

Generation runs back to front over each body so that each point knows which
variables the rest reads: only those are carried across a suspension, and a pattern
variable that nothing reads is emitted as `_Name`, which keeps `erlc` free of
warnings without any `nowarn` option.

A `checkpoint { B1 } rescue { B2 }` suspends too: its entry returns
`{checkpoint, CpId, Parts, BodyLabel, RescueLabel, Env}` and the runtime resumes B1 at
BodyLabel (or B2 at RescueLabel, with the same Env, if the block fails); the end of B1
returns `{checkpoint_end, CpId, Plan, JoinLabel, Env}` and the runtime resumes at
JoinLabel once the block has committed. B2 ends by calling the join directly. A `return`
inside B1 goes through `checkpoint_end` first, so a role never leaves a block that may
still be rescued. An offer branch whose receive starts a block (`ir.Checkpoint.entered`)
is a `recv` with a seventh element, the checkpoints that its message enters, with their
rescue labels. See docs/internals/runtime-contract.md.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from choreo_erl.core.names import atom, role_atom, role_module, snake
from choreo_erl.parser import ast as A
from choreo_erl.parser import exprs, static_match
from choreo_erl.parser.static_match import ALWAYS
from choreo_erl.projector import ir

from .bound_vars import Bound, Rest, meet
from .erl_expr import Emitter
from .target import CTX, IMPL, MSG, STATE, CaseCode, DirectRole, Line, WaitClause, WaitState


@dataclass
class Segment:
    name: str
    params: list[str]
    body: list
    src: int


@dataclass
class ResumeClause:
    label: int
    step: str
    env: list[str]  # the whole env tuple, `_` where this branch does not need a variable
    call: str
    msg: bool = False  # whether `call` reads the message


@dataclass
class Join:
    name: str
    params: list[str]


@dataclass
class CpEnd:
    """The end of a checkpoint's block (B1): wait for the verdict, then go on at `join`."""

    cp: ir.Checkpoint
    join: Join | CpEnd | None
    label: int = 0  # the resume label of the join, once made
    params: list[str] = field(default_factory=list)


@dataclass
class RoleMachine:
    enter_params: list[str]
    enter_body: list
    enter_src: int
    segments: list[Segment] = field(default_factory=list)
    resume: list[ResumeClause] = field(default_factory=list)


def step_term(step: ir.Step) -> str:
    if isinstance(step, tuple):
        label = step[1]
        return f"{{select, {label if isinstance(label, int) else atom(label)}}}"
    return str(step)


# Pattern variables by pattern node: each pattern is asked for them at every point
# that looks at its instruction (bound_delta runs once per enclosing choice). Entries
# keep their node, so an id is never taken for another node while it is here.
_NAMES: dict[int, tuple[A.Expr, frozenset[str]]] = {}
_NO_NAMES: frozenset[str] = frozenset()


def names(pattern: A.Expr | None) -> frozenset[str]:
    if pattern is None:
        return _NO_NAMES
    hit = _NAMES.get(id(pattern))
    if hit is not None and hit[0] is pattern:
        return hit[1]
    if len(_NAMES) > 50_000:
        _NAMES.clear()
    found = frozenset(v.name for v in exprs.pattern_vars(pattern))
    _NAMES[id(pattern)] = (pattern, found)
    return found


def used(e: A.Expr | None) -> frozenset[str]:
    return frozenset() if e is None else frozenset(v.name for v in exprs.used_vars(e))


def pattern_uses(pattern: A.Expr | None, bound: frozenset[str]) -> frozenset[str]:
    """Variables a pattern reads: bound ones it matches, and map keys / binary sizes."""
    if pattern is None:
        return frozenset()
    return (names(pattern) & bound) | frozenset(v.name for v in exprs.pattern_reads(pattern))


def unused(pattern: A.Expr | None, fresh: frozenset[str],
           live: frozenset[str]) -> frozenset[str]:
    """Fresh variables of `pattern` that nothing reads, not even the pattern itself (a
    size, or a second occurrence that must be equal): `_Name`."""
    if pattern is None:
        return frozenset()
    twice = {n for n, k in Counter(v.name for v in exprs.pattern_vars(pattern)).items() if k > 1}
    return fresh - live - exprs.pattern_size_vars(pattern) - twice


def known_before(body: ir.Body, i: int) -> dict[str, A.Expr]:
    """What the variables of `V = Expr` statements before body[i] hold (as erlc sees)."""
    return {ins.pattern.name: ins.expr for ins in body[:i]
            if isinstance(ins, ir.Local) and isinstance(ins.pattern, A.Var)}


def bound_after(body: ir.Body, bound):
    """Variables bound after `body` falls through; None when it never does."""
    delta = bound_delta(body)
    return None if delta is None else bound | delta


def bound_delta(body: ir.Body) -> frozenset[str] | None:
    """Variables `body` binds on every path that falls through; None when none does.

    What was bound before `body` stays bound, so bound_after(body, B) is B | this: the
    cost is that of `body`, whatever the size of B.
    """
    out: set[str] = set()
    for ins in body:
        if isinstance(ins, (ir.Recv, ir.Local)):
            out |= names(ins.pattern)
        elif isinstance(ins, ir.CallChor):
            if ins.tail:
                return None
            out |= names(ins.result)
        elif isinstance(ins, ir.Ret):
            return None
        elif isinstance(ins, (ir.If, ir.Branch, ir.Offer, ir.Checkpoint)):
            if isinstance(ins, ir.If):
                outs = [bound_delta(ins.then), bound_delta(ins.orelse)]
            elif isinstance(ins, ir.Branch):
                outs = [_with(names(c.pattern), bound_delta(c.body)) for c in ins.clauses]
            elif isinstance(ins, ir.Offer):
                outs = [_with(names(b.pattern), bound_delta(b.body)) for b in ins.branches]
            else:
                # Bound after the block: what both the block and its rescue bind.
                outs = [bound_delta(ins.body), bound_delta(ins.rescue)]
            live = [o for o in outs if o is not None]
            if not live:
                return None
            out |= frozenset.intersection(*live)
    return frozenset(out)


def _with(pattern_names: frozenset[str], delta: frozenset[str] | None) -> frozenset[str] | None:
    return None if delta is None else pattern_names | delta


def plan_term(plan: ir.CommitPlan) -> str:
    def roles(rs) -> str:
        return "[" + ", ".join(atom(role_atom(r)) for r in rs) + "]"

    if plan.kind == "close":
        return f"{{close, {roles(plan.awaited)}, {roles(plan.notify)}}}"
    return f"{{{plan.kind}, {atom(role_atom(plan.collector))}}}"


# Names the direct back end's role module defines itself: no segment may take them.
DIRECT_RESERVED = ("init", "handle_call", "handle_cast", "handle_info", "handle_continue",
                   "terminate", "code_change", "send", "received", "wait", "awaited",
                   "finish", "early", "peer", "impl")
# Record fields of the direct back end's state that are not variables.
DIRECT_FIXED_FIELDS = ("state", "session", "trace", "impl", "buffer")


class MachineBuilder:
    """Builds a role's state machine.

    Generic (`direct=None`): `enter/2` and `resume/5` return `next()` tuples that
    `choreo_runtime` drives (any choreography: calls, checkpoints, `within`).
    Direct (`direct` = the peers' role atoms): the role's gen_server matches each
    message itself in `handle_info/2` clauses, one named state per wait; only for
    choreographies that `direct_choreographies` accepts.
    """

    def __init__(self, proc: ir.RoleProc, direct: list[str] | None = None) -> None:
        self.proc = proc
        self.labels = 0
        self.used_names: Counter[str] = Counter()
        self.machine = RoleMachine([], [], proc.span.line)
        # The checkpoints whose block (B1) the code being generated is in, innermost last.
        self.blocks: list[CpEnd] = []
        # While an offer branch is generated: the checkpoints its receive enters (outer
        # first), as (checkpoint, rescue label, rescue function, its parameters), and the
        # variables bound before the receive.
        self.entering: list[tuple[ir.Checkpoint, int, str, list[str]]] = []
        self.entry_bound: frozenset[str] = frozenset()
        self.ctx = CTX if direct is None else STATE
        self.sends = False     # whether the role sends anything
        self.sent_to: set[str] = set()  # role atoms it sends to
        self.finishes = False  # whether the role ever ends (not only recursion)
        self.direct: DirectRole | None = None
        if direct is not None:
            for name in DIRECT_RESERVED:
                self.used_names[name] = 1
            entry = self.fresh_name(proc.chor if proc.chor not in DIRECT_RESERVED
                                    else f"play_{proc.chor}")
            self.direct = DirectRole(entry=entry, entry_params=[], peers=list(direct),
                                     fields=[])
            self.field_names: dict[str, str] = {}
            self.taken_fields = set(DIRECT_FIXED_FIELDS) | set(direct)
            self.state_names: Counter[str] = Counter()

    def build(self) -> RoleMachine:
        params = Bound.of(self.proc.params)
        body, live = self.gen(self.proc.body, 0, params, None)
        self.machine.enter_params = [p if p in live else f"_{p}" for p in self.proc.params]
        self.machine.enter_body = body
        self.machine.segments.sort(key=lambda s: s.src)
        if self.direct is not None:
            self.direct.entry_params = self.machine.enter_params
        return self.machine

    # -------------------------------------------------------- helpers

    def fresh_name(self, base: str) -> str:
        self.used_names[base] += 1
        n = self.used_names[base]
        return base if n == 1 else f"{base}_{n}"

    def label(self) -> int:
        self.labels += 1
        return self.labels

    def segment(self, base: str, params: list[str], body: list, src: int) -> str:
        name = self.fresh_name(base)
        self.machine.segments.append(Segment(name, params, body, src))
        return name

    def expr(self, e: A.Expr, unused: frozenset[str] = frozenset()) -> tuple[str, frozenset[str]]:
        """An expression's text, and IMPL in the set if it calls a callback."""
        em = Emitter(unused)
        text = em.expr(e)
        return text, (frozenset({IMPL}) if em.uses_impl else frozenset())

    def send_line(self, src: int, to: str, step: str, payload: str,
                  uses: frozenset[str]) -> Line:
        if self.direct is not None:
            text = f"ok = send({atom(role_atom(to))}, {step}, {payload}, {STATE})"
        else:
            text = f"ok = choreo_runtime:send({CTX}, {atom(role_atom(to))}, {step}, {payload})"
        self.sends = True
        self.sent_to.add(role_atom(to))
        return Line(src, text, uses | {self.ctx})

    def join(self, body: ir.Body, start: int, bound: frozenset[str] | None, k: Join | None):
        """The code after a compound instruction, as a function its branches call."""
        if start >= len(body):
            return k
        if bound is None:  # no branch falls through: the rest can never run
            return k
        code, live = self.gen(body, start, bound, k)
        params = sorted(live)
        name = self.segment("join", params + [self.ctx], code, body[start].span.line)
        return Join(name, params)

    # -------------------------------------------------------- generation

    def gen(self, body: ir.Body, i: int, bound: frozenset[str], k: Join | None):
        """Code for body[i:], then k; returns (code, variables it reads on entry)."""
        if i == len(body):
            if isinstance(k, CpEnd):
                return self.checkpoint_end(k)
            if k is None:
                return [self.ret_line(0, "ok", frozenset())], frozenset()
            args = ", ".join(k.params + [self.ctx])
            return [Line(0, f"{k.name}({args})", frozenset({self.ctx}))], frozenset(k.params)
        ins = body[i]
        src = ins.span.line
        if isinstance(ins, ir.Send):
            rest, live = self.gen(body, i + 1, bound, k)
            e, uses = self.expr(ins.expr)
            return [self.send_line(src, ins.to, step_term(ins.step), e, uses)] + rest, \
                live | used(ins.expr)
        if isinstance(ins, ir.Choose):
            rest, live = self.gen(body, i + 1, bound, k)
            label = ins.label if isinstance(ins.label, int) else atom(ins.label)
            line = self.send_line(src, ins.to, step_term(ir.select_step(ins.label)), str(label),
                                  frozenset())
            return [line] + rest, live
        if isinstance(ins, ir.Local):
            pv = names(ins.pattern)
            fresh = pv - bound
            rest, live = self.gen(body, i + 1, bound | pv, k)
            if ins.pattern is not None and not (fresh & live) \
                    and exprs.cannot_raise(ins.expr) and static_match.outcome(
                        ins.pattern, ins.expr, known_before(body, i), bound) == ALWAYS:
                # A check that always holds (`{ok, _} = T` after `T = {ok, X div 2}`),
                # binding nothing that is read: leaving it out changes nothing, and erlc
                # would warn that it ignores what T's definition computes.
                return rest, live
            # What nothing reads only counts for what may raise in it (see
            # Emitter.match); a statement that cannot fail or raise and whose variables
            # nothing reads comes out as no code at all.
            em = Emitter()
            lines, expr_reads = em.match(ins.pattern, ins.expr, unused(ins.pattern, fresh, live))
            if not lines:
                return rest, live
            reads = expr_reads | pattern_uses(ins.pattern, bound) | (live - fresh)
            uses = frozenset({IMPL}) if em.uses_impl else frozenset()
            return [Line(src, ",\n".join(lines), uses)] + rest, reads
        if isinstance(ins, ir.Recv):
            branch = ir.OfferBranch(ins.step, ins.pattern, Rest(body, i + 1), ins.span)
            return self.suspend_recv(ins, ins.frm, [branch], bound, k, ins.within)
        if isinstance(ins, ir.Offer):
            after = bound_after((ins,), bound)
            kk = self.join(body, i + 1, after, k)
            return self.suspend_recv(ins, ins.frm, list(ins.branches), bound, kk, ins.within)
        if isinstance(ins, ir.If):
            after = bound_after((ins,), bound)
            kk = self.join(body, i + 1, after, k)
            then, lt = self.gen(ins.then, 0, bound, kk)
            orelse, le = self.gen(ins.orelse, 0, bound, kk)
            cond, uses = self.expr(ins.cond)
            code = CaseCode(src, f"case {cond} of", [(src, "true ->", then),
                                                     (src, "false ->", orelse)], uses)
            return [code], used(ins.cond) | lt | le
        if isinstance(ins, ir.Branch):
            after = bound_after((ins,), bound)
            kk = self.join(body, i + 1, after, k)
            clauses = []
            reads: frozenset[str] = frozenset()
            thrown: frozenset[str] = frozenset()  # what the first clause throws away
            for c in ins.clauses:
                pv = names(c.pattern)
                fresh = pv - bound
                code, live = self.gen(c.body, 0, bound | pv, kk)
                guard_reads = used(c.guard)
                em = Emitter(unused(c.pattern, fresh, live) - guard_reads)
                if not clauses:
                    thrown = em.unused
                head = em.expr(c.pattern)
                if c.guard is not None:
                    head += f" when {em.expr(c.guard)}"
                clauses.append((c.body[0].span.line if c.body else src, head + " ->", code))
                reads |= pattern_uses(c.pattern, bound) | (live - fresh) | (guard_reads - fresh)
            em = Emitter()
            pre, subject, subject_reads = em.subject(ins.subject, ins.clauses, thrown)
            uses = frozenset({IMPL}) if em.uses_impl else frozenset()
            code = [Line(src, ",\n".join(pre), uses)] if pre else []
            return code + [CaseCode(src, f"case {subject} of", clauses, uses)], \
                reads | subject_reads
        if isinstance(ins, ir.CallChor):
            module = role_module(ins.chor, ins.callee_role)
            arg_texts = [self.expr(a) for a in ins.args]
            arg_uses = frozenset().union(*(u for _, u in arg_texts))
            args = "[" + ", ".join(t for t, _ in arg_texts) + "]"
            role_map = "#{" + ", ".join(
                f"{atom(role_atom(callee))} => {atom(role_atom(caller))}"
                for callee, caller in ins.role_map) + "}"
            arg_reads = frozenset().union(*(used(a) for a in ins.args)) if ins.args else \
                frozenset()
            if self.direct is not None:
                # direct_choreographies: only a tail call of this very role's projection.
                call_args = ", ".join([t for t, _ in arg_texts] + [STATE])
                return [Line(src, f"{self.direct.entry}({call_args})",
                             arg_uses | {STATE})], arg_reads
            if ins.tail:
                return [Line(src, f"{{tail_call, {atom(module)}, {args}, {role_map}}}",
                             arg_uses)], arg_reads
            branch = ir.OfferBranch("return", ins.result, Rest(body, i + 1), ins.span)
            fn, env, _ = self.resume_point(f"return_from_{ins.chor}", branch, bound, k, src)
            label = self.label()
            self.machine.resume.append(ResumeClause(label, "return", env, fn,
                                                    ins.result is not None))
            text = (f"{{call, {atom(module)}, {args}, {role_map}, {label}, "
                    f"{{{', '.join(env)}}}}}")
            return [Line(src, text, arg_uses)], frozenset(env) | arg_reads
        if isinstance(ins, ir.Ret):
            if self.blocks:
                return self.return_from_block(ins)
            if ins.expr is None:
                return [self.ret_line(src, "ok", frozenset())], frozenset()
            value, uses = self.expr(ins.expr)
            return [self.ret_line(src, value, uses)], used(ins.expr)
        if isinstance(ins, ir.Checkpoint):
            if ins.entered:
                # Entered by the receive before it: the rescue starts from the
                # variables bound before that receive.
                outer = self.entry_bound
                outs = [o for o in (bound_after(ins.body, bound),
                                    bound_after(ins.rescue, outer)) if o is not None]
                after = meet(outs) if outs else None
                kk = self.join(body, i + 1, after, k)
                return self.entered_checkpoint(ins, bound, outer, kk)
            after = bound_after((ins,), bound)
            kk = self.join(body, i + 1, after, k)
            return self.checkpoint(ins, bound, kk)
        raise AssertionError(type(ins).__name__)

    def ret_line(self, src: int, value: str, uses: frozenset[str]) -> Line:
        """The end of the frame with `value`: the role's result, in the direct back end."""
        if self.direct is not None:
            self.finishes = True
            return Line(src, f"finish({value}, {STATE})", uses | {STATE})
        return Line(src, f"{{return, {value}}}", uses)

    # -------------------------------------------------------- checkpoints

    def checkpoint(self, ins: ir.Checkpoint, bound: frozenset[str], kk):
        """Entry of a checkpoint: B1 and B2 each in a function the runtime resumes."""
        src = ins.span.line
        end = CpEnd(ins, kk)
        self.blocks.append(end)
        try:
            body_code, body_live = self.gen(ins.body, 0, bound, end)
        finally:
            self.blocks.pop()
        rescue_code, rescue_live = self.gen(ins.rescue, 0, bound, kk)
        env = sorted(body_live | rescue_live)
        labels = []
        for base, code, live, first in (("checkpoint", body_code, body_live, ins.body),
                                        ("rescue", rescue_code, rescue_live, ins.rescue)):
            params = sorted(live)
            fsrc = first[0].span.line if first and first[0].span.line else src
            name = self.segment(base, params + [CTX], code, fsrc)
            label = self.label()
            shown = [v if v in live else "_" for v in env]
            self.machine.resume.append(
                ResumeClause(label, "return", shown, f"{name}({', '.join(params + [CTX])})"))
            labels.append(label)
        parts = "[" + ", ".join(atom(role_atom(r)) for r in ins.parts) + "]"
        text = (f"{{checkpoint, {ins.cp_id}, {parts}, {labels[0]}, {labels[1]}, "
                f"{{{', '.join(env)}}}}}")
        return [Line(src, text)], frozenset(env)

    def entered_checkpoint(self, ins: ir.Checkpoint, bound: frozenset[str],
                           outer: frozenset[str], kk):
        """A checkpoint entered by the receive that starts an offer branch: the rest of
        its block runs here; the runtime knows its rescue from the receive's `next()`."""
        rescue_code, rescue_live = self.gen(ins.rescue, 0, outer, kk)
        params = sorted(rescue_live)
        first = ins.rescue[0].span.line if ins.rescue and ins.rescue[0].span.line else \
            ins.span.line
        name = self.segment("rescue", params + [CTX], rescue_code, first)
        self.entering.append((ins, self.label(), name, params))
        end = CpEnd(ins, kk)
        self.blocks.append(end)
        try:
            return self.gen(ins.body, 0, bound, end)
        finally:
            self.blocks.pop()

    def checkpoint_end(self, end: CpEnd):
        """B1 falls through: wait for the verdict, then go on at the join."""
        if not end.label:
            join = end.join
            if not isinstance(join, Join):
                # No code follows in this function: the frame returns `ok`, or the block
                # ends an enclosing block, whose end comes next.
                code, live = ([Line(0, "{return, ok}")], frozenset()) if join is None \
                    else self.checkpoint_end(join)
                params = sorted(live)
                name = self.segment("after_checkpoint", params + [CTX], code,
                                    end.cp.span.line)
                join = Join(name, params)
            end.params = list(join.params)
            call = f"{join.name}({', '.join(end.params + [CTX])})"
            end.label = self.label()
            self.machine.resume.append(ResumeClause(end.label, "return", end.params, call))
        text = (f"{{checkpoint_end, {end.cp.cp_id}, {plan_term(end.cp.plan)}, {end.label}, "
                f"{{{', '.join(end.params)}}}}}")
        return [Line(0, text)], frozenset(end.params)

    def return_from_block(self, ins: ir.Ret):
        """A `return` inside B1: the block must commit before the frame ends."""
        end = self.blocks.pop()
        try:
            code, live = self.gen((ins,), 0, frozenset(), None)
        finally:
            self.blocks.append(end)
        params = sorted(live)
        name = self.segment("return", params + [CTX], code, ins.span.line)
        label = self.label()
        self.machine.resume.append(
            ResumeClause(label, "return", params, f"{name}({', '.join(params + [CTX])})"))
        text = (f"{{checkpoint_end, {end.cp.cp_id}, {plan_term(end.cp.plan)}, {label}, "
                f"{{{', '.join(params)}}}}}")
        return [Line(ins.span.line, text)], frozenset(params)

    def suspend_recv(self, ins: ir.Instr, frm: str, branches: list[ir.OfferBranch],
                     bound: frozenset[str], k: Join | None, within: int | None):
        """Wait for one of `branches`' steps from `frm`; each continues in its own function."""
        label = self.label()
        points = []
        enters: list[tuple[ir.OfferBranch, list]] = []
        saved = self.entering, self.entry_bound
        try:
            for br in branches:
                if br.pattern is None:
                    base = f"select_{br.step[1]}" if isinstance(br.step, tuple) else "select"
                else:
                    base = f"recv_{br.step}"
                if br.pattern is None:
                    src = br.body[0].span.line if br.body else ins.span.line
                else:
                    src = br.span.line or ins.span.line
                self.entering, self.entry_bound = [], bound
                points.append((br, *self.resume_point(base, br, bound, k, src)))
                if self.entering:
                    enters.append((br, self.entering))
        finally:
            self.entering, self.entry_bound = saved
        if self.direct is not None:
            return self.direct_wait(ins, frm, points)
        rescues = [r for _, chain in enters for r in chain]
        env = sorted(set().union(*(set(p[2]) for p in points), *(set(r[3]) for r in rescues)))
        for br, fn, needs, _ in points:
            shown = [v if v in needs else "_" for v in env]
            self.machine.resume.append(ResumeClause(label, step_term(br.step), shown, fn,
                                                    br.pattern is not None))
        for _cp, rlabel, name, params in rescues:
            shown = [v if v in params else "_" for v in env]
            self.machine.resume.append(ResumeClause(
                rlabel, "return", shown, f"{name}({', '.join(params + [CTX])})"))
        steps = ", ".join(step_term(br.step) for br in branches)
        wait = "infinity" if within is None else str(within)
        text = f"{{recv, {atom(role_atom(frm))}, [{steps}], {label}, {{{', '.join(env)}}}, {wait}"
        if enters:
            # The receive of these steps enters these checkpoints first (outer first).
            entries = ", ".join(
                f"{{{step_term(br.step)}, ["
                + ", ".join(f"{{{cp.cp_id}, "
                            f"[{', '.join(atom(role_atom(r)) for r in cp.parts)}], {rl}}}"
                            for cp, rl, _, _ in chain) + "]}"
                for br, chain in enters)
            text += f", [{entries}]"
        return [Line(ins.span.line, text + "}")], frozenset(env)

    def resume_point(self, base: str, br: ir.OfferBranch, bound: frozenset[str],
                     k: Join | None, src: int):
        """The function that continues after a message or return: (name call, env, env)."""
        pv = names(br.pattern)
        fresh = pv - bound
        rest, live = self.gen(br.body, 0, bound | pv, k)
        code = []
        if br.pattern is not None:
            em = Emitter(unused(br.pattern, fresh, live))
            code.append(Line(src, f"{em.expr(br.pattern)} = {MSG}", frozenset({MSG})))
        env = sorted(pattern_uses(br.pattern, bound) | (live - fresh))
        params = ([MSG] if br.pattern is not None else []) + env + [self.ctx]
        name = self.segment(base, params, code + rest, src)
        call = f"{name}({', '.join(params)})"
        return call, env, env

    # -------------------------------------------------------- the direct back end

    def field(self, var: str) -> str:
        """The record field that keeps `var` across waits."""
        if var not in self.field_names:
            base = snake(var)
            name, n = base, 1
            while name in self.taken_fields:
                n += 1
                name = f"{base}_{n}"
            self.taken_fields.add(name)
            self.field_names[var] = name
            self.direct.fields.append(name)
        return self.field_names[var]

    def state_name(self, frm: str, branches: list[ir.OfferBranch]) -> str:
        """`await_<what>`: the first message's tag when it has one, else the sender."""
        what = snake(role_atom(frm))
        for br in branches:
            p = br.pattern
            if isinstance(p, A.Tuple) and p.elems and isinstance(p.elems[0], A.Atom):
                p = p.elems[0]
            if isinstance(p, A.Atom) and _PLAIN_ATOM.match(p.value):
                what = p.value
                break
        base = f"await_{what}"
        self.state_names[base] += 1
        n = self.state_names[base]
        return base if n == 1 else f"{base}_{n}"

    def direct_wait(self, ins: ir.Instr, frm: str, points):
        """A wait of the direct back end: store the live variables and a state name in
        the record; `handle_info/2` clauses of that state take the awaited steps."""
        assert self.direct is not None
        name = self.state_name(frm, [br for br, *_ in points])
        peer = atom(role_atom(frm))
        env = sorted(set().union(*(set(p[2]) for p in points)))
        for br, fn, needs, _ in points:
            self.direct.clauses.append(WaitClause(
                atom(name), peer, step_term(br.step),
                [(atom(self.field(v)), v) for v in needs], br.pattern is not None, fn))
        self.direct.states.append(WaitState(atom(name), peer,
                                            [step_term(br.step) for br, *_ in points],
                                            ins.span.line))
        updates = "".join(f", {atom(self.field(v))} = {v}" for v in env)
        text = f"wait({STATE}#state{{state = {atom(name)}{updates}}})"
        return [Line(ins.span.line, text, frozenset({STATE}))], frozenset(env)


_PLAIN_ATOM = re.compile(r"^[a-z][a-zA-Z0-9_]*$")


def direct_choreographies(program_procs: dict) -> set[str]:
    """The choreographies whose every role can use the direct back end: no checkpoint,
    no `within`, and no call except a tail call of the role's own projection with every
    role playing itself (recursion); and no other choreography calls them (their roles'
    modules must then offer `enter/2` and `resume/5`). One walk over the program."""
    generic: set[str] = set()
    for (c, role), proc in program_procs.items():
        for ins in ir.walk(proc.body):
            if isinstance(ins, ir.CallChor):
                if ins.chor != c:
                    generic.add(ins.chor)
                if not (ins.tail and ins.chor == c and ins.callee_role == role
                        and all(a == b for a, b in ins.role_map)):
                    generic.add(c)
            elif isinstance(ins, ir.Checkpoint) or (
                    isinstance(ins, (ir.Recv, ir.Offer)) and ins.within is not None):
                generic.add(c)
    return {c for c, _ in program_procs} - generic
