"""The local-process IR: what one role does, independent of Erlang.

A role's part of a choreography is a sequence of instructions. Compound
instructions (`If`, `Branch`, `Offer`, `Checkpoint`) hold bodies; when a body
ends without `Ret` or a tail `CallChor`, execution goes on after the compound.
Spans do not take part in equality, so two projections compare by behaviour.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Literal, NamedTuple

from choreo_erl.core import tree
from choreo_erl.core.source import NO_SPAN, Span
from choreo_erl.parser import ast as A


class SelectStep(NamedTuple):
    """The step of a selection: `("select", label)`, as the runtime sees it too."""

    kind: Literal["select"]
    label: str | int


# A step: an int for a communication statement (unique in its file), or a selection's.
Step = int | SelectStep


def select_step(label: str | int) -> SelectStep:
    return SelectStep("select", label)


@dataclass(frozen=True)
class Instr:
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


Body = tuple[Instr, ...]


@dataclass(frozen=True)
class Send(Instr):
    to: str = ""
    step: Step = 0
    expr: A.Expr = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Recv(Instr):
    frm: str = ""
    step: Step = 0
    pattern: A.Expr | None = None  # None for a selection
    within: int | None = None


@dataclass(frozen=True)
class Choose(Instr):
    """Send a selection: tell `to` which branch was taken."""

    to: str = ""
    label: str | int = ""
    inserted: bool = False  # added by knowledge of choice, not written by the user


@dataclass(frozen=True)
class OfferBranch:
    step: Step
    pattern: A.Expr | None
    body: Body
    span: Span = field(default=NO_SPAN, compare=False, repr=False)  # the receive's statement


@dataclass(frozen=True)
class Offer(Instr):
    """Receive from `frm` whichever of several steps comes; each leads to its own body."""

    frm: str = ""
    branches: tuple[OfferBranch, ...] = ()
    within: int | None = None


@dataclass(frozen=True)
class Local(Instr):
    """Evaluate `expr`; match `pattern` if there is one."""

    pattern: A.Expr | None = None
    expr: A.Expr = None  # type: ignore[assignment]


@dataclass(frozen=True)
class If(Instr):
    cond: A.Expr = None  # type: ignore[assignment]
    then: Body = ()
    orelse: Body = ()


@dataclass(frozen=True)
class CaseClause:
    pattern: A.Expr
    guard: A.Expr | None
    body: Body


@dataclass(frozen=True)
class Branch(Instr):
    """A local `case`: the role decides by matching `subject`."""

    subject: A.Expr = None  # type: ignore[assignment]
    clauses: tuple[CaseClause, ...] = ()


@dataclass(frozen=True)
class CallChor(Instr):
    """Play `callee_role` of choreography `chor`.

    `role_map` maps each callee role to the caller role passed for it; `result`
    is the pattern that takes this role's result, if any; a tail call (`tail`)
    ends the current choreography with the callee's result.
    """

    chor: str = ""
    callee_role: str = ""
    args: tuple[A.Expr, ...] = ()
    role_map: tuple[tuple[str, str], ...] = ()
    result: A.Expr | None = None
    tail: bool = False


@dataclass(frozen=True)
class Ret(Instr):
    expr: A.Expr | None = None  # None: the role's result is `ok`


@dataclass(frozen=True)
class CommitPlan:
    """How a participant learns that a checkpoint's block committed (see
    `project.commit_plan`).

    - `close`: it decides; it waits for a `done` report from each role of `awaited`,
      then commits and tells every role of `notify`;
    - `report`: it tells `collector` when its part of the block is done, then waits
      for the verdict;
    - `wait`: it waits for the verdict of `collector` (which knows when this role is
      done, and a message it sends after the block tells that the block committed).
    """

    kind: Literal["close", "report", "wait"]
    collector: str = ""  # the deciding role (itself for `close`)
    awaited: tuple[str, ...] = ()  # `close` only
    notify: tuple[str, ...] = ()  # `close` only


@dataclass(frozen=True)
class Checkpoint(Instr):
    """`checkpoint { body } rescue { rescue }` as one participant runs it.

    `cp_id` numbers the checkpoint statements of a file from 1; `parts` are the roles of
    the choreography that take part (in the block or its rescue), sorted; `plan` says how
    this role learns the block's verdict. Two checkpoints with the same bodies but another
    `cp_id` differ: their instances must not be confused.
    """

    body: Body = ()
    rescue: Body = ()
    cp_id: int = 0
    parts: tuple[str, ...] = ()
    plan: CommitPlan = CommitPlan("wait")
    # Entered by the receive that starts an offer branch (see `as_offer_branches`): the
    # block was entered when the role began to wait, and `body` is what follows the
    # receive.
    entered: bool = False


@dataclass(frozen=True)
class RoleProc:
    """One role's projection of one choreography."""

    chor: str
    role: str
    params: tuple[str, ...]
    body: Body
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


class FirstReceive(NamedTuple):
    """Who a body's first message comes from, and its possible steps."""

    sender: str
    steps: frozenset[Step]


def first_receive(body: Body) -> FirstReceive | None:
    """The sender and steps of `body`'s first instruction when it is a receive.

    A checkpoint whose block starts with a receive (without `within`) counts as that
    receive: entering a block is nothing the others can see, so the message can tell
    this role which branch was taken as well as it would outside the block.
    """
    if not body:
        return None
    head = body[0]
    if isinstance(head, Recv):
        return FirstReceive(head.frm, frozenset([head.step]))
    if isinstance(head, Offer):
        return FirstReceive(head.frm, frozenset(b.step for b in head.branches))
    if isinstance(head, Checkpoint) and not head.entered and _plain_first_receive(head.body):
        return first_receive(head.body)
    return None


def _plain_first_receive(body: Body) -> bool:
    """`body` starts with a receive that has no `within` (maybe in a checkpoint)."""
    head = body[0] if body else None
    if isinstance(head, (Recv, Offer)):
        return head.within is None
    if isinstance(head, Checkpoint) and not head.entered:
        return _plain_first_receive(head.body)
    return False


def as_offer_branches(body: Body) -> tuple[OfferBranch, ...]:
    """`body` (starting with a receive) as offer branches, the rest appended to each.

    When the receive starts the block of a checkpoint, each branch starts with that
    checkpoint, `entered`, holding what follows the receive in the block.
    """
    head, rest = body[0], body[1:]
    if isinstance(head, Recv):
        return (OfferBranch(head.step, head.pattern, rest, head.span),)
    if isinstance(head, Checkpoint):
        return tuple(OfferBranch(b.step, b.pattern, (replace(head, body=b.body, entered=True),)
                                 + rest, b.span)
                     for b in as_offer_branches(head.body))
    assert isinstance(head, Offer)
    return tuple(OfferBranch(b.step, b.pattern, b.body + rest, b.span) for b in head.branches)


def _is_structure(node: object) -> bool:
    """Instructions and the clauses and branches that hold bodies (not expressions)."""
    return isinstance(node, (Instr, CaseClause, OfferBranch))


def walk(body: Body) -> Iterator[Instr]:
    """Every instruction of `body`, nested ones included, in order."""
    for ins in body:
        for node in tree.walk(ins, _is_structure):
            if isinstance(node, Instr):
                yield node


_BODY_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def bodies(ins: Instr) -> list[Body]:
    """The bodies a compound instruction holds (then/else, clauses, branches, block and
    rescue), in order; none for a simple one."""
    spec = _BODY_FIELDS.get(type(ins))
    if spec is None:
        spec = tuple((f.name, f.type == "Body") for f in fields(ins)
                     if f.type == "Body" or f.type in ("tuple[CaseClause, ...]",
                                                       "tuple[OfferBranch, ...]"))
        _BODY_FIELDS[type(ins)] = spec
    out: list[Body] = []
    for name, is_body in spec:
        value = getattr(ins, name)
        if is_body:
            out.append(value)
        else:
            out.extend(item.body for item in value)
    return out


_EXPR_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def exprs_of(ins: Instr) -> Iterator[A.Expr]:
    """The expressions an instruction evaluates or matches (not those of nested bodies):
    the fields typed as expressions, in field order (looked up once per class)."""
    spec = _EXPR_FIELDS.get(type(ins))
    if spec is None:
        spec = tuple((f.name, str(f.type).startswith("tuple[")) for f in fields(ins)
                     if "A.Expr" in str(f.type))
        _EXPR_FIELDS[type(ins)] = spec
    for name, many in spec:
        value = getattr(ins, name)
        if many:
            yield from value
        elif value is not None:
            yield value
