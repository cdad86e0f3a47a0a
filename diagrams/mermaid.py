"""Mermaid `sequenceDiagram` text: from a `Diagram`, or straight from a choreography.

Solid arrows (`->>`) are the messages the choreography writes, dashed arrows (`-->>`)
the selections that the compiler inserts. Mermaid reads `#`, `;`, `<` and `>` in
text specially, so they are written as its entity codes (`#35;`, `#59;`, `#lt;`,
`#gt;`); a role whose name is a Mermaid keyword (`End`, `Note`, ...) gets an id with
a trailing underscore and its own name as the alias.
"""

from __future__ import annotations

from .sequence import Block, Diagram, Item, Message, Note

INDENT = "    "

# Words that Mermaid's sequence diagram lexer takes as keywords, whatever their case.
KEYWORDS = frozenset({
    "participant", "actor", "create", "destroy", "box", "as", "loop", "rect", "opt", "alt",
    "else", "par", "par_over", "and", "critical", "option", "break", "end", "left", "right",
    "of", "over", "note", "links", "link", "properties", "details", "activate",
    "deactivate", "title", "acctitle", "accdescr", "autonumber", "off", "sequencediagram",
})

RECT_COLOR = "rgba(128, 128, 128, 0.1)"

_ENTITIES = str.maketrans({"#": "#35;", ";": "#59;", "<": "#lt;", ">": "#gt;"})


def escape(text: str) -> str:
    """Text that Mermaid shows as written, on one line."""
    return " ".join(text.split()).translate(_ENTITIES)


def participant_id(name: str) -> str:
    return name + "_" if name.lower() in KEYWORDS else name


def render(diagram: Diagram) -> str:
    out = ["sequenceDiagram"]
    if diagram.title:
        out.append(f"{INDENT}title {escape(diagram.title)}")
    if diagram.autonumber:
        out.append(f"{INDENT}autonumber")
    for p in diagram.participants:
        pid = participant_id(p.name)
        label = p.label if p.label is not None else p.name
        alias = f" as {escape(label)}" if label != pid else ""
        out.append(f"{INDENT}participant {pid}{alias}")
    _items(diagram.items, 1, out)
    return "\n".join(out) + "\n"


def _items(items: list[Item], depth: int, out: list[str]) -> None:
    pad = INDENT * depth
    for it in items:
        if isinstance(it, Message):
            arrow = "-->>" if it.dashed else "->>"
            out.append(f"{pad}{participant_id(it.frm)}{arrow}{participant_id(it.to)}: "
                       f"{escape(it.label)}")
        elif isinstance(it, Note):
            out.append(f"{pad}{_note(it.roles, it.text)}")
        elif isinstance(it, Block):
            _block(it, depth, out)


def _note(roles: tuple[str, ...], text: str) -> str:
    ids = [participant_id(r) for r in roles]
    over = ids[0] if len(ids) == 1 or ids[0] == ids[-1] else f"{ids[0]},{ids[-1]}"
    return f"Note over {over}: {escape(text)}"


def _block(b: Block, depth: int, out: list[str]) -> None:
    pad = INDENT * depth
    if b.kind == "call":
        # Mermaid's boxes (`rect`) have no label: a note at the top of the box gives it.
        sec = b.sections[0]
        out.append(f"{pad}rect {RECT_COLOR}")
        if b.roles:
            out.append(f"{pad}{INDENT}{_note(b.roles, 'call ' + sec.text)}")
        _items(sec.items, depth + 1, out)
        out.append(f"{pad}end")
        return
    if b.kind == "rect":
        out.append(f"{pad}rect {b.sections[0].text or RECT_COLOR}")
        _items(b.sections[0].items, depth + 1, out)
        out.append(f"{pad}end")
        return
    first, then = {"alt": ("alt", "else"), "opt": ("opt", "else"), "loop": ("loop", "else"),
                   "critical": ("critical", "option")}[b.kind]
    for i, sec in enumerate(b.sections):
        word = first if i == 0 else then
        out.append(f"{pad}{word} {escape(sec.text)}".rstrip())
        _items(sec.items, depth + 1, out)
    out.append(f"{pad}end")


def choreography(program, name: str, projection, source=None) -> str:
    """The Mermaid diagram of choreography `name` of a checked, projected program."""
    from .sequence import choreography_diagram

    return render(choreography_diagram(program, name, projection, source))
