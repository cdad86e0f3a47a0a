"""PlantUML sequence diagrams from a `Diagram`: the same picture as `mermaid.py`.

`->` is a message, `-->` a selection the compiler inserts; `alt`/`else`, `opt`,
`loop`, `critical`/`else` and `group` (for a call) are PlantUML's own groups.
"""

from __future__ import annotations

from .sequence import Block, Diagram, Item, Message, Note

INDENT = "  "


def text(s: str) -> str:
    """One line of label text; PlantUML reads `\\n` in a label as a line break."""
    return " ".join(s.split()).replace("\\", "\\\\")


def render(diagram: Diagram) -> str:
    out = ["@startuml"]
    if diagram.title:
        out.append(f"title {text(diagram.title)}")
    if diagram.autonumber:
        out.append("autonumber")
    for p in diagram.participants:
        if p.label is not None and p.label != p.name:
            label = text(p.label).replace('"', "'")
            out.append(f'participant "{label}" as {p.name}')
        else:
            out.append(f"participant {p.name}")
    _items(diagram.items, 0, out)
    out.append("@enduml")
    return "\n".join(out) + "\n"


def _items(items: list[Item], depth: int, out: list[str]) -> None:
    pad = INDENT * depth
    for it in items:
        if isinstance(it, Message):
            arrow = "-->" if it.dashed else "->"
            out.append(f"{pad}{it.frm} {arrow} {it.to} : {text(it.label)}")
        elif isinstance(it, Note):
            over = ", ".join(dict.fromkeys((it.roles[0], it.roles[-1])))
            out.append(f"{pad}note over {over} : {text(it.text)}")
        elif isinstance(it, Block):
            _block(it, depth, out)


def _block(b: Block, depth: int, out: list[str]) -> None:
    pad = INDENT * depth
    if b.kind in ("call", "rect"):
        label = ("call " if b.kind == "call" else "") + b.sections[0].text
        out.append(f"{pad}group {text(label)}".rstrip())
        _items(b.sections[0].items, depth + 1, out)
        out.append(f"{pad}end")
        return
    for i, sec in enumerate(b.sections):
        word = b.kind if i == 0 else "else"
        out.append(f"{pad}{word} {text(sec.text)}".rstrip())
        _items(sec.items, depth + 1, out)
    out.append(f"{pad}end")


def choreography(program, name: str, projection, source=None) -> str:
    """The PlantUML diagram of choreography `name` of a checked, projected program."""
    from .sequence import choreography_diagram

    return render(choreography_diagram(program, name, projection, source))
