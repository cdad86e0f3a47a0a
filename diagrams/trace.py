"""The Mermaid diagram of a real run, from the trace events of its session.

The twin of the runtime's `choreo_diagram:mermaid/1,2` (Erlang), which `choreo-erl run
--diagram` uses; both print the same text for the same events. An event is a mapping
like the runtime's trace event: `kind` ("send" or "recv"), `role`, `peer`, `step` (an
int, or `("select", Label)` for a selection) and `payload`, given here as the Erlang
text of the term (other values are shown with `str`). Only sends are drawn: one arrow
per message, in the order sent, numbered, with payloads cut to `MAX_LABEL` characters;
a selection is a dashed arrow labelled `[Label]`. A member of a role family (a role given
as `(family, I)`) is a participant of its own, `family__I`, shown as `{family,I}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .mermaid import render
from .sequence import Diagram, Message, Participant, selection_label

MAX_LABEL = 40
ELLIPSIS = "..."


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def _name(role) -> str:
    """A participant's name: the role's, or `family__I` for member I of a family."""
    if isinstance(role, tuple) and len(role) == 2:
        return f"{role[0]}__{role[1]}"
    return str(role)


def trace_diagram(events: Iterable[Mapping], roles: Iterable[str] = ()) -> Diagram:
    """Participants: `roles` first, in order, then any other role as it first appears."""
    sends = [e for e in events if str(e["kind"]) == "send"]
    labels: dict[str, str] = {}
    for e in sends:
        for r in (e["role"], e["peer"]):
            if isinstance(r, tuple) and len(r) == 2:
                labels[_name(r)] = f"{{{r[0]},{r[1]}}}"
    order = list(dict.fromkeys([*map(_name, roles), *(_name(r) for e in sends
                                                      for r in (e["role"], e["peer"]))]))
    items = []
    for e in sends:
        step = e["step"]
        frm, to = _name(e["role"]), _name(e["peer"])
        if isinstance(step, tuple) and len(step) == 2 and str(step[0]) == "select":
            items.append(Message(frm, to, selection_label(step[1]), dashed=True))
        else:
            payload = e["payload"]
            text = payload if isinstance(payload, str) else str(payload)
            items.append(Message(frm, to, shorten(text)))
    return Diagram([Participant(r, labels.get(r)) for r in order], items, autonumber=True)


def trace_mermaid(events: Iterable[Mapping], roles: Iterable[str] = ()) -> str:
    return render(trace_diagram(events, roles))
