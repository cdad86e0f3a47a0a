"""A Mermaid sequence diagram to a choreography (`choreo-erl import`).

A small hand-written reader of the subset of Mermaid that maps onto choreographies:

- `participant A` / `actor A` [`as Label`]: role `A`; `as Alice(Item, Qty)` also
  gives the role its start parameters;
- `A->>B: label` / `A-->>B: label`: `A.{label, todo} ~> B.{label, _};`, or
  `A.todo ~> B.Label;` for a Capitalized label (a receiving variable);
- `A->>B: [label]`: the selection `A[label] ~> B;`;
- `alt R: text` / `else` / `end`: `if R.(true) {...} else {...}`; with three or more
  branches, or `alt R: case ...`, a `case` with a clause per branch;
- `opt R: text`: `if R.(true) {...}`;
- `loop R: text`: a recursive choreography of its own, called there;
- `critical` / `option` / `end`: `checkpoint {...} rescue {...}`;
- `Note over B: within 1000 ms` right after an arrow to B: `within 1000` on it;
- `rect`, `box`, other notes, `activate`, `autonumber`, `title`: comments, or left
  out (`title` names the choreography).

Every message gets the placeholder payload `todo`, and every choice a TODO comment
with the text of its condition. A dashed arrow `R-->>Q: [then]` at the start of a
branch decided by R is a selection the compiler inserts by itself, so it is left out
(as a comment). Anything else (`par`, `break`, other arrows, ...) is an error that
points at its place in the diagram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from choreo_erl.core.deep import run_deep
from choreo_erl.core.diagnostics import ChoreoError, Diagnostic
from choreo_erl.core.source import Source, Span

from .sequence import Block, Diagram, Item, Message, Note, Participant, Section

PLACEHOLDER = "todo"

# Words of the choreography language that cannot be plain atoms.
CHOR_KEYWORDS = frozenset({"choreography", "if", "else", "case", "when", "return",
                           "checkpoint", "rescue", "within"})


def _err(code: str, message: str, span: Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, hint=hint)


# ---------------------------------------------------------------- reading Mermaid

_ARROWS = ["<<-->>", "<<->>", "-->>", "->>", "--x", "-x", "--)", "-)", "-->", "->"]
_ARROW_RE = re.compile("|".join(re.escape(a) for a in _ARROWS))
_ID = r"[^\s:;,+\-<>]+(?:[ \t]+[^\s:;,+\-<>]+)*"
_MESSAGE = re.compile(rf"(?P<frm>{_ID})[ \t]*(?P<arrow>{_ARROW_RE.pattern})[ \t]*"
                      rf"(?P<act>[+\-]?)[ \t]*(?P<to>{_ID})[ \t]*(?::(?P<text>.*))?\Z")
_NOTE = re.compile(r"note\s+(?P<where>left\s+of|right\s+of|over)\s+(?P<ids>[^:]+?)\s*"
                   r"(?::(?P<text>.*))?\Z", re.I)
_PARTICIPANT = re.compile(r"(?P<kw>participant|actor)\s+(?P<id>.+?)"
                          r"(?:\s+as\s+(?P<alias>.+))?\Z", re.I)
_ENTITY = re.compile(r"#(\d+|[a-zA-Z]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'", "nbsp": " "}

_SUPPORTED = "participant, actor, ->>, -->>, alt/else, opt, loop, critical/option, rect, Note"
_UNSUPPORTED = {
    "par": "parallel blocks (`par`/`and`) have no counterpart in a choreography",
    "and": "parallel blocks (`par`/`and`) have no counterpart in a choreography",
    "break": "`break` has no counterpart in a choreography: use `alt` with an empty branch",
    "create": "roles cannot be created during a choreography: declare every participant",
    "destroy": "roles cannot be destroyed during a choreography",
    "link": "links are not part of a choreography",
    "links": "links are not part of a choreography",
    "properties": "properties are not part of a choreography",
    "details": "details are not part of a choreography",
}


def unescape(text: str) -> str:
    """Mermaid's entity codes (`#35;`, `#lt;`) back to characters. A number that is no
    Unicode scalar value (a surrogate, beyond U+10FFFF) stays as it was written."""
    def one(m: re.Match) -> str:
        code = m.group(1)
        if code.isdigit():
            number = int(code) if len(code) <= 7 else -1
            if 0 <= number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
                return chr(number)
            return m.group(0)
        return _NAMED.get(code.lower(), m.group(0))

    return _ENTITY.sub(one, text)


def inert(line: str) -> str:
    """One line of the written `.chor`, with nothing in it that could end a line.

    Every line the importer writes passes through here, so the text of a label (which
    goes only into `%` comments) can never leave its comment and become a statement: a
    character that could end a line (`\r`, U+2028, U+0085, a vertical tab, ...) or that
    does not print is written as its Mermaid entity `#N;` instead."""
    return "".join(c if c.isprintable() or c == " " else f"#{ord(c)};" for c in line)


@dataclass
class _Frame:
    kind: str
    span: Span
    sections: list[Section] = field(default_factory=list)


class _Reader:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.errors: list[Diagnostic] = []
        self.participants: dict[str, Participant] = {}
        self.title: str | None = None
        self.autonumber = False

    def read(self) -> Diagram:
        lines = self.source.text.split("\n")
        n = self._front_matter(lines)
        started = False
        top = _Frame("top", Span(1, 1, 1, 1), [Section("")])
        stack = [top]
        while n < len(lines):
            raw = lines[n].rstrip("\r")
            n += 1
            stripped = raw.strip()
            if not stripped or stripped.startswith("%%"):
                continue
            col = len(raw) - len(raw.lstrip()) + 1
            span = Span(n, col, n, col + len(stripped) - 1)
            if not started:
                if stripped.split()[0] != "sequenceDiagram":
                    self.errors.append(_err(
                        "E1001", "this is not a Mermaid sequence diagram", span,
                        hint="a sequence diagram starts with the line `sequenceDiagram`"))
                    return Diagram([], [])
                started = True
                rest = stripped[len("sequenceDiagram"):].strip()
                if rest:
                    self._unreadable(Span(n, col + raw.strip().find(rest), n, span.end_col))
                continue
            self._line(stripped, span, stack)
        if not started:
            self.errors.append(_err("E1001", "this file holds no Mermaid sequence diagram",
                                    Span(1, 1, 1, 1),
                                    hint="a sequence diagram starts with `sequenceDiagram`"))
        for frame in stack[1:]:
            self.errors.append(_err(
                "E1005", f"this `{frame.kind}` has no `end`", _first_word(frame.span, frame.kind),
                hint=f"close the `{frame.kind}` block with a line `end`"))
        return Diagram(list(self.participants.values()), top.sections[0].items,
                       title=self.title, autonumber=self.autonumber)

    def _front_matter(self, lines: list[str]) -> int:
        """Skip a `---` front matter block, taking its `title:`."""
        if not lines or lines[0].strip() != "---":
            return 0
        for i in range(1, len(lines)):
            s = lines[i].strip()
            if s == "---":
                return i + 1
            m = re.match(r"title\s*:\s*(.+)", s)
            if m:
                self.title = m.group(1).strip().strip("\"'")
        return 0

    # -------------------------------------------------------- one line

    def _line(self, text: str, span: Span, stack: list[_Frame]) -> None:
        word = re.match(r"[A-Za-z_]+", text)
        kw = word.group(0).lower() if word else ""
        rest = text[len(kw):].strip() if kw else text
        here = stack[-1].sections[-1].items
        if kw in ("alt", "opt", "loop", "critical", "rect", "box") and (
                len(text) == len(kw) or text[len(kw)].isspace()):
            stack.append(_Frame(kw, span, [Section(unescape(rest), [], span)]))
            return
        if kw in ("else", "option") and (len(text) == len(kw) or text[len(kw)].isspace()):
            frame = stack[-1]
            allowed = {"else": ("alt",), "option": ("critical",)}[kw]
            if frame.kind not in allowed:
                where = f"inside `{frame.kind}`" if frame.kind != "top" else "outside a block"
                self.errors.append(_err(
                    "E1005", f"`{kw}` {where}", _first_word(span, text),
                    hint=f"`{kw}` separates the branches of "
                         f"{'an `alt`' if kw == 'else' else 'a `critical`'} block"))
                return
            if kw == "option" and len(frame.sections) > 1:
                self.errors.append(_err(
                    "E1009", "a checkpoint has one rescue: a second `option` is not supported",
                    _first_word(span, text), hint="merge the two options into one"))
            frame.sections.append(Section(unescape(rest), [], span))
            return
        if kw == "end" and text == "end":
            if len(stack) == 1:
                self.errors.append(_err("E1005", "this `end` closes no block", span,
                                        hint="remove it, or open the block it should close"))
                return
            frame = stack.pop()
            parent = stack[-1].sections[-1].items
            if frame.kind in ("box", "par", "break"):
                return
            parent.append(Block(frame.kind, frame.sections, span=frame.span))
            return
        if kw in ("participant", "actor"):
            self._participant(text, span)
            return
        if kw == "note":
            self._note(text, span, here)
            return
        if kw == "title":
            self.title = unescape(text[len(kw):].lstrip(" :").strip())
            return
        if kw == "autonumber":
            self.autonumber = True
            return
        if kw in ("activate", "deactivate") or kw.startswith("acc"):
            return
        if kw == "and" and stack[-1].kind == "par":
            return  # the `par` itself was reported
        if kw in _UNSUPPORTED and (len(text) == len(kw) or not text[len(kw)].isalnum()):
            self.errors.append(_err("E1003", f"`{kw}` is not supported",
                                    _first_word(span, text), hint=_UNSUPPORTED[kw]))
            if kw in ("par", "break"):
                stack.append(_Frame(kw, span, [Section("")]))
            return
        m = _MESSAGE.match(text)
        if m:
            self._message(m, span, here)
            return
        self._unreadable(span)

    def _unreadable(self, span: Span) -> None:
        self.errors.append(_err(
            "E1002", "cannot read this line of the sequence diagram", span,
            hint=f"choreo-erl reads these Mermaid statements: {_SUPPORTED}"))

    def _participant(self, text: str, span: Span) -> None:
        m = _PARTICIPANT.match(text)
        if not m or "@{" in text:
            self._unreadable(span)
            return
        pid = m.group("id").strip()
        alias = unescape(m.group("alias").strip()) if m.group("alias") else None
        id_col = span.col + m.start("id")
        self._declare(pid, alias, Span(span.line, id_col, span.line, id_col + len(pid) - 1))

    def _declare(self, pid: str, alias: str | None, span: Span) -> Participant:
        p = self.participants.get(pid)
        if p is None:
            p = Participant(pid, alias, span)
            self.participants[pid] = p
        elif alias is not None:
            p.label = alias
        return p

    def _message(self, m: re.Match, span: Span, here: list[Item]) -> None:
        line, col = span.line, span.col
        arrow = m.group("arrow")
        arrow_span = Span(line, col + m.start("arrow"), line, col + m.end("arrow") - 1)
        if arrow not in ("->>", "-->>"):
            self.errors.append(_err(
                "E1004", f"the arrow `{arrow}` is not supported", arrow_span,
                hint="write a message as `A->>B: label` (or `A-->>B: label`)"))
            return
        frm, to = m.group("frm").strip(), m.group("to").strip()
        to_span = Span(line, col + m.start("to"), line, col + m.end("to") - 1)
        if frm == to:
            self.errors.append(_err(
                "E1007", f"`{frm}` sends a message to itself", to_span,
                hint="a message goes from one role to another; a role's own work "
                     "is a local computation in the choreography"))
            return
        self._declare(frm, None, Span(line, col + m.start("frm"), line,
                                      col + m.end("frm") - 1))
        self._declare(to, None, to_span)
        text = unescape((m.group("text") or "").strip())
        text_col = col + (m.start("text") if m.group("text") is not None else m.end())
        here.append(Message(frm, to, text, dashed=arrow == "-->>",
                            span=Span(line, text_col, line, max(text_col, span.end_col))))

    def _note(self, text: str, span: Span, here: list[Item]) -> None:
        m = _NOTE.match(text)
        if not m:
            self._unreadable(span)
            return
        ids = tuple(i.strip() for i in m.group("ids").split(","))
        for pid in ids:
            self._declare(pid, None, span)
        here.append(Note(ids, unescape((m.group("text") or "").strip()), span))


def _first_word(span: Span, text: str) -> Span:
    """The span of the first word of a statement that starts at `span`."""
    word = re.match(r"\S+", text)
    return Span(span.line, span.col, span.line, span.col + len(word.group(0)) - 1)


def read_mermaid(source: Source) -> Diagram:
    """Read a Mermaid sequence diagram; raises ChoreoError with every problem found."""
    reader = _Reader(source)
    diagram = reader.read()
    if reader.errors:
        raise ChoreoError(reader.errors)
    return diagram


# ---------------------------------------------------------------- names


def role_name(text: str) -> str:
    """`alice` -> `Alice`, `web server` -> `WebServer`; empty when nothing is left."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    if name and name[0].isdigit():
        name = "R" + name
    return name


def snake_name(text: str, prefix: str = "chor") -> str:
    """`Get Price` -> `get_price`: a plain atom, `prefix` before a leading digit."""
    words = re.findall(r"[A-Za-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text))
    name = "_".join(w.lower() for w in words)
    if not name or not name[0].isalpha():
        name = f"{prefix}_{name}" if name else prefix
    return name


def atom_source(name: str) -> str:
    from choreo_erl.core.names import atom

    text = atom(name)
    if text == name and name in CHOR_KEYWORDS:
        return f"'{name}'"
    return text


_PLAIN_ATOM = re.compile(r"[a-z][A-Za-z0-9_@]*\Z")
_VARIABLE = re.compile(r"[A-Z][A-Za-z0-9_@]*\Z")
_LEADING = re.compile(r"([A-Za-z][A-Za-z0-9_@]*)\s*[({]")
_PARAMS = re.compile(r"\s*([A-Za-z][A-Za-z0-9_ \t]*?)\s*\(\s*([^()]*)\)\s*\Z")


def message_name(label: str) -> tuple[str, str]:
    """What a message label becomes: ("var", Name) or ("atom", name)."""
    label = label.strip()
    if _VARIABLE.match(label):
        return "var", label
    if _PLAIN_ATOM.match(label):
        return "atom", label
    m = _LEADING.match(label)
    if m:
        word = m.group(1)
        return ("var" if word[0].isupper() else "atom"), word
    return "atom", snake_name(label, "msg")


def selection_name(label: str) -> str:
    """The label of `[label]` as a choreography selection label (an atom or integer)."""
    label = label.strip()
    if re.fullmatch(r"[0-9]+", label):
        return str(int(label))
    if label == "else" or (_PLAIN_ATOM.match(label) and label not in CHOR_KEYWORDS):
        return label
    return atom_source(label if _PLAIN_ATOM.match(label) else snake_name(label, "branch"))


# ---------------------------------------------------------------- writing the choreography


@dataclass
class _Chor:
    name: str
    roles: list[str]
    params: dict[str, list[str]]
    lines: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, diagram: Diagram, name: str, origin: str) -> None:
        self.diagram = diagram
        self.name = name
        self.origin = origin
        self.errors: list[Diagnostic] = []
        self.roles: dict[str, str] = {}  # participant id -> role name
        self.params: dict[str, list[str]] = {}
        self.chors: list[_Chor] = []
        self.loops = 0
        self.todos = 0

    def write(self) -> str:
        self._roles()
        main = _Chor(self.name, list(self.roles.values()), self.params)
        self.chors.append(main)
        self._items(self.diagram.items, main, 1, None)
        if self.errors:
            raise ChoreoError(self.errors)
        out = [f"% Imported from {self.origin} by `choreo-erl import`.",
               f"% Each message carries the placeholder payload `{PLACEHOLDER}`"
               + (";" if self.todos else ".")]
        if self.todos:
            out.append("% each choice decides on `true` (or clause 1) until you write its "
                       "condition in (TODO).")
        for chor in self.chors:
            roles = ", ".join(r + (f"({', '.join(chor.params[r])})"
                                   if chor.params.get(r) else "") for r in chor.roles)
            out.append("")
            out.append(f"choreography {atom_source(chor.name)}({roles}) {{")
            out.extend(chor.lines)
            out.append("}")
        return "".join(inert(line) + "\n" for line in out)

    # -------------------------------------------------------- roles

    def _roles(self) -> None:
        taken: dict[str, Participant] = {}
        for p in self.diagram.participants:
            name, params = "", []
            if p.label:
                m = _PARAMS.match(p.label)
                if m and all(_VARIABLE.match(x.strip()) for x in m.group(2).split(",")
                             if x.strip()):
                    name = role_name(m.group(1))
                    params = [x.strip() for x in m.group(2).split(",") if x.strip()]
                else:
                    name = role_name(p.label)
            if not name:
                name = role_name(p.name)
            span = p.span or Span(1, 1, 1, 1)
            if not name:
                self.errors.append(_err(
                    "E1008", f"`{p.name}` cannot be a role name", span,
                    hint="name participants with letters, e.g. `participant Alice`"))
                continue
            if name in taken:
                self.errors.append(_err(
                    "E1008", f"participants `{taken[name].name}` and `{p.name}` both become "
                             f"role `{name}`", span,
                    hint="give the participants names that differ in more than case "
                         "and punctuation"))
                continue
            if len(set(params)) != len(params):
                self.errors.append(_err("E1008", f"`{p.label}` names a start parameter twice",
                                        span))
                params = list(dict.fromkeys(params))
            taken[name] = p
            self.roles[p.name] = name
            self.params[name] = params

    def role(self, pid: str) -> str:
        return self.roles.get(pid, role_name(pid) or pid)

    # -------------------------------------------------------- statements

    def _items(self, items: list[Item], chor: _Chor, depth: int,
               branch: tuple[str, str] | None) -> None:
        """Write `items` into `chor`. `branch` is (decider, selection label) while the
        items start a branch: its leading dashed selections are the compiler's."""
        pad = "    " * depth
        i = 0
        while i < len(items):
            it = items[i]
            nxt = items[i + 1] if i + 1 < len(items) else None
            if isinstance(it, Message):
                within = _within(nxt, it.to)
                if within is not None:
                    i += 1
                inserted = (branch is not None and it.dashed and self.role(it.frm) == branch[0]
                            and _selection(it.label) is not None
                            and selection_name(_selection(it.label)) == branch[1])
                if inserted:
                    chor.lines.append(f"{pad}% {self.role(it.frm)}[{branch[1]}] ~> "
                                      f"{self.role(it.to)}; is inserted by the compiler")
                else:
                    branch = None
                    chor.lines.append(pad + self._message(it, within))
            elif isinstance(it, Note):
                over = ", ".join(self.role(r) for r in it.roles)
                chor.lines.append(f"{pad}% Note over {over}: {it.text}")
            elif isinstance(it, Block):
                branch = None
                self._block(it, chor, depth)
            i += 1

    def _message(self, m: Message, within: int | None) -> str:
        frm, to = self.role(m.frm), self.role(m.to)
        sel = _selection(m.label)
        if sel is not None:
            return f"{frm}[{selection_name(sel)}] ~> {to};"
        kind, name = message_name(m.label)
        note = f"  % {m.label}" if name != m.label.strip() else ""
        tail = f" within {within}" if within is not None else ""
        if kind == "var":
            return f"{frm}.{PLACEHOLDER} ~> {to}.{name}{tail};{note}"
        tag = atom_source(name)
        return f"{frm}.{{{tag}, {PLACEHOLDER}}} ~> {to}.{{{tag}, _}}{tail};{note}"

    def _block(self, b: Block, chor: _Chor, depth: int) -> None:
        pad = "    " * depth
        if b.kind == "rect":
            self._items(b.sections[0].items, chor, depth, None)
            return
        if b.kind == "critical":
            head = b.sections[0].text
            chor.lines.append(f"{pad}checkpoint {{" + (f"  % {head}" if head else ""))
            self._items(b.sections[0].items, chor, depth + 1, None)
            rescue = b.sections[1] if len(b.sections) > 1 else Section("")
            chor.lines.append(f"{pad}}} rescue {{" + (f"  % {rescue.text}"
                                                       if rescue.text else ""))
            self._items(rescue.items, chor, depth + 1, None)
            chor.lines.append(f"{pad}}}")
            return
        if next(_arrows(b), None) is None:
            # No message in it: nothing that a choreography could do differently.
            chor.lines.append(f"{pad}% {b.kind} {b.sections[0].text}: no messages".rstrip())
            for sec in b.sections:
                self._items(sec.items, chor, depth, None)
            return
        decider, head = self._decider(b)
        if b.kind == "loop":
            self._loop(b, chor, depth, decider, head)
            return
        is_case = b.kind == "alt" and (len(b.sections) > 2 or head.startswith("case "))
        self.todos += 1
        if is_case:
            chor.lines.append(f"{pad}% TODO: what {decider} decides on"
                              + (f" ({head})" if head else "")
                              + ", and a pattern for each clause")
            chor.lines.append(f"{pad}case {decider}.(1) {{")
            for n, sec in enumerate(b.sections, start=1):
                text = head if n == 1 else sec.text
                if text.startswith("case ") and " of " in text:
                    text = text.split(" of ", 1)[1]
                comment = f"  % {text}" if text else ""
                chor.lines.append(f"{pad}    {n} -> {{{comment}")
                self._items(sec.items, chor, depth + 2, (decider, str(n)))
                chor.lines.append(f"{pad}    }}")
            chor.lines.append(f"{pad}}}")
            return
        chor.lines.append(f"{pad}% TODO: the condition" + (f": {head}" if head else ""))
        chor.lines.append(f"{pad}if {decider}.(true) {{")
        self._items(b.sections[0].items, chor, depth + 1, (decider, "then"))
        if len(b.sections) > 1:
            other = b.sections[1].text
            chor.lines.append(f"{pad}}} else {{" + (f"  % {other}" if other else ""))
            self._items(b.sections[1].items, chor, depth + 1, (decider, "else"))
        chor.lines.append(f"{pad}}}")

    def _decider(self, b: Block) -> tuple[str, str]:
        """The role that decides a block (which holds an arrow), and the rest of its
        text: `alt Role: text` names the role; otherwise it is the sender of the block's
        first arrow."""
        text = b.sections[0].text
        m = re.match(r"\s*([^:]+?)\s*:\s*(.*)\Z", text)
        if m:
            who = m.group(1)
            for pid, name in self.roles.items():
                if who in (pid, name):
                    return name, m.group(2).strip()
        first = next(_arrows(b))
        return self.role(first.frm), text.strip()

    def _loop(self, b: Block, chor: _Chor, depth: int, decider: str, head: str) -> None:
        self.loops += 1
        name = f"{self.name}_loop{self.loops}"
        used = {self.role(m.frm) for m in _arrows(b)} | {self.role(m.to) for m in _arrows(b)}
        roles = [r for r in self.roles.values() if r in used or r == decider]
        loop = _Chor(name, roles, {})
        self.chors.append(loop)
        args = ", ".join(roles)
        chor.lines.append(f"{'    ' * depth}{name}({args});"
                          + (f"  % loop {head}" if head else ""))
        self.todos += 1
        loop.lines.append("    % TODO: when the loop goes on" + (f": {head}" if head else ""))
        loop.lines.append(f"    if {decider}.(true) {{")
        self._items(b.sections[0].items, loop, 2, (decider, "then"))
        loop.lines.append(f"        {name}({args});")
        loop.lines.append("    }")


def _selection(label: str) -> str | None:
    m = re.fullmatch(r"\s*\[\s*([^\[\]]+?)\s*\]\s*", label)
    return m.group(1) if m else None


def _within(item: Item | None, to: str) -> int | None:
    if isinstance(item, Note) and item.roles == (to,):
        m = re.fullmatch(r"\s*within\s+(\d+)\s*(ms)?\s*", item.text, re.I)
        if m:
            return int(m.group(1))
    return None


def _arrows(b: Block):
    for sec in b.sections:
        for it in sec.items:
            if isinstance(it, Message):
                yield it
            elif isinstance(it, Block):
                yield from _arrows(it)


# ---------------------------------------------------------------- entry point


def import_mermaid(source: Source, name: str | None = None) -> str:
    """The `.chor` text of a Mermaid sequence diagram. Raises ChoreoError with located
    diagnostics (in `source`) for what cannot be imported."""
    from pathlib import Path

    diagram = read_mermaid(source)
    stem = Path(source.path).stem if source.path else "imported"
    chor_name = snake_name(name or diagram.title or stem, "imported")
    from choreo_erl.core.erlang_names import RESERVED_WORDS

    if chor_name in RESERVED_WORDS or chor_name in CHOR_KEYWORDS:
        chor_name += "_chor"
    writer = _Writer(diagram, chor_name, Path(source.path).name or "a diagram")
    try:
        return run_deep(writer.write)
    except RecursionError:
        raise ChoreoError([_err("E1010", "this diagram is nested too deeply to import",
                                Span(1, 1, 1, 1),
                                hint="split it into smaller diagrams")]) from None
