"""Sequence diagrams as data, and the diagram of a choreography.

A `Diagram` is what Mermaid and PlantUML have in common: participants, arrows,
notes and nested blocks (`alt`, `opt`, `loop`, `critical`, and a labelled box for a
call). `choreography_diagram` draws a checked choreography: its roles in declaration
order, one arrow per communication labelled by its message, each selection that
knowledge of choice inserts as a dashed arrow, choices as `alt`/`opt`, checkpoints as
`critical`/`option`, `within` as a note, calls as boxes holding the callee's arrows,
and recursion as a loop. The renderers (`mermaid.py`, `plantuml.py`) only print it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from choreo_erl.core import tree
from choreo_erl.core.source import Source, Span
from choreo_erl.parser import ast as A

# ---------------------------------------------------------------- the model


@dataclass
class Participant:
    name: str  # the role name, used by the arrows
    label: str | None = None  # what the box shows, when it differs from the name
    span: Span | None = None


@dataclass
class Message:
    frm: str
    to: str
    label: str
    dashed: bool = False  # a selection that the compiler inserts
    span: Span | None = None


@dataclass
class Note:
    roles: tuple[str, ...]  # the note spans the first to the last of these
    text: str
    span: Span | None = None


@dataclass
class Section:
    text: str
    items: list[Item] = field(default_factory=list)
    span: Span | None = None


@dataclass
class Block:
    """`alt` (sections are branches), `opt`, `loop`, `critical` (body and rescue),
    `call` (one section, headed by the call) or `rect` (a plain box, from Mermaid)."""

    kind: str
    sections: list[Section]
    roles: tuple[str, ...] = ()  # the roles a `call` box is drawn over
    span: Span | None = None


Item = Message | Note | Block


@dataclass
class Diagram:
    participants: list[Participant]
    items: list[Item]
    title: str | None = None
    autonumber: bool = False


def messages(items: list[Item]) -> Iterator[Message]:
    """Every arrow, in the order it is drawn."""
    for it in items:
        for node in tree.walk(it):
            if isinstance(node, Message):
                yield node


# ---------------------------------------------------------------- labels


def message_label(comm: A.Comm) -> str:
    """The message of a communication: the tag of a tagged tuple, else the receiving
    variable (or atom), else whatever the sender sends."""
    src, dst = comm.source.expr, comm.target.expr
    for e in (dst, src):
        if isinstance(e, A.Tuple) and e.elems and isinstance(e.elems[0], A.Atom):
            return e.elems[0].value
    for e in (dst, src):
        if isinstance(e, A.Var):
            return e.name
        if isinstance(e, A.Atom):
            return e.value
    return expr_text(dst) if not isinstance(dst, A.Wildcard) else expr_text(src)


def selection_label(label: str | int) -> str:
    return f"[{label}]"


def expr_text(e: A.Expr | None) -> str:
    """A short rendering of an expression, in the choreography's own syntax."""
    if e is None:
        return ""
    if isinstance(e, A.Var):
        return e.name
    if isinstance(e, A.Wildcard):
        return "_"
    if isinstance(e, A.Atom):
        from choreo_erl.core.names import atom

        return atom(e.value)
    if isinstance(e, (A.Int, A.Float, A.Char)):
        return e.text or str(e.value)
    if isinstance(e, A.String):
        return '"' + e.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(e, A.Binary):
        return "<<" + ", ".join(expr_text(b.value) for b in e.elems) + ">>"
    if isinstance(e, A.Tuple):
        return "{" + ", ".join(expr_text(x) for x in e.elems) + "}"
    if isinstance(e, A.List):
        body = ", ".join(expr_text(x) for x in e.elems)
        tail = f" | {expr_text(e.tail)}" if e.tail is not None else ""
        return f"[{body}{tail}]"
    if isinstance(e, A.Map):
        fields = ", ".join(f"{expr_text(f.key)} {':=' if f.exact else '=>'} "
                           f"{expr_text(f.value)}" for f in e.fields)
        return (expr_text(e.base) if e.base is not None else "") + "#{" + fields + "}"
    if isinstance(e, A.BinOp):
        return f"{expr_text(e.left)} {e.op} {expr_text(e.right)}"
    if isinstance(e, A.UnOp):
        sep = " " if e.op.isalpha() else ""
        return f"{e.op}{sep}{expr_text(e.operand)}"
    if isinstance(e, A.Call):
        return f"{e.name}({', '.join(expr_text(a) for a in e.args)})"
    if isinstance(e, A.RemoteCall):
        return f"{e.module}:{e.name}({', '.join(expr_text(a) for a in e.args)})"
    if isinstance(e, A.ListComp):
        return f"[{expr_text(e.expr)} || ...]"
    return "..."


# ---------------------------------------------------------------- a choreography

# Calls drawn with their callee's arrows inside; later calls are drawn as closed boxes,
# so that choreographies that call others several times at every level stay drawable.
MAX_INLINED = 200


def choreography_diagram(program: A.Program, name: str, projection,
                         source: Source | None = None) -> Diagram:
    """The diagram of choreography `name` of a checked and projected program."""
    chor = program.get(name)
    if chor is None:
        raise KeyError(name)
    return _Drawer(program, projection, source).draw(chor)


class _Drawer:
    def __init__(self, program: A.Program, projection, source: Source | None) -> None:
        self.program = program
        self.source = source
        self.choices = {(c.chor, c.span): c for c in projection.choices}
        self.order: dict[str, int] = {}
        self.inlined = 0

    def draw(self, chor: A.Choreography) -> Diagram:
        self.order = {r.name: i for i, r in enumerate(chor.roles)}
        participants = [
            Participant(r.name, f"{r.name}({', '.join(r.params)})" if r.params else None, r.span)
            for r in chor.roles]
        ren = {r: r for r in chor.role_names}
        return Diagram(participants, self.block(chor.body, chor.name, ren, (chor.name,)),
                       title=chor.name)

    # `ren` maps the role names of the choreography being drawn to the participants
    # (they differ inside a called choreography); `stack` holds the choreographies
    # being drawn, so that a call of one of them is drawn as recursion.

    def block(self, block: A.Block, chor: str, ren: dict[str, str],
              stack: tuple[str, ...]) -> list[Item]:
        out: list[Item] = []
        for s in block.stmts:
            out.extend(self.stmt(s, chor, ren, stack))
        return out

    def stmt(self, s: A.Stmt, chor: str, ren: dict[str, str],
             stack: tuple[str, ...]) -> list[Item]:
        if isinstance(s, A.Comm):
            to = ren[s.target.role]
            items: list[Item] = [Message(ren[s.source.role], to, message_label(s), span=s.span)]
            if s.within is not None:
                items.append(Note((to,), f"within {s.within} ms", s.span))
            return items
        if isinstance(s, A.Select):
            return [Message(ren[s.sender], ren[s.receiver], selection_label(s.label),
                            span=s.span)]
        if isinstance(s, A.If):
            head = f"{ren[s.cond.role]}: {self.text(s.cond.expr, strip_parens=True)}"
            blocks = [s.then, s.orelse]
            return self.choice(s, chor, ren, stack, blocks, [head, ""])
        if isinstance(s, A.Case):
            subject = self.text(s.subject.expr, strip_parens=True)
            heads = []
            for i, c in enumerate(s.clauses):
                pat = self.text(c.pattern)
                if c.guard is not None:
                    pat += f" when {self.text(c.guard)}"
                heads.append(f"{ren[s.subject.role]}: case {subject} of {pat}" if i == 0
                             else pat)
            return self.choice(s, chor, ren, stack, [c.body for c in s.clauses], heads)
        if isinstance(s, A.ChorCall):
            return self.call(s, chor, ren, stack)
        if isinstance(s, A.Checkpoint):
            body = self.block(s.body, chor, ren, stack)
            rescue = self.block(s.rescue, chor, ren, stack)
            if not body and not rescue:
                return []
            return [Block("critical", [Section("checkpoint", body, s.body.span),
                                       Section("rescue", rescue, s.rescue.span)], span=s.span)]
        return []  # local computations, actions and returns send nothing

    def choice(self, s: A.If | A.Case, chor: str, ren: dict[str, str],
               stack: tuple[str, ...], blocks: list[A.Block], heads: list[str]) -> list[Item]:
        decider = ren[s.cond.role if isinstance(s, A.If) else s.subject.role]
        report = self.choices.get((chor, s.span))
        sections = []
        for i, (b, head) in enumerate(zip(blocks, heads, strict=True)):
            items: list[Item] = []
            if report is not None:
                label = selection_label(report.labels[i])
                items.extend(Message(decider, ren[lr.role], label, dashed=True, span=b.span)
                             for lr in report.learnings if i in lr.selected)
            items.extend(self.block(b, chor, ren, stack))
            sections.append(Section(head, items, b.span))
        if not any(sec.items for sec in sections):
            kind = "if" if isinstance(s, A.If) else "case"
            return [Note((decider,), f"{decider} decides ({kind}) without messages", s.span)]
        if isinstance(s, A.If) and not sections[1].items:
            return [Block("opt", [sections[0]], span=s.span)]
        return [Block("alt", sections, span=s.span)]

    def call(self, s: A.ChorCall, chor: str, ren: dict[str, str],
             stack: tuple[str, ...]) -> list[Item]:
        callee = self.program.get(s.name)
        if callee is None:
            return []
        passed = [ren[a.role] for a in s.args]
        over = tuple(sorted(set(passed), key=lambda r: self.order.get(r, len(self.order))))
        text = self.text_of(s.span, fallback=f"{s.name}(...)").rstrip(";").rstrip()
        if callee.name in stack:
            plays = [f"{p} plays {r}" for r, p in zip(callee.role_names, passed, strict=True)
                     if r != p]
            again = f"runs {callee.name} again" + (f": {', '.join(plays)}" if plays else "")
            return [Block("loop", [Section(text, [Note(over, again, s.span)], s.span)],
                          roles=over, span=s.span)]
        self.inlined += 1
        if self.inlined > MAX_INLINED:  # calls that fan out: draw the rest unopened
            return [Block("call", [Section(text, [], s.span)], roles=over, span=s.span)]
        inner_ren = dict(zip(callee.role_names, passed, strict=True))
        inner = self.block(callee.body, callee.name, inner_ren, (*stack, callee.name))
        return [Block("call", [Section(text, inner, s.span)], roles=over, span=s.span)]

    # -------------------------------------------------------- source text

    def text(self, e: A.Expr, strip_parens: bool = False) -> str:
        out = self.text_of(e.span, fallback=expr_text(e))
        if strip_parens:
            out = _strip_parens(out)
        return out

    def text_of(self, span: Span, fallback: str) -> str:
        if self.source is None or span.line < 1:
            return fallback
        lines = [self.source.line_text(n) for n in range(span.line, span.end_line + 1)]
        if len(lines) == 1:
            text = lines[0][span.col - 1:span.end_col]
        else:
            lines[0] = lines[0][span.col - 1:]
            lines[-1] = lines[-1][:span.end_col]
            text = "\n".join(lines)
        text = _strip_comments(text)
        return " ".join(text.split()) or fallback


def _strip_parens(text: str) -> str:
    """`(N > 0)` -> `N > 0`, only when the outer parentheses match each other."""
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _strip_comments(text: str) -> str:
    """Drop `% ...` comments from source text that spans lines (outside strings)."""
    if "%" not in text:
        return text
    out, quote = [], None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            out.append(ch)
            if ch == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            out.append(ch)
        elif ch == "$" and i + 1 < len(text):
            out.append(text[i:i + 2])
            i += 1
        elif ch == "%":
            nl = text.find("\n", i)
            if nl < 0:
                break
            i = nl
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)
