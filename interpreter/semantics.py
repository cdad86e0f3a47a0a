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
        # Erlang evaluates every segment's size and value before it builds the binary,
        # so an expression that raises comes before a segment of the wrong type.
        evaluated = [(None if el.size is None else self.expr(el.size, env),
                      None if isinstance(el.value, A.String) else self.expr(el.value, env))
                     for el in e.elems]
        out = bytearray()
        for el, (size, v) in zip(e.elems, evaluated, strict=True):
            kind, little = _segment_kind(el)
            if isinstance(el.value, A.String):
                if kind == "utf8":
                    out += el.value.value.encode("utf-8")
                elif kind == "integer":
                    for ch in el.value.value:
                        out += _int_bytes(ord(ch), 8 if size is None else size, little)
                else:
                    raise erl_error("badarg")
                continue
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
    # The role is an atom's name, or (family atom, number) for a family's member.
    error: tuple[str, str | tuple[str, int]] | None = None
    reason: Term = None
    # With `run(..., trace=True)`: one `send` event per message, as the runtime's trace
    # events (`role`, `peer`: `buyer` or `{workers, I}`; `step`; `payload`).
    events: list[dict[str, Term]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_term(self) -> Term:
        """What `Chor:run/2` returns: `{ok, #{Role => Result}}` or `{error, ...}`."""
        if self.error is None:
            return (OK, ErlMap({Atom(r): v for r, v in self.results.items()}))
        kind, role = self.error
        who = Atom(role) if isinstance(role, str) else (Atom(role[0]), role[1])
        return (Atom("error"), (Atom(kind), who, self.reason))


class _Crash(Exception):
    def __init__(self, role: Ident, reason: Term) -> None:
        super().__init__(role, reason)
        self.role = role
        self.reason = reason


# Who runs a step: a top-level role's name, or (family, number) for a family's member.
Ident = str | tuple[str, int]


def _ident_term(ident: Ident) -> Term:
    """`buyer1`, or `{workers, 2}` for the second member of family Workers."""
    if isinstance(ident, str):
        return Atom(role_atom(ident))
    return (Atom(role_atom(ident[0])), ident[1])


def _label_term(label: str | int) -> Term:
    return Atom(label) if isinstance(label, str) else label


def _ident_name(ident: Ident) -> str | tuple[str, int]:
    """`buyer1`, or `("workers", 2)` for the second member of family Workers."""
    if isinstance(ident, str):
        return role_atom(ident)
    return (role_atom(ident[0]), ident[1])


@dataclass(slots=True)
class _Loop:
    """A running `for W[I] in Ws`: which member's turn it is and what each role keeps."""

    stmt: A.ForEach
    members: int
    index: int = 0
    # Per single role and per member of another family: the variables bound on entry.
    entry: dict[str, Any] = field(default_factory=dict)
    member_entry: frozenset[str] = frozenset()  # the current member's, when its turn began


@dataclass(slots=True)
class _Cursor:
    """A block being run: `kind` is "block", "checkpoint" (B1), "rescue" (B2) or "for"."""

    stmts: tuple[A.Stmt, ...]
    pos: int = 0
    kind: str = "block"
    # Per role, the variables that survive the end of the block (the choice rule); for a
    # family, one set per member.
    keep: dict[str, Any] | None = None
    saved: tuple[dict[str, Env], dict[str, list[Env]]] | None = None  # checkpoint entry
    rescue: A.Block | None = None
    loop: _Loop | None = None


@dataclass(slots=True)
class _Frame:
    """One running choreography: its roles' variables and where its results go.

    `phys` names who runs each single role (a top-level role, whose callbacks it uses,
    or a family member); `fams` holds each family's members' variables and `ids` who
    they are. `result_keys` names, per role, the caller's role that takes its result
    (None for a family started for the call), and `keys` every role the caller expects a
    result for (`ok` unless the frame returns one), with `sizes` the member count of
    those that are families.
    """

    chor: A.Choreography
    phys: dict[str, Ident]
    env: dict[str, Env]
    result_keys: dict[str, str | None]
    keys: tuple[str, ...]
    cursors: list[_Cursor] = field(default_factory=list)
    pending: A.ChorCall | None = None  # the call whose callee frame runs above this one
    fams: dict[str, list[Env]] = field(default_factory=dict)
    ids: dict[str, list[Ident]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)


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


def _prune(env: Env, names: frozenset[str]) -> None:
    for name in [n for n in env if n not in names]:
        del env[name]


class _Session:
    """One session: a stack of frames (calls), each a stack of cursors (nested blocks)."""

    def __init__(self, program: A.Program, counts: dict[tuple[str, Span], list[list[str]]],
                 callbacks: Mapping[str, Callbacks], max_steps: int,
                 steps: dict[int, int] | None = None,
                 labels: dict[tuple[str, Span], tuple[str | int, ...]] | None = None) -> None:
        self.program = program
        self.steps = steps  # None: no trace
        self.labels = labels or {}
        self.events: list[dict[str, Term]] = []
        self.chors = {c.name: c for c in program.choreographies}
        self.counts = counts
        self.max_steps = max_steps
        self.evals = {role: _Eval(cbs) for role, cbs in callbacks.items()}
        self.no_callbacks = _Eval({})
        self.frames: list[_Frame] = []
        self.messages = 0
        self._defs: dict[int, Defs | None] = {}
        self._choice_defs: dict[int, Defs | None] = {}
        self._told: dict[int, tuple[str, ...]] = {}
        self._handlers: dict[type, Callable[[_Frame, Any], None]] = {
            A.Comm: self._comm, A.Select: self._select, A.Assign: self._assign,
            A.Action: self._action, A.If: self._if, A.Case: self._case,
            A.ChorCall: self._call, A.Return: self._return, A.Checkpoint: self._checkpoint,
            A.ForEach: self._for,
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
                    return Outcome({}, self.messages, ("role_down", _ident_name(crash.role)),
                                   crash.reason, self.events)
        return Outcome({role_atom(r): v for r, v in self.done.items()}, self.messages,
                       events=self.events)

    def _sent(self, frm: Ident, to: Ident, step: Term, payload: Term) -> None:
        """Count one message, and trace it when tracing."""
        self.messages += 1
        if self.steps is not None:
            self.events.append({"kind": Atom("send"), "role": _ident_term(frm),
                                "peer": _ident_term(to), "step": step, "payload": payload})

    def _receivers(self, f: _Frame, role: str) -> list[Ident]:
        return list(f.ids[role]) if role in f.fams else [f.phys[role]]

    def _step_of(self, s: A.Stmt) -> Term:
        return (self.steps or {}).get(id(s), 0)

    def _step(self, f: _Frame) -> None:
        if not f.cursors:
            self._finish({})
            return
        cur = f.cursors[-1]
        if cur.pos >= len(cur.stmts):
            if cur.loop is not None and self._next_member(f, cur):
                return
            f.cursors.pop()
            if cur.keep is not None:
                self._apply_keep(f, cur.keep)
            return
        stmt = cur.stmts[cur.pos]
        cur.pos += 1
        self._handlers[type(stmt)](f, stmt)

    def _apply_keep(self, f: _Frame, keep: dict[str, Any]) -> None:
        for role, names in keep.items():
            if role in f.fams:
                for env, ns in zip(f.fams[role], names, strict=True):
                    _prune(env, ns)
            elif role in f.env:
                _prune(f.env[role], names)

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
                env, fams = c.saved
                f.env = {r: dict(vs) for r, vs in env.items()}
                f.fams = {r: [dict(vs) for vs in ms] for r, ms in fams.items()}
                for cur in f.cursors:  # a loop's member is one of its family's members
                    if cur.loop is not None:
                        s = cur.loop.stmt
                        f.env[s.member] = f.fams[s.family][cur.loop.index]
                f.pending = None
                f.cursors.append(_Cursor(c.rescue.stmts, kind="rescue", keep=c.keep))
                return True
        return False

    def _finish(self, values: dict[str, Term]) -> None:
        """End the top frame with `values` per role; the others' results are `ok`."""
        f = self.frames.pop()
        out = {f.result_keys[r]: v for r, v in values.items() if f.result_keys.get(r)}
        results = {k: out.get(k, erl_list([OK] * f.sizes[k]) if k in f.sizes else OK)
                   for k in f.keys}
        if not self.frames:
            self.done = results
            return
        parent = self.frames[-1]
        call, parent.pending = parent.pending, None
        assert call is not None
        for loc in call.results:
            value = results[loc.role]
            if loc.role in parent.fams:
                for i, env in enumerate(parent.fams[loc.role]):
                    self._match_in(parent.ids[loc.role][i], env, loc.expr, list(value)[i])
            else:
                self._match_at(parent, loc.role, loc.expr, value)

    # ------------------------------------------------------------ at a role

    def _evaluator(self, ident: Ident) -> _Eval:
        return self.evals.get(ident if isinstance(ident, str) else ident[0], self.no_callbacks)

    def _eval_in(self, ident: Ident, env: Env, e: A.Expr) -> Term:
        try:
            return self._evaluator(ident).expr(e, env)
        except ErlangError as exc:
            raise _Crash(ident, exc.reason) from exc

    def _match_in(self, ident: Ident, env: Env, p: A.Expr, value: Term) -> None:
        try:
            binds = self._evaluator(ident).match(p, value, env)
        except ErlangError as exc:  # e.g. a map key in the pattern that fails
            raise _Crash(ident, exc.reason) from exc
        if binds is None:
            raise _Crash(ident, (Atom("badmatch"), value))
        env.update(binds)

    def _eval_at(self, f: _Frame, role: str, e: A.Expr) -> Term:
        return self._eval_in(f.phys[role], f.env[role], e)

    def _try_match(self, f: _Frame, role: str, p: A.Expr, value: Term) -> dict[str, Term] | None:
        phys = f.phys[role]
        try:
            return self._evaluator(phys).match(p, value, f.env[role])
        except ErlangError as exc:  # e.g. a map key in the pattern that fails
            raise _Crash(phys, exc.reason) from exc

    def _match_at(self, f: _Frame, role: str, p: A.Expr, value: Term) -> None:
        self._match_in(f.phys[role], f.env[role], p, value)

    def _size(self, f: _Frame, role: str) -> int:
        """How many processes play `role`: its member count for a family, else 1."""
        return len(f.fams[role]) if role in f.fams else 1

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
            return self._evaluator(f.phys[role]).expr(g, env) == TRUE
        except ErlangError:
            return False

    # ------------------------------------------------------------ statements

    def _comm(self, f: _Frame, s: A.Comm) -> None:
        src, dst = s.source, s.target
        step = self._step_of(s)
        if src.role in f.fams:  # gather: the values in member order
            values = []
            for i, env in zip(f.ids[src.role], f.fams[src.role], strict=True):
                values.append(self._eval_in(i, env, src.expr))
                self._sent(i, f.phys[dst.role], step, values[-1])
            self._match_at(f, dst.role, dst.expr, erl_list(values))
            return
        value = self._eval_at(f, src.role, src.expr)
        if dst.role in f.fams:  # broadcast: one message per member
            for ident, env in zip(f.ids[dst.role], f.fams[dst.role], strict=True):
                self._sent(f.phys[src.role], ident, step, value)
                self._match_in(ident, env, dst.expr, value)
            return
        self._sent(f.phys[src.role], f.phys[dst.role], step, value)
        self._match_at(f, dst.role, dst.expr, value)

    def _select(self, f: _Frame, s: A.Select) -> None:
        step = (Atom("select"), _label_term(s.label))
        for to in self._receivers(f, s.receiver):
            self._sent(f.phys[s.sender], to, step, step[1])

    def _assign(self, f: _Frame, s: A.Assign) -> None:
        role = s.target.role
        if role in f.fams:  # at every member
            for ident, env in zip(f.ids[role], f.fams[role], strict=True):
                self._match_in(ident, env, s.target.expr, self._eval_in(ident, env, s.expr))
            return
        self._match_at(f, role, s.target.expr, self._eval_at(f, role, s.expr))

    def _action(self, f: _Frame, s: A.Action) -> None:
        role = s.located.role
        if role in f.fams:
            for ident, env in zip(f.ids[role], f.fams[role], strict=True):
                self._eval_in(ident, env, s.located.expr)
            return
        self._eval_at(f, role, s.located.expr)

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
        if counts is not None and counts[branch]:
            decider = f.phys[s.cond.role if isinstance(s, A.If) else s.subject.role]
            label = _label_term(self.labels[(f.chor.name, s.span)][branch])
            for role in counts[branch]:
                for to in self._receivers(f, role):
                    self._sent(decider, to, (Atom("select"), label), label)
        # In tail position nothing follows the choice, so no variable needs dropping.
        keep = None if self._at_tail(f) else self._keep(f, s)
        f.cursors.append(_Cursor(block.stmts, keep=keep))

    # ------------------------------------------------------------ families

    def _for(self, f: _Frame, s: A.ForEach) -> None:
        n = len(f.fams[s.family])
        if n == 0:
            return
        loop = _Loop(s, n)
        for role, env in f.env.items():
            loop.entry[role] = frozenset(env)
        for fam, envs in f.fams.items():
            if fam != s.family:
                loop.entry[fam] = [frozenset(env) for env in envs]
        cur = _Cursor(s.body.stmts, kind="for", loop=loop)
        f.cursors.append(cur)
        self._start_turn(f, loop)

    def _start_turn(self, f: _Frame, loop: _Loop) -> None:
        s = loop.stmt
        f.env[s.member] = f.fams[s.family][loop.index]
        loop.member_entry = frozenset(f.env[s.member])
        f.phys[s.member] = f.ids[s.family][loop.index]
        if s.index is not None:
            for role in [*loop.entry, s.member]:
                if role not in f.fams:
                    f.env[role][s.index] = loop.index + 1

    def _next_member(self, f: _Frame, cur: _Cursor) -> bool:
        """End a member's turn: drop what does not outlive it; True if another starts."""
        loop = cur.loop
        assert loop is not None
        s = loop.stmt
        member = f.env.pop(s.member)
        del f.phys[s.member]
        defs = self._block_defs(s.body) or {}
        kept = (loop.member_entry | defs.get(s.member, frozenset())) - {s.index}
        _prune(member, kept)
        self._apply_keep(f, loop.entry)
        loop.index += 1
        if loop.index >= loop.members:
            return False
        cur.pos = 0
        self._start_turn(f, loop)
        return True

    def _call(self, f: _Frame, s: A.ChorCall) -> None:
        callee = self.chors.get(s.name)
        if callee is None:
            raise InterpreterError(f"no choreography `{s.name}` (is the program checked?)")
        tail = not s.results and self._at_tail(f)
        env: dict[str, Env] = {}
        phys: dict[str, Ident] = {}
        keys: dict[str, str | None] = {}
        fams: dict[str, list[Env]] = {}
        ids: dict[str, list[Ident]] = {}
        sizes: dict[str, int] = {}
        for arg, decl in zip(s.args, callee.roles, strict=True):
            if arg.new is not None:
                fams[decl.name], ids[decl.name] = self._new_members(f, s, arg, decl)
                keys[decl.name] = None
                continue
            keys[decl.name] = f.result_keys[arg.role] if tail else arg.role
            if arg.role in f.fams:
                members = zip(f.ids[arg.role], f.fams[arg.role], strict=True)
                fams[decl.name] = [
                    dict(zip(decl.params, [self._eval_in(i, m, e) for e in arg.args or ()],
                             strict=True)) for i, m in members]
                ids[decl.name] = list(f.ids[arg.role])
                sizes[arg.role] = len(f.fams[arg.role])
                continue
            values = [self._eval_at(f, arg.role, e) for e in arg.args or ()]
            env[decl.name] = dict(zip(decl.params, values, strict=True))
            phys[decl.name] = f.phys[arg.role]
        body = [_Cursor(callee.body.stmts)]
        if tail:  # the callee's results are this frame's: replace it
            self.frames[-1] = _Frame(callee, phys, env, keys, f.keys, body, fams=fams, ids=ids,
                                     sizes=f.sizes)
            return
        f.pending = s
        self.frames.append(_Frame(callee, phys, env, keys,
                                  tuple(k for k in keys.values() if k is not None), body,
                                  fams=fams, ids=ids, sizes=sizes))

    def _new_members(self, f: _Frame, s: A.ChorCall, arg: A.CallArg, decl: A.RoleDecl):
        """`new F[A.(E)]`: A evaluates E to a count or a list of argument lists."""
        assert arg.new is not None
        who = f.phys[arg.new.role]
        size = self._eval_at(f, arg.new.role, arg.new.expr)
        if isinstance(size, int) and not isinstance(size, bool) and size >= 0 \
                and not decl.params:
            starts: list[list[Term]] = [[] for _ in range(size)]
        elif isinstance(size, ErlList) and size.is_proper and all(
                isinstance(a, ErlList) and a.is_proper and len(list(a)) == len(decl.params)
                for a in size):
            starts = [list(a) for a in size]
        else:
            raise _Crash(who, (Atom("badarg"), size))
        told = self._told.get(id(arg))
        if told is None:
            from choreo_erl.projector.project import new_families

            told = tuple(r for nf in new_families(self.program, s)
                         if nf.callee_role == decl.name for r in nf.told)
            self._told[id(arg)] = told
        envs = [dict(zip(decl.params, a, strict=True)) for a in starts]
        ids: list[Ident] = [(decl.name, i + 1) for i in range(len(envs))]
        for role in told:
            self._sent(who, f.phys[role], (Atom("new"), Atom(role_atom(decl.name))),
                       erl_list([_ident_term(i) for i in ids]))
        return envs, ids

    @staticmethod
    def _at_tail(f: _Frame) -> bool:
        """Whether the statement just started is in tail position (not in a checkpoint)."""
        for c in f.cursors:
            if c.kind != "block" or c.pos < len(c.stmts):
                return False
        return True

    def _return(self, f: _Frame, s: A.Return) -> None:
        values: dict[str, Term] = {}
        for loc in s.values:
            if loc.role in f.fams:  # a family's result: its members' results, in order
                values[loc.role] = erl_list(
                    [self._eval_in(i, env, loc.expr)
                     for i, env in zip(f.ids[loc.role], f.fams[loc.role], strict=True)])
            else:
                values[loc.role] = self._eval_at(f, loc.role, loc.expr)
        self._finish(values)

    def _checkpoint(self, f: _Frame, s: A.Checkpoint) -> None:
        saved = ({r: dict(vs) for r, vs in f.env.items()},
                 {r: [dict(vs) for vs in ms] for r, ms in f.fams.items()})
        f.cursors.append(_Cursor(s.body.stmts, kind="checkpoint", keep=self._keep(f, s),
                                 saved=saved, rescue=s.rescue))

    # ------------------------------------------------------------ scoping

    def _keep(self, f: _Frame, s: A.Stmt) -> dict[str, Any] | None:
        """What each role keeps after the compound `s`: its variables on entry and those
        every branch that goes on binds (design section 2); per member for a family
        (except the one a running loop is over: its member is a role of its own)."""
        common = self._choice_defs.get(id(s), ...)
        if common is ...:
            common = self._stmt_defs(s)
            self._choice_defs[id(s)] = common
        if common is None:
            return None
        keep: dict[str, Any] = {r: frozenset(env) | common.get(r, frozenset())
                                for r, env in f.env.items()}
        looping = {c.loop.stmt.family for c in f.cursors if c.loop is not None}
        for fam, envs in f.fams.items():
            if fam not in looping:
                keep[fam] = [frozenset(env) | common.get(fam, frozenset()) for env in envs]
        return keep

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
        if isinstance(s, A.ForEach):  # what every turn binds at the member, at the family
            d = self._block_defs(s.body) or {}
            return {s.family: d.get(s.member, frozenset()) - {s.index}}
        return {}


# ================================================================ entry point


def _by_role(chor: A.Choreography, given: Mapping[str, Any], what: str,
             extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """`given` re-keyed by role name; a key may be the role's name or its atom (or one
    of the `extra` names)."""
    known = (*chor.role_names, *extra)
    names = {r: r for r in known} | {role_atom(r): r for r in known}
    out: dict[str, Any] = {}
    for key, value in given.items():
        role = names.get(str(key))
        if role is None:
            raise ValueError(f"{what} for `{key}`, which is not a role of `{chor.name}`")
        out[role] = value
    return out


def _new_family_roles(program: A.Program) -> tuple[str, ...]:
    """The callee roles that families started with `new` play, anywhere in `program`."""
    out: set[str] = set()

    def visit(block: A.Block) -> None:
        for s in block.stmts:
            if isinstance(s, A.ChorCall):
                callee = program.get(s.name)
                if callee is not None:
                    out.update(d.name for a, d in zip(s.args, callee.roles, strict=False)
                               if a.new is not None)
            for sub in (getattr(s, f, None) for f in ("then", "orelse", "body", "rescue")):
                if isinstance(sub, A.Block):
                    visit(sub)
            if isinstance(s, A.Case):
                for c in s.clauses:
                    visit(c.body)

    for chor in program.choreographies:
        visit(chor.body)
    return tuple(sorted(out))


def _selection_counts(projection: Projection) -> dict[tuple[str, Span], list[list[str]]]:
    """Per choice (chor, span) and branch: the roles projection inserts a selection for
    (a family's selection is one message per member)."""
    out: dict[tuple[str, Span], list[list[str]]] = {}
    for report in projection.choices:
        counts: list[list[str]] = [[] for _ in report.labels]
        for learning in report.learnings:
            for i in learning.selected:
                counts[i].append(learning.role)
        out[(report.chor, report.span)] = counts
    return out


def _family_members(decl: A.RoleDecl, given: Any) -> list[Env]:
    """A family's entry of `run/2`: a member count, or one argument list per member."""
    if isinstance(given, int) and not isinstance(given, bool):
        if given < 0 or decl.params:
            raise ValueError(f"family `{decl.name}` takes a list of argument lists "
                             f"({len(decl.params)} each)" if decl.params
                             else f"family `{decl.name}` cannot have {given} members")
        return [{} for _ in range(given)]
    out = []
    for args in given:
        values = [to_term(v) for v in args]
        if len(values) != len(decl.params):
            raise ValueError(f"each member of family `{decl.name}` takes {len(decl.params)} "
                             f"start arguments, got {len(values)}")
        out.append(dict(zip(decl.params, values, strict=True)))
    return out


def run(program: A.Program, chor_name: str, args: Mapping[str, Any],
        callbacks: Mapping[str, Callbacks] | None = None,
        projection: Projection | None = None,
        max_steps: int = 1_000_000, trace: bool = False) -> Outcome:
    """Run one session of `chor_name` centrally.

    `args` gives each role's start arguments (keyed by role name, e.g. "Buyer", or its
    atom), and each family its member count or one argument list per member (none: no
    member); `callbacks` gives, per top-level role (family), `{(name, arity): function}` for the
    calls of its implementation module, called choreographies included. Python values
    are converted with `terms.to_term`. `projection` (from `project_program`, computed
    when None) says which selections knowledge of choice inserts, for the count. With
    `trace`, the outcome lists every message as a `send` event (steps as the generated
    code numbers them; a member is `{workers, I}`).
    """
    chor = program.get(chor_name)
    if chor is None:
        raise ValueError(f"no choreography `{chor_name}` in {program.path or 'the program'}")
    if projection is None:
        from choreo_erl.projector.project import project_program

        projection = project_program(program)
    starts = _by_role(chor, args, "start arguments")
    env: dict[str, Env] = {}
    fams: dict[str, list[Env]] = {}
    for decl in chor.roles:
        if decl.family:
            fams[decl.name] = _family_members(decl, starts.get(decl.name, 0))
            continue
        values = [to_term(v) for v in starts.get(decl.name, ())]
        if len(values) != len(decl.params):
            raise ValueError(f"role `{decl.name}` of `{chor.name}` takes {len(decl.params)} "
                             f"start arguments, got {len(values)}")
        env[decl.name] = dict(zip(decl.params, values, strict=True))
    # Members of a family started with `new` use the callbacks of the callee's role.
    started = _new_family_roles(program)
    impls = _by_role(chor, callbacks or {}, "callbacks", started)
    steps = None
    if trace:
        from choreo_erl.projector.project import _number_steps

        steps = _number_steps(program)
    session = _Session(program, _selection_counts(projection),
                       {r: impls.get(r, {}) for r in (*chor.role_names, *started)},
                       max_steps, steps,
                       {(c.chor, c.span): c.labels for c in projection.choices})
    roles = chor.role_names
    singles = [r for r in roles if r not in fams]
    top = _Frame(chor, {r: r for r in singles}, env, {r: r for r in roles}, roles,
                 [_Cursor(chor.body.stmts)], fams=fams,
                 ids={r: [(r, i + 1) for i in range(len(ms))] for r, ms in fams.items()},
                 sizes={r: len(ms) for r, ms in fams.items()})
    return session.run(top)
