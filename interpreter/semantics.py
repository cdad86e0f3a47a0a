"""The global semantics, run centrally: a reference interpreter to cross-check generated Erlang.

A choreography runs as one sequential program over the variables of every role, with
the meaning the design gives each statement (design sections 2, 3 and 7). It counts the
messages the generated code sends, selections inserted by knowledge of choice
included, so that a session's results and message count can be compared with a run
on Erlang. There is no clock: `within` is ignored.

The statement machine keeps its own stack of frames and block cursors, so tail calls
run in constant Python stack and a crash can unwind to the nearest `checkpoint`.
Operators and the Erlang library functions it calls live in `erl_library`.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from choreo_erl.core.names import role_atom
from choreo_erl.core.source import Span
from choreo_erl.parser import ast as A
from choreo_erl.parser.exprs import is_bif, pattern_vars

from .erl_library import (
    ErlangError,
    InterpreterError,
    InterpreterUnsupported,
    StepLimitExceeded,
    binary_op,
    call_bif,
    erl_error,
    unary_op,
)
from .terms import (
    FALSE,
    NIL,
    OK,
    TRUE,
    Atom,
    ErlFloat,
    ErlList,
    ErlMap,
    Term,
    erl_list,
    erl_string,
    is_number,
    to_term,
)

if TYPE_CHECKING:
    from choreo_erl.projector.project import Projection

Callback = Callable[..., Any]
Callbacks = Mapping[tuple[str, int], Callback]
Env = dict[str, Term]



# ================================================================ expressions


def evaluate(expr: A.Expr, env: Mapping[str, Term] | None = None,
             callbacks: Callbacks | None = None) -> Term:
    """The value of `expr` with `env` bound, calling `callbacks` for non-BIF calls."""
    return _Eval(callbacks or {}).expr(expr, dict(env or {}))


def match(pattern: A.Expr, value: Term, env: Mapping[str, Term] | None = None
          ) -> dict[str, Term] | None:
    """The new bindings when `value` matches `pattern` (bound variables must be `=:=`)."""
    return _Eval({}).match(pattern, value, dict(env or {}))


class _Eval:
    """Evaluates expressions and matches patterns for one role's callbacks."""

    def __init__(self, callbacks: Callbacks) -> None:
        self.callbacks = callbacks
        self._keys: Env = {}  # what map keys in the pattern being matched read

    def expr(self, e: A.Expr, env: Env) -> Term:
        method = _EXPR.get(type(e))
        if method is None:
            raise InterpreterUnsupported(f"expression {type(e).__name__} at {e.span}")
        return method(self, e, env)

    # ------------------------------------------------------------ expressions

    def _var(self, e: A.Var, env: Env) -> Term:
        try:
            return env[e.name]
        except KeyError:
            raise erl_error("unbound_var", Atom(e.name)) from None

    def _wildcard(self, e: A.Wildcard, env: Env) -> Term:
        raise InterpreterUnsupported(f"`_` used as a value at {e.span}")

    def _atom(self, e: A.Atom, env: Env) -> Term:
        return Atom(e.value)

    def _int(self, e: A.Int | A.Char, env: Env) -> Term:
        return e.value

    def _float(self, e: A.Float, env: Env) -> Term:
        return ErlFloat(e.value)

    def _string(self, e: A.String, env: Env) -> Term:
        return erl_string(e.value)

    def _tuple(self, e: A.Tuple, env: Env) -> Term:
        return tuple([self.expr(x, env) for x in e.elems])

    def _list(self, e: A.List, env: Env) -> Term:
        items = [self.expr(x, env) for x in e.elems]
        tail = NIL if e.tail is None else self.expr(e.tail, env)
        return erl_list(items, tail)

    def _map(self, e: A.Map, env: Env) -> Term:
        if e.base is None:
            return ErlMap((self.expr(f.key, env), self.expr(f.value, env)) for f in e.fields)
        base = self.expr(e.base, env)
        if not isinstance(base, ErlMap):
            raise erl_error("badmap", base)
        d = dict(base)
        for f in e.fields:
            key, value = self.expr(f.key, env), self.expr(f.value, env)
            if f.exact and key not in d:
                raise erl_error("badkey", key)
            d[key] = value
        return ErlMap(d)

    def _binop(self, e: A.BinOp, env: Env) -> Term:
        left = self.expr(e.left, env)
        if e.op in ("andalso", "orelse"):
            if left not in (TRUE, FALSE):
                raise erl_error("badarg", left)
            if (left == TRUE) == (e.op == "orelse"):
                return left
            return self.expr(e.right, env)
        return binary_op(e.op, left, self.expr(e.right, env))

    def _unop(self, e: A.UnOp, env: Env) -> Term:
        return unary_op(e.op, self.expr(e.operand, env))

    def _call(self, e: A.Call, env: Env) -> Term:
        args = [self.expr(a, env) for a in e.args]
        if is_bif(e):
            return call_bif("erlang", e.name, args)
        fn = self.callbacks.get((e.name, len(args)))
        if fn is None:
            raise erl_error("undef", (Atom(e.name), len(args)))
        try:
            result = fn(*args)
        except (ErlangError, InterpreterError):
            raise
        except Exception as exc:  # a callback that raises crashes its role
            raise erl_error("callback_failed", Atom(e.name),
                         erl_string(f"{type(exc).__name__}: {exc}")) from exc
        return to_term(result)

    def _remote(self, e: A.RemoteCall, env: Env) -> Term:
        return call_bif(e.module, e.name, [self.expr(a, env) for a in e.args])

    def _listcomp(self, e: A.ListComp, env: Env) -> Term:
        out: list[Term] = []
        self._qualify(e, 0, env, out)
        return erl_list(out)

    def _qualify(self, e: A.ListComp, i: int, env: Env, out: list[Term]) -> None:
        if i == len(e.qualifiers):
            out.append(self.expr(e.expr, env))
            return
        q = e.qualifiers[i]
        if isinstance(q, A.Generator):
            source = self.expr(q.source, env)
            if not (isinstance(source, ErlList) and source.is_proper):
                raise erl_error("bad_generator", source)
            fresh = {v.name for v in pattern_vars(q.pattern)}  # generator variables shadow
            outer = {k: v for k, v in env.items() if k not in fresh}
            for x in source:
                binds = self.match(q.pattern, x, outer, keys=env)
                if binds is not None:
                    self._qualify(e, i + 1, {**outer, **binds}, out)
            return
        keep = self.expr(q, env)
        if keep not in (TRUE, FALSE):
            raise erl_error("bad_filter", keep)
        if keep == TRUE:
            self._qualify(e, i + 1, env, out)

    def _binary(self, e: A.Binary, env: Env) -> Term:
        out = bytearray()
        for el in e.elems:
            kind, little = _segment_kind(el)
            size = None if el.size is None else self.expr(el.size, env)
            if isinstance(el.value, A.String):
                if kind == "utf8":
                    out += el.value.value.encode("utf-8")
                elif kind == "integer":
                    for ch in el.value.value:
                        out += _int_bytes(ord(ch), 8 if size is None else size, little)
                else:
                    raise erl_error("badarg")
                continue
            v = self.expr(el.value, env)
            if kind == "integer":
                if not isinstance(v, int):
                    raise erl_error("badarg")
                out += _int_bytes(v, 8 if size is None else size, little)
            elif kind == "float":
                if not is_number(v):
                    raise erl_error("badarg")
                out += struct.pack(_float_format(64 if size is None else size, little), v)
            elif kind == "utf8":
                if not isinstance(v, int) or not 0 <= v <= 0x10FFFF:
                    raise erl_error("badarg")
                out += chr(v).encode("utf-8")
            else:
                if not isinstance(v, bytes) or (size is not None and len(v) < size):
                    raise erl_error("badarg")
                out += v if size is None else v[:size]
        return bytes(out)

    # ------------------------------------------------------------ patterns

    def match(self, p: A.Expr, v: Term, env: Env,
              keys: Env | None = None) -> dict[str, Term] | None:
        """New bindings when `v` matches `p`; map keys read `keys` (default `env`): the
        variables from before the pattern, which a generator pattern may shadow."""
        binds: dict[str, Term] = {}
        saved, self._keys = self._keys, env if keys is None else keys
        try:
            return binds if self._match(p, v, env, binds) else None
        finally:
            self._keys = saved

    def _match(self, p: A.Expr, v: Term, env: Env, binds: dict[str, Term]) -> bool:
        if isinstance(p, A.Var):
            if p.name in binds:
                return binds[p.name] == v
            if p.name in env:
                return env[p.name] == v
            binds[p.name] = v
            return True
        if isinstance(p, A.Wildcard):
            return True
        if isinstance(p, (A.Atom, A.Int, A.Char, A.Float, A.String)):
            return self.expr(p, env) == v
        if isinstance(p, A.Tuple):
            if not (isinstance(v, tuple) and len(v) == len(p.elems)):
                return False
            for x, y in zip(p.elems, v, strict=True):
                if not self._match(x, y, env, binds):
                    return False
            return True
        if isinstance(p, A.List):
            for x in p.elems:
                if not (isinstance(v, ErlList) and v):
                    return False
                if not self._match(x, v.head, env, binds):
                    return False
                v = v.tail
            if p.tail is None:
                return isinstance(v, ErlList) and not v
            return self._match(p.tail, v, env, binds)
        if isinstance(p, A.Map) and p.base is None:
            if not isinstance(v, ErlMap):
                return False
            for f in p.fields:
                key = self.expr(f.key, self._keys)
                if key not in v or not self._match(f.value, v[key], env, binds):
                    return False
            return True
        if isinstance(p, A.BinOp) and p.op == "++" and isinstance(p.left, A.String):
            for ch in p.left.value:
                if not (isinstance(v, ErlList) and v and v.head == ord(ch)):
                    return False
                v = v.tail
            return self._match(p.right, v, env, binds)
        if isinstance(p, A.Binary):
            return isinstance(v, bytes) and self._match_binary(p, v, env, binds)
        raise InterpreterUnsupported(f"{type(p).__name__} as a pattern at {p.span}")

    def _match_binary(self, p: A.Binary, data: bytes, env: Env,
                      binds: dict[str, Term]) -> bool:
        pos = 0
        for i, el in enumerate(p.elems):
            kind, little = _segment_kind(el)
            size = None if el.size is None else self.expr(el.size, {**env, **binds})
            if isinstance(el.value, A.String):
                want = (el.value.value.encode("utf-8") if kind == "utf8"
                        else bytes(ord(c) & 0xFF for c in el.value.value))
                if data[pos:pos + len(want)] != want:
                    return False
                pos += len(want)
                continue
            if kind in ("binary", "bytes"):
                if size is None and i != len(p.elems) - 1:
                    raise InterpreterUnsupported("a binary segment without a size that is "
                                                 "not the last one")
                end = len(data) if size is None else pos + size
                if end > len(data):
                    return False
                value: Term = data[pos:end]
            elif kind == "utf8":
                value, end = _decode_utf8(data, pos)
                if value is None:
                    return False
            else:
                bits = (64 if kind == "float" else 8) if size is None else size
                if bits % 8:
                    raise InterpreterUnsupported("bit-sized segments (not whole bytes)")
                end = pos + bits // 8
                if end > len(data):
                    return False
                chunk = data[pos:end]
                if kind == "float":
                    value = ErlFloat(struct.unpack(_float_format(bits, little), chunk)[0])
                else:
                    value = int.from_bytes(chunk, "little" if little else "big",
                                           signed="signed" in el.types)
            if not self._match(el.value, value, env, binds):
                return False
            pos = end
        return pos == len(data)


_EXPR: dict[type, Callable[[_Eval, Any, Env], Term]] = {
    A.Var: _Eval._var, A.Wildcard: _Eval._wildcard, A.Atom: _Eval._atom, A.Int: _Eval._int,
    A.Char: _Eval._int, A.Float: _Eval._float, A.String: _Eval._string,
    A.Tuple: _Eval._tuple, A.List: _Eval._list, A.Map: _Eval._map, A.BinOp: _Eval._binop,
    A.UnOp: _Eval._unop, A.Call: _Eval._call, A.RemoteCall: _Eval._remote,
    A.ListComp: _Eval._listcomp, A.Binary: _Eval._binary,
}

_SEGMENT_KINDS = ("integer", "float", "binary", "bytes", "utf8")


def _segment_kind(el: A.BinElem) -> tuple[str, bool]:
    """The segment's type (default `integer`) and whether it is little-endian."""
    for t in el.types:
        if t in ("bitstring", "bits", "utf16", "utf32", "native"):
            raise InterpreterUnsupported(f"binary segments of type `{t}`")
    kind = next((t for t in el.types if t in _SEGMENT_KINDS), "integer")
    return kind, "little" in el.types


def _int_bytes(v: int, bits: Term, little: bool) -> bytes:
    if not isinstance(bits, int) or bits < 0:
        raise erl_error("badarg")
    if bits % 8:
        raise InterpreterUnsupported("bit-sized segments (not whole bytes)")
    return (v % (1 << bits)).to_bytes(bits // 8, "little" if little else "big")


def _float_format(bits: Term, little: bool) -> str:
    if bits not in (32, 64):
        raise erl_error("badarg")
    return ("<" if little else ">") + ("f" if bits == 32 else "d")


def _decode_utf8(data: bytes, pos: int) -> tuple[int | None, int]:
    for n in range(1, 5):
        try:
            ch = data[pos:pos + n].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1:
            return ord(ch), pos + n
    return None, pos



@dataclass
class Outcome:
    """How a session ended: every role's result, or the role whose crash ended it.

    `results` is keyed by role atom (`buyer1`) and empty after a crash; `error` is
    `("role_down", role_atom)` when a role crashed outside any checkpoint (or inside a
    rescue), with the Erlang reason term in `reason`. `messages` counts what was sent
    before the end.
    """

    results: dict[str, Term]
    messages: int
    error: tuple[str, str] | None = None
    reason: Term = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_term(self) -> Term:
        """What `Chor:run/2` returns: `{ok, #{Role => Result}}` or `{error, ...}`."""
        if self.error is None:
            return (OK, ErlMap({Atom(r): v for r, v in self.results.items()}))
        kind, role = self.error
        return (Atom("error"), (Atom(kind), Atom(role), self.reason))


class _Crash(Exception):
    def __init__(self, role: str, reason: Term) -> None:
        super().__init__(role, reason)
        self.role = role
        self.reason = reason


@dataclass(slots=True)
class _Cursor:
    """A block being run: `kind` is "block", "checkpoint" (B1) or "rescue" (B2)."""

    stmts: tuple[A.Stmt, ...]
    pos: int = 0
    kind: str = "block"
    # Per role, the variables that survive the end of the block (the choice rule).
    keep: dict[str, frozenset[str]] | None = None
    saved: dict[str, Env] | None = None  # checkpoint: the variables on entry
    rescue: A.Block | None = None


@dataclass(slots=True)
class _Frame:
    """One running choreography: its roles' variables and where its results go.

    `phys` names each role's top-level role (whose callbacks it uses); `result_keys`
    names, per role, the caller's role that takes its result, and `keys` every role
    the caller expects a result for (`ok` unless the frame returns one).
    """

    chor: A.Choreography
    phys: dict[str, str]
    env: dict[str, Env]
    result_keys: dict[str, str]
    keys: tuple[str, ...]
    cursors: list[_Cursor] = field(default_factory=list)
    pending: A.ChorCall | None = None  # the call whose callee frame runs above this one


Defs = dict[str, frozenset[str]]


def _union(a: Defs, b: Defs) -> Defs:
    return {r: a.get(r, frozenset()) | b.get(r, frozenset()) for r in a.keys() | b.keys()}


def _common(branches: Iterable[Defs | None]) -> Defs | None:
    """Variables bound in every branch that goes on; None if no branch goes on."""
    going = [b for b in branches if b is not None]
    if not going:
        return None
    roles = set.intersection(*(set(b) for b in going))
    return {r: frozenset.intersection(*(b[r] for b in going)) for r in roles}


def _names(p: A.Expr) -> frozenset[str]:
    return frozenset(v.name for v in pattern_vars(p))


class _Session:
    """One session: a stack of frames (calls), each a stack of cursors (nested blocks)."""

    def __init__(self, program: A.Program, counts: dict[tuple[str, Span], list[int]],
                 callbacks: Mapping[str, Callbacks], max_steps: int) -> None:
        self.chors = {c.name: c for c in program.choreographies}
        self.counts = counts
        self.max_steps = max_steps
        self.evals = {role: _Eval(cbs) for role, cbs in callbacks.items()}
        self.frames: list[_Frame] = []
        self.messages = 0
        self._defs: dict[int, Defs | None] = {}
        self._choice_defs: dict[int, Defs | None] = {}
        self._handlers: dict[type, Callable[[_Frame, Any], None]] = {
            A.Comm: self._comm, A.Select: self._select, A.Assign: self._assign,
            A.Action: self._action, A.If: self._if, A.Case: self._case,
            A.ChorCall: self._call, A.Return: self._return, A.Checkpoint: self._checkpoint,
        }
        self.done: dict[str, Term] | None = None

    # ------------------------------------------------------------ the loop

    def run(self, top: _Frame) -> Outcome:
        self.frames = [top]
        steps = 0
        while self.done is None:
            steps += 1
            if steps > self.max_steps:
                raise StepLimitExceeded(f"more than {self.max_steps} steps")
            try:
                self._step(self.frames[-1])
            except _Crash as crash:
                if not self._recover():
                    return Outcome({}, self.messages, ("role_down", role_atom(crash.role)),
                                   crash.reason)
        return Outcome({role_atom(r): v for r, v in self.done.items()}, self.messages)

    def _step(self, f: _Frame) -> None:
        if not f.cursors:
            self._finish({})
            return
        cur = f.cursors[-1]
        if cur.pos >= len(cur.stmts):
            f.cursors.pop()
            if cur.keep is not None:
                for role, names in cur.keep.items():
                    env = f.env[role]
                    for name in [n for n in env if n not in names]:
                        del env[name]
            return
        stmt = cur.stmts[cur.pos]
        cur.pos += 1
        self._handlers[type(stmt)](f, stmt)

    def _recover(self) -> bool:
        """Unwind to the innermost checkpoint body and start its rescue; False if none."""
        for fi in range(len(self.frames) - 1, -1, -1):
            f = self.frames[fi]
            for ci in range(len(f.cursors) - 1, -1, -1):
                c = f.cursors[ci]
                if c.kind != "checkpoint":
                    continue
                del self.frames[fi + 1:]
                del f.cursors[ci:]
                assert c.saved is not None and c.rescue is not None
                f.env = {r: dict(vs) for r, vs in c.saved.items()}
                f.pending = None
                f.cursors.append(_Cursor(c.rescue.stmts, kind="rescue", keep=c.keep))
                return True
        return False

    def _finish(self, values: dict[str, Term]) -> None:
        """End the top frame with `values` per role; the others' results are `ok`."""
        f = self.frames.pop()
        out = {f.result_keys[r]: v for r, v in values.items()}
        results = {k: out.get(k, OK) for k in f.keys}
        if not self.frames:
            self.done = results
            return
        parent = self.frames[-1]
        call, parent.pending = parent.pending, None
        assert call is not None
        for loc in call.results:
            self._match_at(parent, loc.role, loc.expr, results[loc.role])

    # ------------------------------------------------------------ at a role

    def _eval_at(self, f: _Frame, role: str, e: A.Expr) -> Term:
        phys = f.phys[role]
        try:
            return self.evals[phys].expr(e, f.env[role])
        except ErlangError as exc:
            raise _Crash(phys, exc.reason) from exc

    def _try_match(self, f: _Frame, role: str, p: A.Expr, value: Term) -> dict[str, Term] | None:
        phys = f.phys[role]
        try:
            return self.evals[phys].match(p, value, f.env[role])
        except ErlangError as exc:  # e.g. a map key in the pattern that fails
            raise _Crash(phys, exc.reason) from exc

    def _match_at(self, f: _Frame, role: str, p: A.Expr, value: Term) -> None:
        binds = self._try_match(f, role, p, value)
        if binds is None:
            raise _Crash(f.phys[role], (Atom("badmatch"), value))
        f.env[role].update(binds)

    def _guard(self, f: _Frame, role: str, g: A.Expr, env: Env) -> bool:
        """A guard holds when it is `true`; an exception in it means it does not.

        In a guard sequence `G1; G2` an exception fails only G1 and G2 is still
        tried; in `T1, T2` every test must hold.
        """
        if isinstance(g, A.BinOp) and g.op == ";":
            return self._guard(f, role, g.left, env) or self._guard(f, role, g.right, env)
        if isinstance(g, A.BinOp) and g.op == ",":
            return self._guard(f, role, g.left, env) and self._guard(f, role, g.right, env)
        try:
            return self.evals[f.phys[role]].expr(g, env) == TRUE
        except ErlangError:
            return False

    # ------------------------------------------------------------ statements

    def _comm(self, f: _Frame, s: A.Comm) -> None:
        value = self._eval_at(f, s.source.role, s.source.expr)
        self.messages += 1
        self._match_at(f, s.target.role, s.target.expr, value)

    def _select(self, f: _Frame, s: A.Select) -> None:
        self.messages += 1

    def _assign(self, f: _Frame, s: A.Assign) -> None:
        self._match_at(f, s.target.role, s.target.expr,
                       self._eval_at(f, s.target.role, s.expr))

    def _action(self, f: _Frame, s: A.Action) -> None:
        self._eval_at(f, s.located.role, s.located.expr)

    def _if(self, f: _Frame, s: A.If) -> None:
        cond = self._eval_at(f, s.cond.role, s.cond.expr)
        if cond not in (TRUE, FALSE):
            raise _Crash(f.phys[s.cond.role], (Atom("case_clause"), cond))
        branch = 0 if cond == TRUE else 1
        self._enter(f, s, branch, (s.then, s.orelse)[branch])

    def _case(self, f: _Frame, s: A.Case) -> None:
        role = s.subject.role
        value = self._eval_at(f, role, s.subject.expr)
        env = f.env[role]
        for i, clause in enumerate(s.clauses):
            binds = self._try_match(f, role, clause.pattern, value)
            if binds is None:
                continue
            if clause.guard is not None and not self._guard(f, role, clause.guard,
                                                            {**env, **binds}):
                continue
            self._enter(f, s, i, clause.body)
            env.update(binds)
            return
        raise _Crash(f.phys[role], (Atom("case_clause"), value))

    def _enter(self, f: _Frame, s: A.If | A.Case, branch: int, block: A.Block) -> None:
        """Take a branch: count the selections projection inserts for it, run its block."""
        counts = self.counts.get((f.chor.name, s.span))
        if counts is not None:
            self.messages += counts[branch]
        # In tail position nothing follows the choice, so no variable needs dropping.
        keep = None if self._at_tail(f) else self._keep(f, s)
        f.cursors.append(_Cursor(block.stmts, keep=keep))

    def _call(self, f: _Frame, s: A.ChorCall) -> None:
        callee = self.chors.get(s.name)
        if callee is None:
            raise InterpreterError(f"no choreography `{s.name}` (is the program checked?)")
        tail = not s.results and self._at_tail(f)
        env: dict[str, Env] = {}
        phys: dict[str, str] = {}
        keys: dict[str, str] = {}
        for arg, decl in zip(s.args, callee.roles, strict=True):
            values = [self._eval_at(f, arg.role, e) for e in arg.args or ()]
            env[decl.name] = dict(zip(decl.params, values, strict=True))
            phys[decl.name] = f.phys[arg.role]
            keys[decl.name] = f.result_keys[arg.role] if tail else arg.role
        body = [_Cursor(callee.body.stmts)]
        if tail:  # the callee's results are this frame's: replace it
            self.frames[-1] = _Frame(callee, phys, env, keys, f.keys, body)
            return
        f.pending = s
        self.frames.append(_Frame(callee, phys, env, keys, tuple(keys.values()), body))

    @staticmethod
    def _at_tail(f: _Frame) -> bool:
        """Whether the statement just started is in tail position (not in a checkpoint)."""
        for c in f.cursors:
            if c.kind != "block" or c.pos < len(c.stmts):
                return False
        return True

    def _return(self, f: _Frame, s: A.Return) -> None:
        values = {loc.role: self._eval_at(f, loc.role, loc.expr) for loc in s.values}
        self._finish(values)

    def _checkpoint(self, f: _Frame, s: A.Checkpoint) -> None:
        saved = {r: dict(vs) for r, vs in f.env.items()}
        f.cursors.append(_Cursor(s.body.stmts, kind="checkpoint", keep=self._keep(f, s),
                                 saved=saved, rescue=s.rescue))

    # ------------------------------------------------------------ scoping

    def _keep(self, f: _Frame, s: A.Stmt) -> dict[str, frozenset[str]] | None:
        """What each role keeps after the compound `s`: its variables on entry and those
        every branch that goes on binds (design section 2)."""
        common = self._choice_defs.get(id(s), ...)
        if common is ...:
            common = self._stmt_defs(s)
            self._choice_defs[id(s)] = common
        if common is None:
            return None
        return {r: frozenset(env) | common.get(r, frozenset()) for r, env in f.env.items()}

    def _block_defs(self, block: A.Block) -> Defs | None:
        """Variables a block surely binds per role when it ends normally; None if it can't."""
        key = id(block)
        if key not in self._defs:
            acc: Defs | None = {}
            for s in block.stmts:
                d = self._stmt_defs(s)
                if d is None:
                    acc = None
                    break
                acc = _union(acc, d)
            self._defs[key] = acc
        return self._defs[key]

    def _stmt_defs(self, s: A.Stmt) -> Defs | None:
        if isinstance(s, A.Comm):
            return {s.target.role: _names(s.target.expr)}
        if isinstance(s, A.Assign):
            return {s.target.role: _names(s.target.expr)}
        if isinstance(s, A.ChorCall):
            return {loc.role: _names(loc.expr) for loc in s.results}
        if isinstance(s, A.Return):
            return None
        if isinstance(s, A.If):
            return _common([self._block_defs(s.then), self._block_defs(s.orelse)])
        if isinstance(s, A.Case):
            branches = []
            for c in s.clauses:
                d = self._block_defs(c.body)
                branches.append(None if d is None
                                else _union(d, {s.subject.role: _names(c.pattern)}))
            return _common(branches)
        if isinstance(s, A.Checkpoint):
            return _common([self._block_defs(s.body), self._block_defs(s.rescue)])
        return {}


# ================================================================ entry point


def _by_role(chor: A.Choreography, given: Mapping[str, Any], what: str) -> dict[str, Any]:
    """`given` re-keyed by role name; a key may be the role's name or its atom."""
    names = {r: r for r in chor.role_names} | {role_atom(r): r for r in chor.role_names}
    out: dict[str, Any] = {}
    for key, value in given.items():
        role = names.get(str(key))
        if role is None:
            raise ValueError(f"{what} for `{key}`, which is not a role of `{chor.name}`")
        out[role] = value
    return out


def _selection_counts(projection: Projection) -> dict[tuple[str, Span], list[int]]:
    """Per choice (chor, span): how many selections projection inserts in each branch."""
    out: dict[tuple[str, Span], list[int]] = {}
    for report in projection.choices:
        counts = [0] * len(report.labels)
        for learning in report.learnings:
            for i in learning.selected:
                counts[i] += 1
        out[(report.chor, report.span)] = counts
    return out


def run(program: A.Program, chor_name: str, args: Mapping[str, Iterable[Any]],
        callbacks: Mapping[str, Callbacks] | None = None,
        projection: Projection | None = None,
        max_steps: int = 1_000_000) -> Outcome:
    """Run one session of `chor_name` centrally.

    `args` gives each role's start arguments (keyed by role name, e.g. "Buyer", or its
    atom); `callbacks` gives, per top-level role, `{(name, arity): function}` for the
    calls of its implementation module, called choreographies included. Python values
    are converted with `terms.to_term`. `projection` (from `project_program`, computed
    when None) says which selections knowledge of choice inserts, for the count.
    """
    chor = program.get(chor_name)
    if chor is None:
        raise ValueError(f"no choreography `{chor_name}` in {program.path or 'the program'}")
    if projection is None:
        from choreo_erl.projector.project import project_program

        projection = project_program(program)
    starts = _by_role(chor, args, "start arguments")
    env: dict[str, Env] = {}
    for decl in chor.roles:
        values = [to_term(v) for v in starts.get(decl.name, ())]
        if len(values) != len(decl.params):
            raise ValueError(f"role `{decl.name}` of `{chor.name}` takes {len(decl.params)} "
                             f"start arguments, got {len(values)}")
        env[decl.name] = dict(zip(decl.params, values, strict=True))
    impls = _by_role(chor, callbacks or {}, "callbacks")
    session = _Session(program, _selection_counts(projection),
                       {r: impls.get(r, {}) for r in chor.role_names}, max_steps)
    roles = chor.role_names
    top = _Frame(chor, {r: r for r in roles}, env, {r: r for r in roles}, roles,
                 [_Cursor(chor.body.stmts)])
    return session.run(top)
