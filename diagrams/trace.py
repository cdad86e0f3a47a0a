"""The Mermaid diagram of a real run, from the trace events of its session.

The twin of the runtime's `choreo_diagram:mermaid/1,2` (Erlang), which `choreo-erl run
--diagram` uses; both print the same text for the same events. An event is a mapping
like the runtime's trace event: `kind` ("send" or "recv"), `role`, `peer`, `step` (an
int, or `("select", Label)` for a selection) and `payload`, given here as the Erlang
text of the term (other values are shown with `str`). Only sends are drawn: one arrow
per message, in the order sent, numbered, with payloads cut to `MAX_LABEL` characters;
a selection is a dashed arrow labelled `[Label]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .mermaid import render
from .sequence import Diagram, Message, Participant, selection_label

MAX_LABEL = 40
ELLIPSIS = "..."


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def trace_diagram(events: Iterable[Mapping], roles: Iterable[str] = ()) -> Diagram:
    """Participants: `roles` first, in order, then any other role as it first appears."""
    sends = [e for e in events if str(e["kind"]) == "send"]
    order = list(dict.fromkeys([*map(str, roles), *(str(r) for e in sends
                                                    for r in (e["role"], e["peer"]))]))
    items = []
    for e in sends:
        step = e["step"]
        if isinstance(step, tuple) and len(step) == 2 and str(step[0]) == "select":
            items.append(Message(str(e["role"]), str(e["peer"]), selection_label(step[1]),
                                 dashed=True))
        else:
            payload = e["payload"]
            text = payload if isinstance(payload, str) else str(payload)
            items.append(Message(str(e["role"]), str(e["peer"]), shorten(text)))
    return Diagram([Participant(r) for r in order], items, autonumber=True)


def trace_mermaid(events: Iterable[Mapping], roles: Iterable[str] = ()) -> str:
    return render(trace_diagram(events, roles))
