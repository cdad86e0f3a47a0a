"""Runs a projection: every role's (and every member's) local program as a process of its
own, exchanging messages, with no Erlang.

This checks projection against the interpreter of the global semantics before any back
end exists for a construct (role families, design section 8): the processes must end
with the interpreter's results and send as many messages, or projection is wrong. A
process is a Python generator that yields what it waits for, `(sender, steps)`; the
scheduler hands it the oldest message from that sender with one of those steps (the
selective receive of Erlang, which keeps each sender's order). Checkpoints are not
simulated.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any

from choreo_erl.core.names import role_atom
from choreo_erl.interpreter.semantics import _Eval
from choreo_erl.interpreter.terms import OK, TRUE, Atom, ErlList, Term, erl_list, to_term
from choreo_erl.parser import ast as A
from choreo_erl.parser.exprs import pattern_vars
from choreo_erl.projector import ir
from choreo_erl.projector.project import Projection

Ident = Any  # a role name, or (family, number)
Peer = Any  # an Ident, or the list of a family's members
Env = dict[str, Term]


class Deadlock(Exception):
    """No process can go on, and some have not ended."""


class Crash(Exception):
    def __init__(self, who: Ident, why: str) -> None:
        super().__init__(f"{who}: {why}")
        self.who = who


@dataclass
class Result:
    results: dict[str, Term]
    messages: int


@dataclass
class _Proc:
    ident: Ident
    gen: Generator
    waiting: tuple[Ident, frozenset] | None = None
    done: bool = False
    result: Term = None


@dataclass
class _Ctx:
    me: Ident
    chor: str
    peers: dict[str, Peer]
    env: Env = field(default_factory=dict)


class _Run:
    def __init__(self, projection: Projection, callbacks: Mapping[str, Mapping]) -> None:
        self.p = projection
        self.callbacks = callbacks
        self.mail: dict[Ident, list[tuple[Ident, Any, Term]]] = {}
        self.procs: list[_Proc] = []
        self.messages = 0
        self.families_started = 0

    def evaluator(self, who: Ident) -> _Eval:
        key = who if isinstance(who, str) else who[0]
        return _Eval(self.callbacks.get(key, {}))

    # ------------------------------------------------------------ messages

    def deliver(self, frm: Ident, to: Peer, step, value: Term) -> None:
        for dest in (to if isinstance(to, list) else [to]):
            self.messages += 1
            self.mail.setdefault(dest, []).append((frm, step, value))

    def spawn(self, ident: Ident, gen: Generator) -> _Proc:
        proc = _Proc(ident, gen)
        self.procs.append(proc)
        self._resume(proc, None)
        return proc

    def _resume(self, proc: _Proc, value) -> None:
        try:
            proc.waiting = proc.gen.send(value)
        except StopIteration as stop:
            proc.done, proc.waiting, proc.result = True, None, stop.value

    def schedule(self) -> None:
        progress = True
        while progress:
            progress = False
            for proc in list(self.procs):
                if proc.done or proc.waiting is None:
                    continue
                sender, steps = proc.waiting
                box = self.mail.get(proc.ident, [])
                for i, (frm, step, value) in enumerate(box):
                    if frm == sender and step in steps:
                        del box[i]
                        self._resume(proc, (step, value))
                        progress = True
                        break
        stuck = [p.ident for p in self.procs if not p.done]
        if stuck:
            raise Deadlock(f"waiting forever: {stuck}")

    # ------------------------------------------------------------ a local program

    def body(self, body: ir.Body, c: _Ctx):
        """Run `body`; returns ("ret", value) when it ends the choreography, else None."""
        for ins in body:
            out = yield from self.instr(ins, c)
            if out is not None:
                return out
        return None

    def ev(self, c: _Ctx, e: A.Expr) -> Term:
        from choreo_erl.interpreter.erl_library import ErlangError

        try:
            return self.evaluator(c.me).expr(e, c.env)
        except ErlangError as exc:
            raise Crash(c.me, f"raised {exc.reason}") from exc

    def bind(self, c: _Ctx, p: A.Expr, value: Term) -> None:
        binds = self.evaluator(c.me).match(p, value, c.env)
        if binds is None:
            raise Crash(c.me, f"badmatch {value}")
        c.env.update(binds)

    def instr(self, ins: ir.Instr, c: _Ctx):
        if isinstance(ins, ir.Send):
            self.deliver(c.me, c.peers[ins.to], ins.step, self.ev(c, ins.expr))
        elif isinstance(ins, ir.Broadcast):
            self.deliver(c.me, c.peers[ins.family], ins.step, self.ev(c, ins.expr))
        elif isinstance(ins, ir.Choose):
            self.deliver(c.me, c.peers[ins.to], ir.select_step(ins.label), None)
        elif isinstance(ins, ir.Recv):
            _, value = yield (c.peers[ins.frm], frozenset([ins.step]))
            if ins.pattern is not None:
                self.bind(c, ins.pattern, value)
        elif isinstance(ins, ir.Gather):
            values = []
            for m in c.peers[ins.family]:
                _, value = yield (m, frozenset([ins.step]))
                values.append(value)
            self.bind(c, ins.pattern, erl_list(values))
        elif isinstance(ins, ir.Local):
            value = self.ev(c, ins.expr)
            if ins.pattern is not None:
                self.bind(c, ins.pattern, value)
        elif isinstance(ins, ir.Offer):
            step, value = yield (c.peers[ins.frm], frozenset(b.step for b in ins.branches))
            branch = next(b for b in ins.branches if b.step == step)
            return (yield from self.scoped(c, [_branch_defs(b.pattern, b.body)
                                               for b in ins.branches], branch.body,
                                           branch.pattern, value))
        elif isinstance(ins, ir.If):
            cond = self.ev(c, ins.cond)
            chosen = ins.then if cond == TRUE else ins.orelse
            return (yield from self.scoped(c, [_defs(ins.then), _defs(ins.orelse)], chosen))
        elif isinstance(ins, ir.Branch):
            value = self.ev(c, ins.subject)
            for cl in ins.clauses:
                binds = self.evaluator(c.me).match(cl.pattern, value, c.env)
                if binds is None:
                    continue
                if cl.guard is not None and not self.guard(c, cl.guard, {**c.env, **binds}):
                    continue
                c.env.update(binds)
                return (yield from self.scoped(c, [_branch_defs(x.pattern, x.body)
                                                   for x in ins.clauses], cl.body))
            raise Crash(c.me, f"case_clause {value}")
        elif isinstance(ins, ir.ForEach):
            for i, m in enumerate(c.peers[ins.family]):
                entry = frozenset(c.env)
                inner = _Ctx(c.me, c.chor, {**c.peers, ins.member: m}, c.env)
                if ins.index is not None:
                    c.env[ins.index] = i + 1
                out = yield from self.body(ins.body, inner)
                assert out is None, "no return inside a for"
                _prune(c.env, entry)
        elif isinstance(ins, ir.OwnTurn):
            entry = frozenset(c.env)
            inner = _Ctx(c.me, c.chor, {**c.peers, ins.member: c.me}, c.env)
            if ins.index is not None:
                c.env[ins.index] = c.me[1]
            out = yield from self.body(ins.body, inner)
            assert out is None
            _prune(c.env, (entry | _defs(ins.body)) - {ins.index})
        elif isinstance(ins, ir.CallChor):
            return (yield from self.call(ins, c))
        elif isinstance(ins, ir.Ret):
            return ("ret", OK if ins.expr is None else self.ev(c, ins.expr))
        elif isinstance(ins, ir.Checkpoint):
            raise NotImplementedError("checkpoints are not simulated")
        else:
            raise AssertionError(type(ins).__name__)
        return None

    def scoped(self, c: _Ctx, branch_defs: list[frozenset[str]], chosen, pattern=None,
               value=None):
        """Run one branch (its pattern already matched, or `pattern` to match); after it,
        keep what the role had and what every branch surely binds."""
        entry = frozenset(c.env)
        if pattern is not None:
            self.bind(c, pattern, value)
        out = yield from self.body(chosen, c)
        if out is None:
            _prune(c.env, entry | frozenset.intersection(*branch_defs))
        return out

    def guard(self, c: _Ctx, g: A.Expr, env: Env) -> bool:
        from choreo_erl.interpreter.erl_library import ErlangError

        if isinstance(g, A.BinOp) and g.op == ";":
            return self.guard(c, g.left, env) or self.guard(c, g.right, env)
        if isinstance(g, A.BinOp) and g.op == ",":
            return self.guard(c, g.left, env) and self.guard(c, g.right, env)
        try:
            return self.evaluator(c.me).expr(g, env) == TRUE
        except ErlangError:
            return False

    def call(self, ins: ir.CallChor, c: _Ctx):
        callee_peers: dict[str, Peer] = {}
        new_roles = {nf.callee_role for nf in ins.new}
        for callee_role, caller_role in ins.role_map:
            if callee_role not in new_roles:
                callee_peers[callee_role] = c.peers[caller_role]
        for nf in ins.new:
            step = ("new", nf.callee_role)
            if c.peers.get(nf.size_role) == c.me:
                members = self.start_family(ins.chor, nf, c, callee_peers)
                callee_peers[nf.callee_role] = members
                for told in nf.told:
                    self.deliver(c.me, c.peers[told], step, members)
            elif any(c.peers.get(t) == c.me for t in nf.told):
                _, members = yield (c.peers[nf.size_role], frozenset([step]))
                callee_peers[nf.callee_role] = members
        proc = self.p.proc(ins.chor, ins.callee_role)
        env = dict(zip(proc.params, [self.ev(c, a) for a in ins.args], strict=True))
        inner = _Ctx(c.me, ins.chor, callee_peers, env)
        out = yield from self.body(proc.body, inner)
        result = out[1] if out is not None else OK
        if ins.tail:
            return ("ret", result)
        if ins.result is not None:
            self.bind(c, ins.result, result)
        return None

    def start_family(self, chor: str, nf: ir.NewFamily, c: _Ctx,
                     peers: dict[str, Peer]) -> list[Ident]:
        size = self.ev(c, nf.size)
        proc = self.p.proc(chor, nf.callee_role)
        if isinstance(size, int):
            starts = [[] for _ in range(size)]
        else:
            assert isinstance(size, ErlList)
            starts = [list(a) for a in size]
        self.families_started += 1
        name = f"{nf.callee_role}#{self.families_started}"
        members = [(name, i + 1) for i in range(len(starts))]
        member_peers = dict(peers)
        member_peers[nf.callee_role] = members
        for ident, args in zip(members, starts, strict=True):
            env = dict(zip(proc.params, args, strict=True))
            self.spawn(ident, self.top(proc.body, _Ctx(ident, chor, member_peers, env)))
        return members

    def top(self, body: ir.Body, c: _Ctx):
        out = yield from self.body(body, c)
        return OK if out is None else out[1]


def _names(p: A.Expr) -> frozenset[str]:
    return frozenset(v.name for v in pattern_vars(p))


def _prune(env: Env, keep: frozenset[str]) -> None:
    for name in [n for n in env if n not in keep]:
        del env[name]


def _branch_defs(pattern: A.Expr | None, body: ir.Body) -> frozenset[str]:
    return (_names(pattern) if pattern is not None else frozenset()) | _defs(body)


def _defs(body: ir.Body) -> frozenset[str]:
    """Variables `body` surely binds when it falls through."""
    out: set[str] = set()
    for ins in body:
        if isinstance(ins, (ir.Recv, ir.Local)) and ins.pattern is not None:
            out |= _names(ins.pattern)
        elif isinstance(ins, ir.Gather):
            out |= _names(ins.pattern)
        elif isinstance(ins, ir.CallChor) and ins.result is not None:
            out |= _names(ins.result)
        elif isinstance(ins, ir.If):
            out |= _defs(ins.then) & _defs(ins.orelse)
        elif isinstance(ins, ir.Branch):
            out |= frozenset.intersection(*[_defs(x.body) | _names(x.pattern)
                                            for x in ins.clauses])
        elif isinstance(ins, ir.Offer):
            out |= frozenset.intersection(*[
                _defs(b.body) | (_names(b.pattern) if b.pattern is not None else frozenset())
                for b in ins.branches])
        elif isinstance(ins, ir.OwnTurn):
            out |= _defs(ins.body) - {ins.index}
    return frozenset(out)


def run_projection(projection: Projection, chor_name: str, args: Mapping[str, Any],
                   callbacks: Mapping[str, Mapping] | None = None) -> Result:
    """Run one session of `chor_name` as communicating projected processes.

    `args` and `callbacks` are as for the interpreter's `run` (families: a count or a
    list of argument lists).
    """
    chor = projection.program.get(chor_name)
    assert chor is not None
    r = _Run(projection, callbacks or {})
    peers: dict[str, Peer] = {}
    starts: dict[str, Any] = {}
    for decl in chor.roles:
        given = args.get(decl.name, args.get(role_atom(decl.name)))
        if decl.family:
            lists = [[] for _ in range(given or 0)] if isinstance(given, int) or given is None \
                else [list(a) for a in given]
            peers[decl.name] = [(decl.name, i + 1) for i in range(len(lists))]
            starts[decl.name] = lists
        else:
            peers[decl.name] = decl.name
            starts[decl.name] = list(given or [])
    procs: dict[str, list[_Proc]] = {}
    for decl in chor.roles:
        body = projection.proc(chor_name, decl.name).body
        idents = peers[decl.name] if decl.family else [decl.name]
        lists = starts[decl.name] if decl.family else [starts[decl.name]]
        procs[decl.name] = [
            r.spawn(ident, r.top(body, _Ctx(ident, chor_name, peers, dict(zip(
                decl.params, [to_term(v) for v in a], strict=True)))))
            for ident, a in zip(idents, lists, strict=True)]
    r.schedule()
    results: dict[str, Term] = {}
    for decl in chor.roles:
        values = [p.result for p in procs[decl.name]]
        results[role_atom(decl.name)] = erl_list(values) if decl.family else values[0]
    return Result(results, r.messages)


__all__ = ["Atom", "Crash", "Deadlock", "Result", "run_projection"]
