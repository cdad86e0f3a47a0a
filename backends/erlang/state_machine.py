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
from collections.abc import Callable
from dataclasses import dataclass, field, fields

from choreo_erl.core.names import MAX_NAME, atom, impl_module, role_atom, role_module, snake
from choreo_erl.parser import ast as A
from choreo_erl.parser import exprs, static_match
from choreo_erl.parser.static_match import ALWAYS
from choreo_erl.projector import ir

from .bound_vars import Bound, Rest, meet
from .constants import is_known, known_variables
from .erl_expr import Emitter
from .target import (
    CTX,
    IMPL,
    MSG,
    STATE,
    CaseCode,
    DirectRole,
    Line,
    PeerNames,
    WaitClause,
    WaitState,
)


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
class Loop:
    """The end of one turn of a `for` over a family at a non-member: call the loop's
    function again with the next member's number."""

    name: str
    var: str            # the member's number (the loop's counter)
    params: list[str]   # the variables the loop carries from turn to turn


@dataclass(frozen=True)
class StartMembers(ir.Instr):
    """`new F[A.(E)]` at A: evaluate the size, start the members, bind `var` to them."""

    new: ir.NewFamily | None = None
    chor: str = ""
    var: str = ""
    arity: int = 0  # the arity of the callee role's start parameters
    known: tuple[tuple[str, str], ...] = ()  # families of the call started before it
    role_map: tuple[tuple[str, str], ...] = ()  # the call's
    new_roles: tuple[str, ...] = ()  # the callee roles of all the call's `new` families


@dataclass(frozen=True)
class CallWithMembers(ir.CallChor):
    """A call with `new` families whose members this role knows (in `members`: family,
    variable), after `StartMembers` or the receive of the `{new, F}` message."""

    members: tuple[tuple[str, str], ...] = ()


@dataclass
class RoleMachine:
    enter_params: list[str]
    enter_body: list
    enter_src: int
    segments: list[Segment] = field(default_factory=list)
    resume: list[ResumeClause] = field(default_factory=list)


def step_term(step: ir.Step | tuple[str, str]) -> str:
    if isinstance(step, tuple) and step[0] == "new":
        # The message that tells a role who the members of a `new` family are.
        return f"{{new, {atom(role_atom(step[1]))}}}"
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
        if isinstance(ins, (ir.Recv, ir.Local, ir.Gather)):
            out |= names(ins.pattern)
        elif isinstance(ins, ir.OwnTurn):
            # What a member's turn binds survives it; its number does not.
            turn = bound_delta(ins.body)
            if turn is None:
                return None
            out |= turn - {ins.index}
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


def plan_term(plan: ir.CommitPlan, carried: bool = False) -> str:
    """The `Plan` of a block's end. A collector's `{close, Awaited, Notify}` is
    `{close, Awaited, Notify, Notify}` when `carried` (see `carries_notices`)."""
    def roles(rs) -> str:
        return "[" + ", ".join(atom(role_atom(r)) for r in rs) + "]"

    if plan.kind == "close":
        if carried:
            return (f"{{close, {roles(plan.awaited)}, {roles(plan.notify)}, "
                    f"{roles(plan.notify)}}}")
        return f"{{close, {roles(plan.awaited)}, {roles(plan.notify)}}}"
    return f"{{{plan.kind}, {atom(role_atom(plan.collector))}}}"


def carries_notices(cp: ir.Checkpoint) -> bool:
    """Whether the collector of `cp` sends every role it must tell of a commit a
    message in the first part of B1 (`first_sends`): when its code comes straight to
    the next instance of the same checkpoint (a loop), those messages tell the commit,
    and the runtime need not note the notice as still to send
    (`choreo_role:after_top/5`)."""
    plan = cp.plan
    return (plan.kind == "close" and bool(plan.notify) and not cp.entered
            and set(plan.notify) <= first_sends(cp.body))


def first_sends(body: ir.Body) -> frozenset[str]:
    """The roles that a role sends a message (or a selection) to whatever happens,
    before it can wait or leave the frame: in its first steps, local ones included, up
    to the first receive, call, return, family step or checkpoint; a branch counts for
    the roles that each of its arms sends to first. (A step that fails before the send
    is a failure of the block: the runtime notes the notice then.)"""
    out: set[str] = set()
    for ins in body:
        if isinstance(ins, (ir.Send, ir.Choose)):
            out.add(ins.to)
        elif isinstance(ins, ir.Local):
            continue
        elif isinstance(ins, ir.If):
            return frozenset(out) | (first_sends(ins.then) & first_sends(ins.orelse))
        elif isinstance(ins, ir.Branch):
            arms = [first_sends(c.body) for c in ins.clauses]
            return frozenset(out) | (frozenset.intersection(*arms) if arms else frozenset())
        else:
            break
    return frozenset(out)


# Names the direct back end's role module defines itself: no segment may take them.
DIRECT_RESERVED = ("init", "handle_call", "handle_cast", "handle_info", "handle_continue",
                   "terminate", "code_change", "send", "received", "wait", "awaited",
                   "finish", "early", "peer", "impl")
# Record fields of the direct back end's state that are not variables.
DIRECT_FIXED_FIELDS = ("state", "session", "trace", "impl", "buffer")
# What the module of a role with a `within` defines besides: functions, fields.
DIRECT_TIMED = ("within", "expired", "start_timer")
DIRECT_TIMED_FIELDS = ("deadline", "timer")
# Fields of the direct back end's `#session{}` record besides the peers' pids.
DIRECT_SESSION_FIELDS = ("link", "trace", "buffer")
# The variables of role_direct.erl.j2's own code (tests/test_backend.py checks the
# list against the template): the clauses that bind every peer's pid use some of them,
# so no peer's variable may be one.
DIRECT_TEMPLATE_VARS = ("At", "Buffer", "Buffer1", "Deadline", "From", "From_", "Info",
                        "Left", "Link", "Ms", "Msg", "Msg_", "Payload", "Pid", "Reason",
                        "Ref", "Request", "Result", "Session", "Start", "State", "State_",
                        "Step", "Steps", "Timer", "To", "Trace", "Waiting_")


def direct_peer_names(peers: list[str]) -> dict[str, PeerNames]:
    """Each peer's field and variable, from its role atom: `carol` and `Carol`, made
    unique (`p_1` and `p1` are both `P1` in CamelCase) and kept clear of the record's
    other fields and the template's variables (roles named `Trace` or `State`)."""
    fields: set[str] = set(DIRECT_SESSION_FIELDS)
    variables: set[str] = set(DIRECT_TEMPLATE_VARS)
    out: dict[str, PeerNames] = {}
    for p in peers:
        field_ = _unique(p, fields, "_pid")
        var = _unique(_camel(p), variables, "Pid")
        out[p] = PeerNames(atom(field_), var)
    return out


def _unique(base: str, taken: set[str], suffix: str) -> str:
    name = base
    while name in taken:
        name += suffix
    taken.add(name)
    return name


def _camel(role_atom_: str) -> str:
    """A variable for a peer's pid: `carol` -> `Carol`, `p_1` -> `P1`."""
    return "".join(part[:1].upper() + part[1:] for part in role_atom_.split("_")) or "Peer"


class MachineBuilder:
    """Builds a role's state machine.

    Generic (`direct=None`): `enter/2` and `resume/5` return `next()` tuples that
    `choreo_runtime` drives (any choreography: calls, checkpoints, families).
    Direct (`direct` = the peers' role atoms): the role's gen_server matches each
    message itself in `handle_info/2` clauses, one named state per wait; only for
    choreographies that `direct_choreographies` accepts.
    """

    def __init__(self, proc: ir.RoleProc, direct: list[str] | None = None,
                 families: frozenset[str] = frozenset(),
                 arity: Callable[[str, str], int] | None = None) -> None:
        self.proc = proc
        # Role families (design section 8): the families of the choreography, the
        # members named by the loops and turns being generated (member -> (family, the
        # variable that holds its number)), and the arity of a callee role (for `new`).
        self.families = families
        self.members: dict[str, tuple[str, str]] = {}
        self.arity = arity
        self.own_turn: str | None = None
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
        # Variables whose value erlc knows when it compiles the module (constants.py).
        self.known = known_variables(proc)
        if direct is not None:
            # A role with a `within` keeps its deadline and timer in the state's
            # `deadline` and `timer` fields, with functions of its own; the names of
            # other roles' functions and fields are as they were without it.
            timed = any(isinstance(ins, (ir.Recv, ir.Offer)) and ins.within is not None
                        for ins in ir.walk(proc.body))
            for name in DIRECT_RESERVED + (DIRECT_TIMED if timed else ()):
                self.used_names[name] = 1
            entry = self.fresh_name(proc.chor if proc.chor not in DIRECT_RESERVED
                                    else f"play_{proc.chor}")
            self.direct = DirectRole(entry=entry, entry_params=[], peers=list(direct),
                                     fields=[], timed=timed,
                                     peer_names=direct_peer_names(list(direct)))
            self.field_names: dict[str, str] = {}
            self.taken_fields = set(DIRECT_FIXED_FIELDS) | set(direct) | (
                set(DIRECT_TIMED_FIELDS) if timed else set())
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

    def peer(self, name: str) -> tuple[str, frozenset[str]]:
        """A peer of the frame as an Erlang term, and the variables that reads: the role's
        atom, or `{Family, I}` for the member of an enclosing loop or turn."""
        m = self.members.get(name)
        if m is None:
            return atom(role_atom(name)), frozenset()
        return f"{{{atom(role_atom(m[0]))}, {m[1]}}}", frozenset({m[1]})

    def send_line(self, src: int, to: str, step: str, payload: str,
                  uses: frozenset[str]) -> tuple[Line, frozenset[str]]:
        """The send of one message (to every member when `to` is a family), and the
        variables it reads besides those of the payload."""
        reads: frozenset[str] = frozenset()
        if self.direct is not None:
            text = f"ok = send({atom(role_atom(to))}, {step}, {payload}, {STATE})"
        elif to in self.members:
            fam, var = self.members[to]
            text = (f"ok = choreo_runtime:send({CTX}, {atom(role_atom(fam))}, {var}, {step}, "
                    f"{payload})")
            reads = frozenset({var})
        elif to in self.families:
            text = (f"ok = choreo_runtime:broadcast({CTX}, {atom(role_atom(to))}, {step}, "
                    f"{payload})")
        else:
            text = f"ok = choreo_runtime:send({CTX}, {atom(role_atom(to))}, {step}, {payload})"
        self.sends = True
        self.sent_to.add(role_atom(to))
        return Line(src, text, uses | {self.ctx}), reads

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
            if isinstance(k, Loop):
                args = ", ".join([f"{k.var} + 1"] + k.params + [self.ctx])
                return [Line(0, f"{k.name}({args})", frozenset({self.ctx}))], \
                    frozenset(k.params) | {k.var}
            if k is None:
                return [self.ret_line(0, "ok", frozenset())], frozenset()
            args = ", ".join(k.params + [self.ctx])
            return [Line(0, f"{k.name}({args})", frozenset({self.ctx}))], frozenset(k.params)
        ins = body[i]
        src = ins.span.line
        if isinstance(ins, ir.Send):
            rest, live = self.gen(body, i + 1, bound, k)
            e, uses = self.expr(ins.expr)
            line, reads = self.send_line(src, ins.to, step_term(ins.step), e, uses)
            return [line] + rest, live | used(ins.expr) | reads
        if isinstance(ins, ir.Choose):
            rest, live = self.gen(body, i + 1, bound, k)
            label = ins.label if isinstance(ins.label, int) else atom(ins.label)
            line, reads = self.send_line(src, ins.to, step_term(ir.select_step(ins.label)),
                                         str(label), frozenset())
            return [line] + rest, live | reads
        if isinstance(ins, ir.Broadcast):
            rest, live = self.gen(body, i + 1, bound, k)
            e, uses = self.expr(ins.expr)
            line, reads = self.send_line(src, ins.family, step_term(ins.step), e, uses)
            return [line] + rest, live | used(ins.expr) | reads
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
        if isinstance(ins, ir.Gather):
            branch = ir.OfferBranch(ins.step, ins.pattern, Rest(body, i + 1), ins.span)
            return self.suspend_recv(ins, ins.family, [branch], bound, k, ins.within,
                                     gather=True)
        if isinstance(ins, ir.ForEach):
            # A loop binds nothing that outlives it (a fresh scope per turn).
            kk = self.join(body, i + 1, bound, k)
            return self.for_each(ins, bound, kk)
        if isinstance(ins, ir.OwnTurn):
            after = bound_after((ins,), bound)
            kk = self.join(body, i + 1, after, k)
            return self.own_turn_code(ins, bound, kk)
        if isinstance(ins, StartMembers):
            rest, live = self.gen(body, i + 1, bound | {ins.var}, k)
            reads = used(ins.new.size) | {v for _, v in ins.known} | frozenset().union(
                *(self.peer(caller)[1] for callee, caller in ins.role_map
                  if callee not in ins.new_roles))
            return [self.start_members(ins)] + rest, (live - {ins.var}) | reads
        if isinstance(ins, ir.If):
            after = bound_after((ins,), bound)
            kk = self.join(body, i + 1, after, k)
            then, lt = self.gen(ins.then, 0, bound, kk)
            orelse, le = self.gen(ins.orelse, 0, bound, kk)
            cond, uses = self.expr(ins.cond)
            if is_known(ins.cond, self.known):
                cond = f"choreo_runtime:value({cond})"  # see constants.py
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
            if not pre and is_known(ins.subject, self.known):
                subject = f"choreo_runtime:value({subject})"  # see constants.py
            uses = frozenset({IMPL}) if em.uses_impl else frozenset()
            code = [Line(src, ",\n".join(pre), uses)] if pre else []
            return code + [CaseCode(src, f"case {subject} of", clauses, uses)], \
                reads | subject_reads
        if isinstance(ins, ir.CallChor):
            if ins.new and not isinstance(ins, CallWithMembers):
                return self.gen(self.with_members(body, i, ins), i, bound, k)
            module = role_module(ins.chor, ins.callee_role)
            arg_texts = [self.expr(a) for a in ins.args]
            arg_uses = frozenset().union(*(u for _, u in arg_texts))
            args = "[" + ", ".join(t for t, _ in arg_texts) + "]"
            arg_reads = frozenset().union(*(used(a) for a in ins.args)) if ins.args else \
                frozenset()
            new_roles = {nf.callee_role for nf in ins.new}
            known = {fam for fam, _ in ins.members} if isinstance(ins, CallWithMembers) \
                else set()
            pairs = []
            for callee, caller in ins.role_map:
                if callee in new_roles:
                    # A `new` family is in the callee's frame only at the roles that
                    # know its members.
                    if callee in known:
                        pairs.append(f"{atom(role_atom(callee))} => {atom(role_atom(callee))}")
                    continue
                term, reads = self.peer(caller)
                arg_reads |= reads
                pairs.append(f"{atom(role_atom(callee))} => {term}")
            role_map = "#{" + ", ".join(pairs) + "}"
            news = ""
            if isinstance(ins, CallWithMembers):
                news = "[" + ", ".join(f"{{{atom(role_atom(fam))}, {var}}}"
                                       for fam, var in ins.members) + "]"
                arg_reads |= {var for _, var in ins.members}
            if self.direct is not None:
                # direct_choreographies: only a tail call of this very role's projection.
                call_args = ", ".join([t for t, _ in arg_texts] + [STATE])
                return [Line(src, f"{self.direct.entry}({call_args})",
                             arg_uses | {STATE})], arg_reads
            tail_news = f", {news}" if news else ""
            if ins.tail:
                return [Line(src, f"{{tail_call, {atom(module)}, {args}, {role_map}{tail_news}}}",
                             arg_uses)], arg_reads
            branch = ir.OfferBranch("return", ins.result, Rest(body, i + 1), ins.span)
            fn, env, _ = self.resume_point(f"return_from_{ins.chor}", branch, bound, k, src)
            label = self.label()
            self.machine.resume.append(ResumeClause(label, "return", env, fn,
                                                    ins.result is not None))
            text = (f"{{call, {atom(module)}, {args}, {role_map}, {label}, "
                    f"{{{', '.join(env)}}}{tail_news}}}")
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

    # -------------------------------------------------------- role families

    def fresh_var(self, base: str) -> str:
        """A variable of the generated code (`Turn1_`): it ends in `_`, as no
        choreography variable does in practice, and is unique in the module."""
        self.used_names[f"var {base}"] += 1
        return f"{base}{self.used_names[f'var {base}']}_"

    def is_me(self, role: str) -> bool:
        """`role` names this process: the projection's role, or the member whose own
        turn is being generated."""
        return role == self.proc.role or role == self.own_turn

    def dry_run(self, work: Callable[[], tuple]):
        """Run `work` (a generation) for its result only: the functions, labels and
        names it made are forgotten."""
        m = self.machine
        saved = (len(m.segments), len(m.resume), self.labels, Counter(self.used_names),
                 self.sends, set(self.sent_to), self.finishes)
        try:
            return work()
        finally:
            del m.segments[saved[0]:]
            del m.resume[saved[1]:]
            self.labels, self.used_names, self.sends, self.sent_to, self.finishes = saved[2:]

    def with_member(self, member: str, family: str, var: str, work: Callable[[], tuple]):
        saved = self.members.get(member)
        self.members[member] = (family, var)
        try:
            return work()
        finally:
            if saved is None:
                del self.members[member]
            else:
                self.members[member] = saved

    def for_each(self, ins: ir.ForEach, bound, kk):
        """`for W[I] in Ws` at a non-member: a function that runs one turn per member,
        `I` counting from 1; each turn ends by calling it with the next number. The turn
        is a fresh scope: what it binds is gone when the next one starts."""
        src = ins.span.line
        var = ins.index or self.fresh_var("Turn")
        exit_code, exit_live = self.gen((), 0, bound, kk)
        inner = bound | {var}
        # What the turns read: found by generating the body once for that alone (the
        # function's parameters must be known before its body is generated).
        _, first = self.dry_run(lambda: self.with_member(
            ins.member, ins.family, var,
            lambda: self.gen(ins.body, 0, inner, Loop("for", var, sorted(exit_live - {var})))))
        params = sorted((first | exit_live) - {var})
        name = self.fresh_name("for")
        body_code, _ = self.with_member(
            ins.member, ins.family, var,
            lambda: self.gen(ins.body, 0, inner, Loop(name, var, params)))
        fam = atom(role_atom(ins.family))
        code = [CaseCode(src, f"case {var} > choreo_runtime:size({CTX}, {fam}) of",
                         [(src, "true ->", exit_code), (src, "false ->", body_code)],
                         frozenset({CTX}))]
        self.machine.segments.append(Segment(name, [var] + params + [CTX], code, src))
        call = f"{name}({', '.join(['1'] + params + [CTX])})"
        return [Line(src, call, frozenset({CTX}))], frozenset(params)

    def own_turn_code(self, ins: ir.OwnTurn, bound, kk):
        """A member's turn in a `for` over its family: a function whose first parameter
        is the member's number (`I` is bound there, and only there)."""
        src = ins.span.line
        var = ins.index or self.fresh_var("Me")
        saved = self.own_turn
        self.own_turn = ins.member
        try:
            code, live = self.with_member(ins.member, ins.family, var,
                                          lambda: self.gen(ins.body, 0, bound | {var}, kk))
        finally:
            self.own_turn = saved
        params = sorted(live - {var})
        head = var if var in live else f"_{var}"
        name = self.segment("turn", [head] + params + [CTX], code, src)
        call = f"{name}({', '.join([f'choreo_runtime:index({CTX})'] + params + [CTX])})"
        return [Line(src, call, frozenset({CTX}))], frozenset(params)

    def with_members(self, body: ir.Body, i: int, ins: ir.CallChor) -> ir.Body:
        """`body` with the call body[i] preceded by what this role does first for the
        call's `new` families: start them and tell the others (the role that evaluates
        the size), or learn them from that role (a role it tells)."""
        pre: list[ir.Instr] = []
        members: list[tuple[str, str]] = []
        for nf in ins.new:
            step = ("new", nf.callee_role)
            var = self.fresh_var("Members")
            if self.is_me(nf.size_role):
                arity = self.arity(ins.chor, nf.callee_role) if self.arity else 0
                pre.append(StartMembers(ins.span, new=nf, chor=ins.chor, var=var, arity=arity,
                                        known=tuple(members), role_map=ins.role_map,
                                        new_roles=tuple(n.callee_role for n in ins.new)))
                pre.extend(ir.Send(ins.span, to=t, step=step, expr=A.Var(name=var))  # type: ignore[arg-type]
                           for t in nf.told)
            elif any(self.is_me(t) for t in nf.told):
                pre.append(ir.Recv(ins.span, frm=nf.size_role, step=step,  # type: ignore[arg-type]
                                   pattern=A.Var(name=var)))
            else:
                continue
            members.append((nf.callee_role, var))
        call = CallWithMembers(**{f.name: getattr(ins, f.name) for f in fields(ir.CallChor)},
                               members=tuple(members))
        return tuple(body[:i]) + tuple(pre) + (call,) + tuple(body[i + 1:])

    def start_members(self, ins: StartMembers) -> Line:
        """`Members = choreo_runtime:start_members(...)`: the size evaluated here, the
        members started with the callee's frame (its roles as this frame passes them)."""
        nf = ins.new
        assert nf is not None
        size, uses = self.expr(nf.size)
        pairs = []
        for callee, caller in ins.role_map:
            if callee == nf.callee_role or callee in dict(ins.known):
                pairs.append(f"{atom(role_atom(callee))} => {atom(role_atom(callee))}")
            elif callee not in ins.new_roles:
                term, _ = self.peer(caller)
                pairs.append(f"{atom(role_atom(callee))} => {term}")
        known = "[" + ", ".join(f"{{{atom(role_atom(f))}, {v}}}" for f, v in ins.known) + "]"
        module = atom(role_module(ins.chor, nf.callee_role))
        impl = atom(impl_module(ins.chor, nf.callee_role))
        text = (f"{ins.var} = choreo_runtime:start_members({CTX}, "
                f"{{{atom(role_atom(nf.callee_role))}, {module}, {impl}, {ins.arity}}}, "
                f"{size}, #{{{', '.join(pairs)}}}, {known})")
        return Line(ins.span.line, text, uses | {CTX})

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
                # No code follows in this function: the frame returns `ok`, the block
                # ends an enclosing block, whose end comes next, or a turn of a loop.
                if join is None:
                    code, live = [Line(0, "{return, ok}")], frozenset()
                elif isinstance(join, Loop):
                    code, live = self.gen((), 0, frozenset(), join)
                else:
                    code, live = self.checkpoint_end(join)
                params = sorted(live)
                name = self.segment("after_checkpoint", params + [CTX], code,
                                    end.cp.span.line)
                join = Join(name, params)
            end.params = list(join.params)
            call = f"{join.name}({', '.join(end.params + [CTX])})"
            end.label = self.label()
            self.machine.resume.append(ResumeClause(end.label, "return", end.params, call))
        plan = plan_term(end.cp.plan, carries_notices(end.cp))
        text = (f"{{checkpoint_end, {end.cp.cp_id}, {plan}, {end.label}, "
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
        # (The frame ends after the commit: no next instance carries the notices.)
        text = (f"{{checkpoint_end, {end.cp.cp_id}, {plan_term(end.cp.plan)}, {label}, "
                f"{{{', '.join(params)}}}}}")
        return [Line(ins.span.line, text)], frozenset(params)

    def suspend_recv(self, ins: ir.Instr, frm: str, branches: list[ir.OfferBranch],
                     bound: frozenset[str], k: Join | None, within: int | None,
                     gather: bool = False):
        """Wait for one of `branches`' steps from `frm`; each continues in its own function.
        With `gather`, `frm` is a family and the one branch takes the list of its members'
        messages (`{gather, ...}`)."""
        label = self.label()
        points = []
        enters: list[tuple[ir.OfferBranch, list]] = []
        saved = self.entering, self.entry_bound
        try:
            for br in branches:
                if br.pattern is None:
                    base = f"select_{br.step[1]}" if isinstance(br.step, tuple) else "select"
                elif isinstance(br.step, tuple):  # ("new", Family): learn the members
                    base = f"members_of_{snake(role_atom(br.step[1]))}"
                else:
                    base = f"gather_{br.step}" if gather else f"recv_{br.step}"
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
            return self.direct_wait(ins, frm, points, within)
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
        if gather:
            text = (f"{{gather, {atom(role_atom(frm))}, {steps}, {label}, "
                    f"{{{', '.join(env)}}}, {wait}}}")
            return [Line(ins.span.line, text)], frozenset(env)
        peer, peer_reads = self.peer(frm)
        text = f"{{recv, {peer}, [{steps}], {label}, {{{', '.join(env)}}}, {wait}"
        if enters:
            # The receive of these steps enters these checkpoints first (outer first).
            entries = ", ".join(
                f"{{{step_term(br.step)}, ["
                + ", ".join(f"{{{cp.cp_id}, "
                            f"[{', '.join(atom(role_atom(r)) for r in cp.parts)}], {rl}}}"
                            for cp, rl, _, _ in chain) + "]}"
                for br, chain in enters)
            text += f", [{entries}]"
        return [Line(ins.span.line, text + "}")], frozenset(env) | peer_reads

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
        """The record field that keeps `var` across waits (snake_case can make a name
        longer than an atom may be: it is cut short, and made unique)."""
        if var not in self.field_names:
            base = snake(var)[:MAX_NAME]
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
            if isinstance(p, A.Atom) and _PLAIN_ATOM.match(p.value) and len(p.value) <= MAX_NAME:
                what = p.value
                break
        base = f"await_{what}"
        self.state_names[base] += 1
        n = self.state_names[base]
        return base if n == 1 else f"{base}_{n}"

    def direct_wait(self, ins: ir.Instr, frm: str, points, within: int | None):
        """A wait of the direct back end: store the live variables and a state name in
        the record; `handle_info/2` clauses of that state take the awaited steps. With
        a `within`, `wait/2` gives the wait its deadline if it must suspend (and a timer
        that fires by then), and the clauses that take an awaited step clear it."""
        assert self.direct is not None
        name = self.state_name(frm, [br for br, *_ in points])
        peer = self.direct.peer_names[role_atom(frm)].field
        env = sorted(set().union(*(set(p[2]) for p in points)))
        timed = within is not None
        for br, fn, needs, _ in points:
            self.direct.clauses.append(WaitClause(
                atom(name), peer, step_term(br.step),
                [(atom(self.field(v)), v) for v in needs], br.pattern is not None, fn,
                timed))
        self.direct.states.append(WaitState(atom(name), peer,
                                            [step_term(br.step) for br, *_ in points],
                                            ins.span.line, within))
        updates = "".join(f", {atom(self.field(v))} = {v}" for v in env)
        ms = "" if within is None else f", {within}"
        text = f"wait({STATE}#state{{state = {atom(name)}{updates}}}{ms})"
        return [Line(ins.span.line, text, frozenset({STATE}))], frozenset(env)


_PLAIN_ATOM = re.compile(r"^[a-z][a-zA-Z0-9_]*$")


# Instructions that only the generic back end runs: checkpoints, and role families.
# (A `within` inside a checkpoint goes with its checkpoint; outside, the direct back
# end keeps it with a timer of its own.)
_GENERIC_ONLY = (ir.Checkpoint, ir.Broadcast, ir.Gather, ir.ForEach, ir.OwnTurn)


def direct_choreographies(program_procs: dict) -> set[str]:
    """The choreographies whose every role can use the direct back end: no checkpoint,
    no role family, and no call except a tail call of the role's own projection with
    every role playing itself (recursion); and no other choreography calls them (their
    roles' modules must then offer `enter/2` and `resume/5`). One walk over the
    program."""
    generic: set[str] = set()
    for (c, role), proc in program_procs.items():
        for ins in ir.walk(proc.body):
            if isinstance(ins, ir.CallChor):
                if ins.chor != c:
                    generic.add(ins.chor)
                if not (ins.tail and ins.chor == c and ins.callee_role == role
                        and all(a == b for a, b in ins.role_map)):
                    generic.add(c)
            elif isinstance(ins, _GENERIC_ONLY):
                generic.add(c)
        if proc.family:
            generic.add(c)
    return {c for c, _ in program_procs} - generic
