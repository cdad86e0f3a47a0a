"""The target IR of the Erlang back end: the functions and states of a role module, as data.

`state_machine` builds it from a role's projection and `emit`/`render` turn it into
text. Every decision about the generated code (does a function read its message, its
context, its implementation module?) is taken from these fields, never by looking at
text already generated: a string literal such as `"Impl_:x"` in a choreography is
just a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The variables the generated code itself introduces. Each ends in `_`, which keeps
# them apart from the choreography's variables in practice, and they are named here
# once so that `uses` sets compare names, not text.
MSG = "Msg_"
CTX = "Ctx_"        # the generic back end: the frame's context (choreo_runtime:ctx())
STATE = "State_"    # the direct back end: the gen_server state record
IMPL = "Impl_"      # the role's implementation module
FROM = "From_"      # the direct back end: the sender's pid in a handle_info/2 head


@dataclass
class Line:
    src: int
    text: str
    # The generated variables (MSG, CTX, STATE, IMPL) that this line reads.
    uses: frozenset[str] = frozenset()


@dataclass
class CaseCode:
    src: int
    head: str
    clauses: list[tuple[int, str, list]]  # (source line, clause head, body)
    uses: frozenset[str] = frozenset()    # of the head


def body_uses(body: list) -> frozenset[str]:
    """The generated variables that a body reads, from its lines' `uses`."""
    out: set[str] = set()
    for s in body:
        out |= s.uses
        if isinstance(s, CaseCode):
            for _, _, b in s.clauses:
                out |= body_uses(b)
    return frozenset(out)


@dataclass
class Function:
    """One function of a role module (its own `-file` line precedes it)."""

    name: str
    params: list[str]
    body: list
    src: int
    comment: str = ""


@dataclass
class WaitClause:
    """Direct back end: a `handle_info/2` clause that takes one step in one state."""

    state: str                  # the state's name (an atom in the `state` field)
    peer: str                   # the sender's role atom (a field holding its pid)
    step: str                   # the step term
    fields: list[tuple[str, str]]  # (record field, variable) restored from the state
    msg: bool                   # whether the payload is passed on
    call: str                   # the function that continues
    timed: bool = False         # the wait has a `within`: the clause clears its deadline


@dataclass
class WaitState:
    """Direct back end: a named state in which the role waits for one peer."""

    name: str
    peer: str
    steps: list[str]
    src: int = 0
    within: int | None = None   # ms: the `within` of the wait, if it has one


@dataclass(frozen=True)
class PeerNames:
    """Direct back end: where a role keeps a peer's pid, a `#session{}` field, and the
    variable that the template's clauses bind it to."""

    field: str
    var: str


@dataclass
class DirectRole:
    """Direct back end: what the role module's template needs besides its functions."""

    entry: str                  # the function that plays the role from its start
    entry_params: list[str]
    peers: list[str]            # role atoms of the other roles
    fields: list[str]           # record fields that hold variables across waits
    timed: bool = False         # a wait has a `within`: a deadline and a timer are kept
    states: list[WaitState] = field(default_factory=list)
    clauses: list[WaitClause] = field(default_factory=list)
    peer_names: dict[str, PeerNames] = field(default_factory=dict)  # by role atom
