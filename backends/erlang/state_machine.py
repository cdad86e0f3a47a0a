"""A role's IR as an explicit Erlang state machine.

Straight-line code runs inside one function; every receive and every call that is
not a tail call suspends it: the function returns a `next()` tuple naming a label and
the live variables, and `resume/5` later continues at that label's function. Code
after a choice becomes a join function that every branch calls.

Generation runs back to front over each body so that each point knows which
variables the rest reads: only those are carried across a suspension, and a pattern
variable that nothing reads is emitted as `_Name`, which keeps `erlc` free of
warnings without any `nowarn` option.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from choreo_erl.parser import ast as A
from choreo_erl.projector import exprs, ir
from choreo_erl.projector.names import atom, role_atom, role_module

from .erl_expr import Emitter


class Unsupported(Exception):
    """A construct the Erlang backend cannot generate yet, with the statement's span."""

    def __init__(self, message: str, span) -> None:
        super().__init__(message)
        self.span = span


@dataclass
class Line:
    src: int
    text: str


@dataclass
class CaseCode:
    src: int
    head: str
    clauses: list[tuple[int, str, list]]  # (source line, clause head, body)


@dataclass
class Segment:
    name: str
    params: list[str]
    body: list
    src: int
    comment: str = ""


@dataclass
class ResumeClause:
    label: int
    step: str
    env: list[str]  # the whole env tuple, `_` where this branch does not need a variable
    call: str


@dataclass
class Join:
    name: str
    params: list[str]


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


def names(pattern: A.Expr | None) -> frozenset[str]:
    if pattern is None:
        return frozenset()
    return frozenset(v.name for v in exprs.pattern_vars(pattern))


def used(e: A.Expr | None) -> frozenset[str]:
    return frozenset() if e is None else frozenset(v.name for v in exprs.used_vars(e))


def pattern_uses(pattern: A.Expr | None, bound: frozenset[str]) -> frozenset[str]:
    """Variables a pattern reads: bound ones it matches, and map keys / binary sizes."""
    if pattern is None:
        return frozenset()
    reads = set(names(pattern) & bound)
    for x in exprs.walk(pattern):
        if isinstance(x, A.Map):
            for f in x.fields:
                reads |= used(f.key)
        elif isinstance(x, A.Binary):
            for el in x.elems:
                reads |= used(el.size)
    return frozenset(reads)


def bound_after(body: ir.Body, bound: frozenset[str]) -> frozenset[str] | None:
    """Variables bound after `body` falls through; None when it never does."""
    for ins in body:
        if isinstance(ins, (ir.Recv, ir.Local)):
            bound |= names(ins.pattern)
        elif isinstance(ins, ir.CallChor):
            if ins.tail:
                return None
            bound |= names(ins.result)
        elif isinstance(ins, ir.Ret):
            return None
        elif isinstance(ins, (ir.If, ir.Branch, ir.Offer)):
            outs = []
            if isinstance(ins, ir.If):
                outs = [bound_after(ins.then, bound), bound_after(ins.orelse, bound)]
            elif isinstance(ins, ir.Branch):
                outs = [bound_after(c.body, bound | names(c.pattern)) for c in ins.clauses]
            else:
                outs = [bound_after(b.body, bound | names(b.pattern)) for b in ins.branches]
            live = [o for o in outs if o is not None]
            if not live:
                return None
            bound = frozenset.intersection(*live)
    return bound


class MachineBuilder:
    def __init__(self, proc: ir.RoleProc) -> None:
        self.proc = proc
        self.labels = 0
        self.used_names: Counter[str] = Counter()
        self.machine = RoleMachine([], [], proc.span.line)

    def build(self) -> RoleMachine:
        params = frozenset(self.proc.params)
        body, live = self.gen(self.proc.body, 0, params, None)
        self.machine.enter_params = [p if p in live else f"_{p}" for p in self.proc.params]
        self.machine.enter_body = body
        self.machine.segments.sort(key=lambda s: s.src)
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

    def join(self, body: ir.Body, start: int, bound: frozenset[str] | None, k: Join | None):
        """The code after a compound instruction, as a function its branches call."""
        if start >= len(body):
            return k
        if bound is None:  # no branch falls through: the rest can never run
            return k
        code, live = self.gen(body, start, bound, k)
        params = sorted(live)
        name = self.segment("join", params + ["Ctx_"], code, body[start].span.line)
        return Join(name, params)

    # -------------------------------------------------------- generation

    def gen(self, body: ir.Body, i: int, bound: frozenset[str], k: Join | None):
        """Code for body[i:], then k; returns (code, variables it reads on entry)."""
        if i == len(body):
            if k is None:
                return [Line(0, "{return, ok}")], frozenset()
            args = ", ".join(k.params + ["Ctx_"])
            return [Line(0, f"{k.name}({args})")], frozenset(k.params)
        ins = body[i]
        src = ins.span.line
        if isinstance(ins, ir.Send):
            rest, live = self.gen(body, i + 1, bound, k)
            e = Emitter().expr(ins.expr)
            text = f"ok = choreo_runtime:send(Ctx_, {atom(role_atom(ins.to))}, " \
                   f"{step_term(ins.step)}, {e})"
            return [Line(src, text)] + rest, live | used(ins.expr)
        if isinstance(ins, ir.Choose):
            rest, live = self.gen(body, i + 1, bound, k)
            label = ins.label if isinstance(ins.label, int) else atom(ins.label)
            text = f"ok = choreo_runtime:send(Ctx_, {atom(role_atom(ins.to))}, " \
                   f"{step_term(ir.select_step(ins.label))}, {label})"
            return [Line(src, text)] + rest, live
        if isinstance(ins, ir.Local):
            pv = names(ins.pattern)
            fresh = pv - bound
            rest, live = self.gen(body, i + 1, bound | pv, k)
            if ins.pattern is not None and not (pv & bound) and not (fresh & live) \
                    and exprs.is_pure(ins.expr):
                # Dead: it binds only variables nothing reads, and calls nothing with
                # an effect. Erlang would warn that it has no effect; drop it, as
                # Erlang's own compiler does.
                return rest, live
            value = Emitter().expr(ins.expr)
            if ins.pattern is None:
                text = f"_ = {value}"
            else:
                text = f"{Emitter(fresh - live).expr(ins.pattern)} = {value}"
            reads = used(ins.expr) | pattern_uses(ins.pattern, bound) | (live - fresh)
            return [Line(src, text)] + rest, reads
        if isinstance(ins, ir.Recv):
            branch = ir.OfferBranch(ins.step, ins.pattern, body[i + 1:], ins.span)
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
            cond = Emitter().expr(ins.cond)
            code = CaseCode(src, f"case {cond} of", [(src, "true ->", then),
                                                     (src, "false ->", orelse)])
            return [code], used(ins.cond) | lt | le
        if isinstance(ins, ir.Branch):
            after = bound_after((ins,), bound)
            kk = self.join(body, i + 1, after, k)
            clauses = []
            reads = used(ins.subject)
            for c in ins.clauses:
                pv = names(c.pattern)
                fresh = pv - bound
                code, live = self.gen(c.body, 0, bound | pv, kk)
                guard_reads = used(c.guard)
                em = Emitter(fresh - live - guard_reads)
                head = em.expr(c.pattern)
                if c.guard is not None:
                    head += f" when {em.expr(c.guard)}"
                clauses.append((c.body[0].span.line if c.body else src, head + " ->", code))
                reads |= pattern_uses(c.pattern, bound) | (live - fresh) | (guard_reads - fresh)
            subject = Emitter().expr(ins.subject)
            return [CaseCode(src, f"case {subject} of", clauses)], reads
        if isinstance(ins, ir.CallChor):
            module = role_module(ins.chor, ins.callee_role)
            args = "[" + ", ".join(Emitter().expr(a) for a in ins.args) + "]"
            role_map = "#{" + ", ".join(
                f"{atom(role_atom(callee))} => {atom(role_atom(caller))}"
                for callee, caller in ins.role_map) + "}"
            arg_reads = frozenset().union(*(used(a) for a in ins.args)) if ins.args else \
                frozenset()
            if ins.tail:
                return [Line(src, f"{{tail_call, {atom(module)}, {args}, {role_map}}}")], arg_reads
            branch = ir.OfferBranch("return", ins.result, body[i + 1:], ins.span)
            fn, env, _ = self.resume_point(f"return_from_{ins.chor}", branch, bound, k, src)
            label = self.label()
            self.machine.resume.append(ResumeClause(label, "return", env, fn))
            text = (f"{{call, {atom(module)}, {args}, {role_map}, {label}, "
                    f"{{{', '.join(env)}}}}}")
            return [Line(src, text)], frozenset(env) | arg_reads
        if isinstance(ins, ir.Ret):
            value = "ok" if ins.expr is None else Emitter().expr(ins.expr)
            return [Line(src, f"{{return, {value}}}")], used(ins.expr)
        if isinstance(ins, ir.Checkpoint):
            raise Unsupported("`checkpoint … rescue` is not supported by the Erlang backend yet",
                              ins.span)
        raise AssertionError(type(ins).__name__)

    def suspend_recv(self, ins: ir.Instr, frm: str, branches: list[ir.OfferBranch],
                     bound: frozenset[str], k: Join | None, within: int | None):
        """Wait for one of `branches`' steps from `frm`; each continues in its own function."""
        label = self.label()
        points = []
        for br in branches:
            if br.pattern is None:
                base = f"select_{br.step[1]}" if isinstance(br.step, tuple) else "select"
            else:
                base = f"recv_{br.step}"
            if br.pattern is None:
                src = br.body[0].span.line if br.body else ins.span.line
            else:
                src = br.span.line or ins.span.line
            points.append((br, *self.resume_point(base, br, bound, k, src)))
        env = sorted(set().union(*(set(p[2]) for p in points)))
        for br, fn, needs, _ in points:
            shown = [v if v in needs else "_" for v in env]
            self.machine.resume.append(ResumeClause(label, step_term(br.step), shown, fn))
        steps = ", ".join(step_term(br.step) for br in branches)
        wait = "infinity" if within is None else str(within)
        text = f"{{recv, {atom(role_atom(frm))}, [{steps}], {label}, {{{', '.join(env)}}}, {wait}}}"
        return [Line(ins.span.line, text)], frozenset(env)

    def resume_point(self, base: str, br: ir.OfferBranch, bound: frozenset[str],
                     k: Join | None, src: int):
        """The function that continues after a message or return: (name call, env, env)."""
        pv = names(br.pattern)
        fresh = pv - bound
        rest, live = self.gen(br.body, 0, bound | pv, k)
        code = []
        if br.pattern is not None:
            code.append(Line(src, f"{Emitter(fresh - live).expr(br.pattern)} = Msg_"))
        env = sorted(pattern_uses(br.pattern, bound) | (live - fresh))
        params = (["Msg_"] if br.pattern is not None else []) + env + ["Ctx_"]
        name = self.segment(base, params, code + rest, src)
        call = f"{name}({', '.join(params)})"
        return call, env, env
