"""The abstract syntax of choreographies: frozen dataclasses, each with its source span.

Expressions and patterns share one set of nodes (as in Erlang's own abstract format);
the checker decides where a node stands as a pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from choreo_erl.core import tree
from choreo_erl.core.source import NO_SPAN, Span

# ---------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Expr:
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Var(Expr):
    name: str = ""


@dataclass(frozen=True)
class Wildcard(Expr):
    pass


@dataclass(frozen=True)
class Atom(Expr):
    value: str = ""


@dataclass(frozen=True)
class Int(Expr):
    value: int = 0
    text: str = ""


@dataclass(frozen=True)
class Float(Expr):
    value: float = 0.0
    text: str = ""


@dataclass(frozen=True)
class Char(Expr):
    """`$a`: an integer written as a character."""

    value: int = 0
    text: str = ""


@dataclass(frozen=True)
class String(Expr):
    value: str = ""


@dataclass(frozen=True)
class BinElem:
    value: Expr
    size: Expr | None = None
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Binary(Expr):
    elems: tuple[BinElem, ...] = ()


@dataclass(frozen=True)
class Tuple(Expr):
    elems: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class List(Expr):
    elems: tuple[Expr, ...] = ()
    tail: Expr | None = None


@dataclass(frozen=True)
class MapField:
    key: Expr
    value: Expr
    exact: bool  # `:=` (patterns, updates) rather than `=>`


@dataclass(frozen=True)
class Map(Expr):
    fields: tuple[MapField, ...] = ()
    base: Expr | None = None  # `Base#{...}` updates Base


@dataclass(frozen=True)
class BinOp(Expr):
    op: str = ""
    left: Expr = None  # type: ignore[assignment]
    right: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True)
class UnOp(Expr):
    op: str = ""
    operand: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Call(Expr):
    """`f(Args)`: a BIF or a callback of the role's implementation module."""

    name: str = ""
    args: tuple[Expr, ...] = ()
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class RemoteCall(Expr):
    """`mod:f(Args)`: a call into any Erlang module."""

    module: str = ""
    name: str = ""
    args: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class Generator:
    pattern: Expr
    source: Expr


@dataclass(frozen=True)
class ListComp(Expr):
    """`[E || P <- L, Cond]`; qualifiers are `Generator`s or filter expressions."""

    expr: Expr = None  # type: ignore[assignment]
    qualifiers: tuple[Generator | Expr, ...] = ()


# ---------------------------------------------------------------- statements


@dataclass(frozen=True)
class Located:
    """`A.Expr`: an expression evaluated at role A."""

    role: str
    expr: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    role_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Stmt:
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Block:
    stmts: tuple[Stmt, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Comm(Stmt):
    """`A.Expr ~> B.Pattern [within Ms];`"""

    source: Located = None  # type: ignore[assignment]
    target: Located = None  # type: ignore[assignment]
    within: int | None = None


@dataclass(frozen=True)
class Select(Stmt):
    """`A[label] ~> B;`"""

    sender: str = ""
    label: str | int = ""
    receiver: str = ""
    sender_span: Span = field(default=NO_SPAN, compare=False, repr=False)
    receiver_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Assign(Stmt):
    """`A.Pattern = Expr;` (the expression is evaluated at A too)."""

    target: Located = None  # type: ignore[assignment]
    expr: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Action(Stmt):
    """`A.Expr;` for its side effect."""

    located: Located = None  # type: ignore[assignment]


@dataclass(frozen=True)
class If(Stmt):
    cond: Located = None  # type: ignore[assignment]
    then: Block = None  # type: ignore[assignment]
    orelse: Block = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Clause:
    pattern: Expr
    guard: Expr | None
    body: Block
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Case(Stmt):
    subject: Located = None  # type: ignore[assignment]
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class CallArg:
    """One role passed to a called choreography, with the start arguments it evaluates.

    `new F[A.(E)]` (section 8) has `new` set: a family named `role`, started for the
    call, whose size (a count or a list of argument lists) A evaluates from E.
    """

    role: str
    args: tuple[Expr, ...] | None  # None: written without parentheses
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    new: Located | None = None


@dataclass(frozen=True)
class ChorCall(Stmt):
    """`[A.P1, B.P2 =] name(A(Args), B, ...);`"""

    name: str = ""
    args: tuple[CallArg, ...] = ()
    results: tuple[Located, ...] = ()
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)
    call_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Return(Stmt):
    values: tuple[Located, ...] = ()


@dataclass(frozen=True)
class Checkpoint(Stmt):
    body: Block = None  # type: ignore[assignment]
    rescue: Block = None  # type: ignore[assignment]


@dataclass(frozen=True)
class ForEach(Stmt):
    """`for W[I] in Ws BLOCK`: BLOCK once per member of family Ws, in member order.

    `member` (W) is a single role inside the block; `index` (I), if written, is the
    member's number, bound at every role of the block.
    """

    member: str = ""
    index: str | None = None
    family: str = ""
    body: Block = None  # type: ignore[assignment]
    member_span: Span = field(default=NO_SPAN, compare=False, repr=False)
    index_span: Span = field(default=NO_SPAN, compare=False, repr=False)
    family_span: Span = field(default=NO_SPAN, compare=False, repr=False)


# ---------------------------------------------------------------- top level


@dataclass(frozen=True)
class RoleDecl:
    """A role of the role list; `family` for `Workers[]`, a role of any number of members."""

    name: str
    params: tuple[str, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    param_spans: tuple[Span, ...] = field(default=(), compare=False, repr=False)
    family: bool = False


@dataclass(frozen=True)
class Choreography:
    name: str
    roles: tuple[RoleDecl, ...]
    body: Block
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)

    @property
    def role_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.roles)

    def role(self, name: str) -> RoleDecl | None:
        return next((r for r in self.roles if r.name == name), None)

    @property
    def families(self) -> frozenset[str]:
        """The roles declared as families (`Workers[]`)."""
        return frozenset(r.name for r in self.roles if r.family)


@dataclass(frozen=True)
class Program:
    choreographies: tuple[Choreography, ...]
    path: str = ""

    def get(self, name: str) -> Choreography | None:
        return next((c for c in self.choreographies if c.name == name), None)


# ---------------------------------------------------------------- traversal


def own_roles(s: Stmt) -> set[str]:
    """The roles a statement names itself (not those of the blocks it holds)."""
    if isinstance(s, Comm):
        return {s.source.role, s.target.role}
    if isinstance(s, Select):
        return {s.sender, s.receiver}
    if isinstance(s, Assign):
        return {s.target.role}
    if isinstance(s, Action):
        return {s.located.role}
    if isinstance(s, If):
        return {s.cond.role}
    if isinstance(s, Case):
        return {s.subject.role}
    if isinstance(s, ChorCall):
        return {a.role for a in s.args}
    if isinstance(s, Return):
        return {v.role for v in s.values}
    if isinstance(s, ForEach):
        return {s.family}
    return set()


def _is_structure(node: object) -> bool:
    """The nodes that hold statements (not expressions)."""
    return isinstance(node, (Program, Choreography, Block, Stmt, Clause))


def statements(root: Program | Choreography | Block | Stmt) -> Iterator[Stmt]:
    """Every statement in `root`, nested ones included, in source order (expressions are
    not entered)."""
    for node in tree.walk(root, _is_structure):
        if isinstance(node, Stmt):
            yield node


def blocks(stmt: Stmt) -> list[Block]:
    """The blocks a statement holds, in order: an `if`'s branches, a `case`'s clause
    bodies, a `checkpoint`'s block and rescue; none for a simple statement."""
    out: list[Block] = []
    for child in tree.children(stmt):
        if isinstance(child, Block):
            out.append(child)
        elif isinstance(child, Clause):
            out.append(child.body)
    return out
