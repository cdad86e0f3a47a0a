"""Sequence diagrams: choreography -> Mermaid / PlantUML, trace -> Mermaid, Mermaid -> .chor.

The Mermaid text is read back with the importer's own reader (`read_mermaid`), so the
checks are on the diagram's structure, not on its spacing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.core.source import Source
from choreo_erl.diagrams import mermaid as M
from choreo_erl.diagrams import plantuml as P
from choreo_erl.diagrams.mermaid_import import import_mermaid, read_mermaid
from choreo_erl.diagrams.sequence import Block, Note, message_label, messages
from choreo_erl.diagrams.trace import trace_mermaid
from choreo_erl.parser import ast as A
from choreo_erl.pipeline import Compilation, front_end, read_source
from choreo_erl.projector.project import project_program
from tests.support.examples import example_files

EXAMPLES = example_files()
ROOT = Path(__file__).resolve().parents[1]
CLI = [str(Path(sys.executable).with_name("choreo-erl"))]


def ids(paths):
    return [p.stem for p in paths]


def load(path: Path):
    compilation = Compilation.read(path)
    return compilation.source, compilation.program, compilation.entry


def diagram_of_source(source: Source, name: str | None = None):
    return Compilation(source).diagram(name)


def mermaid_of(path: Path, name: str | None = None) -> str:
    return M.render(diagram_of_source(read_source(path), name))


def arrows(text: str) -> list[tuple[str, str, str, bool]]:
    """(from, to, label, dashed) of every arrow of a Mermaid text, in order."""
    diagram = read_mermaid(Source("<diagram>", text))
    return [(m.frm, m.to, m.label, m.dashed) for m in messages(diagram.items)]


def blocks(items, kind=None):
    for it in items:
        if isinstance(it, Block):
            if kind is None or it.kind == kind:
                yield it
            for s in it.sections:
                yield from blocks(s.items, kind)


def notes(items):
    for it in items:
        if isinstance(it, Note):
            yield it
        elif isinstance(it, Block):
            for s in it.sections:
                yield from notes(s.items)


def statements(block: A.Block):
    for s in block.stmts:
        yield s
        if isinstance(s, A.If):
            yield from statements(s.then)
            yield from statements(s.orelse)
        elif isinstance(s, A.Case):
            for c in s.clauses:
                yield from statements(c.body)
        elif isinstance(s, A.Checkpoint):
            yield from statements(s.body)
            yield from statements(s.rescue)


def calls_itself(program: A.Program, name: str) -> bool:
    """Whether choreography `name`, or one it calls, is recursive."""
    graph = {c.name: {s.name for s in statements(c.body) if isinstance(s, A.ChorCall)}
             for c in program.choreographies}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    return any(c in reach(c) for c in {name} | reach(name))


def is_subsequence(small: list, big: list) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


# ---------------------------------------------------------------- choreography -> Mermaid


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_participants_in_declaration_order(path):
    _, program, name = load(path)
    text = mermaid_of(path)
    assert text.startswith("sequenceDiagram\n")
    diagram = read_mermaid(Source("<diagram>", text))
    chor = program.get(name)
    assert [p.name for p in diagram.participants] == list(chor.role_names)
    for p, role in zip(diagram.participants, chor.roles, strict=True):
        expected = f"{role.name}({', '.join(role.params)})" if role.params else None
        assert p.label == expected


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_every_message_is_an_arrow_in_order(path):
    _, program, name = load(path)
    drawn = [(f, t, lb) for f, t, lb, dashed in arrows(mermaid_of(path)) if not dashed]
    written = [(s.source.role, s.target.role, message_label(s))
               for s in statements(program.get(name).body) if isinstance(s, A.Comm)]
    assert written, "every example sends a message"
    assert is_subsequence(written, drawn), (written, drawn)


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_choices_are_alt_blocks_headed_by_the_decider(path):
    source, program, name = load(path)
    text = mermaid_of(path)
    diagram = read_mermaid(Source("<diagram>", text))
    heads = [b.sections[0].text for b in blocks(diagram.items) if b.kind in ("alt", "opt")]
    for s in statements(program.get(name).body):
        if isinstance(s, A.If):
            assert any(h.startswith(f"{s.cond.role}: ") for h in heads), heads
        elif isinstance(s, A.Case):
            alts = [b for b in blocks(diagram.items, "alt")
                    if b.sections[0].text.startswith(f"{s.subject.role}: case ")]
            assert alts and len(alts[0].sections) == len(s.clauses)


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_inserted_selections_are_dashed_arrows(path):
    _, program, name = load(path)
    projection = project_program(program)
    drawn = {name} | {s.name for c in program.choreographies if c.name == name
                      for s in statements(c.body) if isinstance(s, A.ChorCall)}
    expected = [(c.decider, lr.role, f"[{c.labels[i]}]")
                for c in projection.choices if c.chor in drawn
                for lr in c.learnings for i in lr.selected]
    dashed = [(f, t, lb) for f, t, lb, d in arrows(mermaid_of(path)) if d]
    if name == "sso":  # authenticate's roles are sso's under the same names
        assert ("IdP", "Client", "[else]") in dashed
    assert sorted(dashed) == sorted(expected)


def test_bookseller_diagram_in_full():
    assert mermaid_of(next(p for p in EXAMPLES if p.stem == "bookseller")) == """\
sequenceDiagram
    title bookseller
    participant Buyer as Buyer(Title, Budget)
    participant Seller
    Buyer->>Seller: T
    Seller->>Buyer: Price
    alt Buyer: Price =#lt; Budget
        Buyer-->>Seller: [then]
        Seller->>Buyer: Date
    else
        Buyer-->>Seller: [else]
    end
"""


def test_calls_are_boxes_and_recursion_is_a_loop():
    sso = mermaid_of(next(p for p in EXAMPLES if p.stem == "sso"))
    assert "    rect rgba(128, 128, 128, 0.1)\n        Note over Client,IdP: call " \
           "Client.Login, IdP.Outcome = authenticate(Client({User, Password}), IdP)\n" in sso
    merge = mermaid_of(next(p for p in EXAMPLES if p.stem == "merge_sort"))
    assert "loop B.SortedL = merge_sort(B(L), C, A)" in merge
    assert "Note over A,C: runs merge_sort again: B plays A, C plays B, A plays C" in merge
    ping = mermaid_of(next(p for p in EXAMPLES if p.stem == "ping_pong"))
    assert "loop ping_pong(Ping(N - 1), Pong(Served + 1))" in ping


def test_checkpoints_are_critical_option_and_within_is_a_note():
    path = next(p for p in EXAMPLES if p.stem == "resilient_quote")
    diagram = read_mermaid(Source("<d>", mermaid_of(path)))
    [crit] = blocks(diagram.items, "critical")
    assert [s.text for s in crit.sections] == ["checkpoint", "rescue"]
    assert [(m.frm, m.to) for m in messages(crit.sections[1].items)] == \
        [("Buyer", "Backup"), ("Backup", "Buyer")]
    assert [(n.roles, n.text) for n in notes(crit.sections[0].items)] == \
        [(("Buyer",), "within 1000 ms")]
    failing = mermaid_of(next(p for p in EXAMPLES if p.stem == "failing_quote"))
    assert failing.endswith("Seller->>Buyer: Price\n    Note over Buyer: within 1000 ms\n")


def test_case_clauses_are_alt_branches_with_their_patterns():
    path = next(p for p in EXAMPLES if p.stem == "kv_store")
    diagram = read_mermaid(Source("<d>", mermaid_of(path)))
    [alt] = blocks(diagram.items, "alt")
    assert [s.text for s in alt.sections] == ["Server: case Req of {put, Key, Value}",
                                              "{get, Key}"]


def test_a_chosen_choreography_and_mermaid_keywords_as_roles():
    path = next(p for p in EXAMPLES if p.stem == "sso")
    text = mermaid_of(path, "authenticate")
    assert "participant Client as Client(Creds)" in text and "title authenticate" in text
    source = Source("k.chor", """choreography k(End(X), Note) {
    if End.(X > 0; 1) { End.X ~> Note.{'a;b', Y}; } else { End.done ~> Note.done; }
}""")
    with pytest.raises(ChoreoError):  # `;` is not an operator: a located syntax error
        diagram_of_source(source)
    source = Source("k.chor", """choreography k(End(X), Note) {
    if End.(X < 0) { End.X ~> Note.{'a;b#', Y}; } else { End.done ~> Note.done; }
}""")
    text = M.render(diagram_of_source(source))
    assert "participant End_ as End(X)" in text and "participant Note_ as Note" in text
    assert "End_->>Note_: a#59;b#35;" in text and "alt End: X #lt; 0" in text
    assert arrows(text)[0] == ("End_", "Note_", "a;b#", False)


def test_calls_that_fan_out_stay_drawable():
    chors = ["choreography c0(A, B) { A.x ~> B.x; }"]
    chors += [f"choreography c{i}(A, B) {{ c{i - 1}(A, B); c{i - 1}(B, A); }}"
              for i in range(1, 16)]
    text = M.render(diagram_of_source(Source("fan.chor", "\n".join(chors))))
    assert 50 <= len(arrows(text)) <= 200


# ---------------------------------------------------------------- round trip


ROUND_TRIP = [p for p in EXAMPLES if not calls_itself(*load(p)[1:])]


def test_round_trip_covers_the_examples_without_recursion():
    assert {p.stem for p in EXAMPLES} - {p.stem for p in ROUND_TRIP} == \
        {"merge_sort", "ping_pong"}


@pytest.mark.parametrize("path", ROUND_TRIP, ids=ids(ROUND_TRIP))
def test_round_trip_diagram_import_diagram(path):
    first = mermaid_of(path)
    chor_text = import_mermaid(Source(f"{path.stem}.mmd", first))
    imported = Source(f"{path.stem}.imported.chor", chor_text)
    program = front_end(imported)  # it checks
    assert program.choreographies[0].name == path.stem
    second = M.render(diagram_of_source(imported))
    assert arrows(second) == arrows(first)
    assert [p.name for p in read_mermaid(Source("a", second)).participants] == \
        [p.name for p in read_mermaid(Source("b", first)).participants]


@pytest.mark.parametrize("path", [p for p in EXAMPLES if p not in ROUND_TRIP],
                         ids=ids([p for p in EXAMPLES if p not in ROUND_TRIP]))
def test_import_of_a_recursive_example_still_checks(path):
    chor_text = import_mermaid(Source(f"{path.stem}.mmd", mermaid_of(path)))
    front_end(Source("x.chor", chor_text))
    assert ": no messages" in chor_text


EDGE = """\
choreography edge(End(X), Note, Loop) {
    if End.(X < 0) {
        End.ok;
    } else if End.(X == 0) {
        End.{zero, X} ~> Note.{zero, Z};
    } else {
        End.{'a;b#<c>', X} ~> Loop.{big, Y};
        Loop.Y ~> Note.W within 50;
    }
    checkpoint {
        End.X ~> Note.Q;
    } rescue {
        End.X ~> Loop.Q;
    }
    if Note.(true) { Note.x; } else { Note.y; }
    if Loop.(true) { Loop.x; } else { Loop.z ~> End.z; }
}
"""


def test_round_trip_of_nested_choices_keyword_roles_and_checkpoints():
    first = M.render(diagram_of_source(Source("edge.chor", EDGE)))
    assert "participant End_ as End(X)" in first
    assert "Note over Note_: Note decides (if) without messages" in first
    assert first.endswith("    alt Loop: true\n        Loop_-->>End_: [then]\n    else\n"
                          "        Loop_->>End_: z\n    end\n")
    text = import_mermaid(Source("edge.mmd", first))
    second = M.render(diagram_of_source(Source("edge2.chor", text)))
    assert arrows(second) == arrows(first)


# ---------------------------------------------------------------- import


HAND_DRAWN = """\
---
title: Order Flow
---
sequenceDiagram
    autonumber
    actor customer as Customer
    participant web server
    participant DB
    %% a comment
    customer->>+web server: order(Item, Qty)
    web server->>DB: get price
    DB-->>-web server: Price
    Note right of DB: cached
    loop web server: every item
        web server->>DB: reserve
        DB-->>web server: ok
    end
    opt customer: wants a receipt
        web server->>customer: receipt
    end
    alt stock ok
        web server->>customer: [confirm]
        web server->>customer: confirmed
    else out of stock
        web server-->>customer: sorry #35;1
    else later
        web server->>customer: [later]
    end
    critical
        web server->>customer: bye
        Note over customer: within 500 ms
    end
"""


def test_import_of_a_hand_drawn_diagram():
    text = import_mermaid(Source("order.mmd", HAND_DRAWN))
    program = front_end(Source("order.chor", text))
    assert [c.name for c in program.choreographies] == ["order_flow", "order_flow_loop1"]
    main, loop = program.choreographies
    assert main.role_names == ("Customer", "WebServer", "DB")
    assert loop.role_names == ("WebServer", "DB")
    assert "Customer.{order, todo} ~> WebServer.{order, _};  % order(Item, Qty)" in text
    assert "DB.todo ~> WebServer.Price;" in text
    assert "% TODO: the condition: wants a receipt\n    if Customer.(true) {" in text
    assert "case WebServer.(1) {" in text and "3 -> {  % later" in text
    assert "WebServer[confirm] ~> Customer;" in text
    assert "WebServer.{bye, todo} ~> Customer.{bye, _} within 500;" in text
    assert "order_flow_loop1(WebServer, DB);  % loop every item" in text
    assert "% Note over DB: cached" in text
    # The same messages, in the same order, once loops are calls.
    drawn = [(f, t, lb) for f, t, lb, d in arrows(M.render(diagram_of_source(
        Source("order.chor", text)))) if not d]
    assert [lb for _, _, lb in drawn] == ["order", "get_price", "Price", "reserve", "ok",
                                          "receipt", "[confirm]", "confirmed", "sorry_1",
                                          "[later]", "bye"]


def test_import_keeps_start_parameters_and_drops_inserted_selections():
    text = import_mermaid(Source("b.mmd", mermaid_of(
        next(p for p in EXAMPLES if p.stem == "bookseller"))))
    assert "choreography bookseller(Buyer(Title, Budget), Seller) {" in text
    assert "% Buyer[then] ~> Seller; is inserted by the compiler" in text
    assert "Buyer[" not in text.replace("% Buyer[", "")


BAD = [
    ("graph TD\n  A-->B\n", "E1001", 1, 1, "not a Mermaid sequence diagram"),
    ("sequenceDiagram\n  A->>B: hi\n  A-xB: lost\n", "E1004", 3, 4, "arrow `-x`"),
    ("sequenceDiagram\n  A->>B: hi\n  A--)B: lost\n", "E1004", 3, 4, "arrow `--)`"),
    ("sequenceDiagram\n  par A to B\n    A->>B: x\n  and\n    B->>A: y\n  end\n",
     "E1003", 2, 3, "`par` is not supported"),
    ("sequenceDiagram\n  A->>B: x\n  break oops\n    A->>B: y\n  end\n", "E1003", 3, 3,
     "`break`"),
    ("sequenceDiagram\n  A->>B: x\n  create participant C\n", "E1003", 3, 3, "`create`"),
    ("sequenceDiagram\n  A->>B: x\n  B->>B: me\n", "E1007", 3, 7, "to itself"),
    ("sequenceDiagram\n  A->>B: x\n  else\n", "E1005", 3, 3, "`else` outside a block"),
    ("sequenceDiagram\n  A->>B: x\n  end\n", "E1005", 3, 3, "closes no block"),
    ("sequenceDiagram\n  A->>B: x\n  alt A: y\n    A->>B: z\n", "E1005", 3, 3,
     "`alt` has no `end`"),
    ("sequenceDiagram\n  opt x\n    A->>B: x\n  option y\n  end\n", "E1005", 4, 3,
     "`option` inside `opt`"),
    ("sequenceDiagram\n  critical\n    A->>B: x\n  option a\n  option b\n  end\n",
     "E1009", 5, 3, "one rescue"),
    ("sequenceDiagram\n  A->>B: x\n  this is not mermaid\n", "E1002", 3, 3, "cannot read"),
    ("sequenceDiagram\n  participant alice\n  participant Alice\n  alice->>Alice: x\n",
     "E1008", 3, 15, "both become role `Alice`"),
    ("sequenceDiagram\n  participant +\n", "E1008", 2, 15, "cannot be a role name"),
]


@pytest.mark.parametrize("text,code,line,col,words", BAD, ids=[b[1] + "-" + b[4][:20]
                                                            for b in BAD])
def test_import_errors_are_located(text, code, line, col, words):
    with pytest.raises(ChoreoError) as info:
        import_mermaid(Source("bad.mmd", text))
    first = info.value.diagnostics[0]
    assert (first.code, first.span.line, first.span.col) == (code, line, col), \
        info.value.diagnostics
    assert words in first.message


def test_import_reports_every_error_of_a_file():
    text = "sequenceDiagram\n  A-xB: a\n  B->>B: b\n  foo\n  end\n"
    with pytest.raises(ChoreoError) as info:
        import_mermaid(Source("bad.mmd", text))
    assert [(d.code, d.span.line) for d in info.value.diagnostics] == \
        [("E1004", 2), ("E1007", 3), ("E1002", 4), ("E1005", 5)]


# ---------------------------------------------------------------- PlantUML


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_plantuml_output(path):
    _, program, name = load(path)
    diagram = diagram_of_source(read_source(path))
    text = P.render(diagram)
    lines = text.splitlines()
    assert lines[0] == "@startuml" and lines[-1] == "@enduml"
    assert lines[1] == f"title {name}"
    roles = [re.match(r'participant (?:"[^"]*" as )?(\w+)$', ln).group(1)
             for ln in lines if ln.startswith("participant")]
    assert roles == list(program.get(name).role_names)
    depth = 0
    for ln in lines[1:-1]:
        word = ln.strip().split(" ", 1)[0]
        if word in ("alt", "opt", "loop", "critical", "group"):
            depth += 1
        elif ln.strip() == "end":
            depth -= 1
            assert depth >= 0
        elif word == "else":
            assert depth > 0
    assert depth == 0
    arrows_ = [re.match(r"\s*(\w+) (-->|->) (\w+) : (.*)$", ln) for ln in lines
               if re.match(r"\s*\w+ --?> \w+ :", ln)]
    assert [(m.group(1), m.group(3), m.group(4), m.group(2) == "-->") for m in arrows_] == \
        [(m.frm, m.to, m.label, m.dashed) for m in messages(diagram.items)]


def test_plantuml_checkpoint_call_and_note():
    sso = P.render(diagram_of_source(read_source(
        next(p for p in EXAMPLES if p.stem == "sso"))))
    assert 'participant "Client(User, Password)" as Client' in sso
    assert "group call Client.Login, IdP.Outcome = authenticate(" in sso
    assert "  IdP --> Client : [else]" in sso
    rq = P.render(diagram_of_source(read_source(
        next(p for p in EXAMPLES if p.stem == "resilient_quote"))))
    assert "critical checkpoint" in rq and "else rescue" in rq
    assert "note over Buyer : within 1000 ms" in rq


@pytest.mark.skipif(shutil.which("plantuml") is None,
                    reason="PlantUML is not installed (apt-get install plantuml)")
def test_plantuml_renders(tmp_path):
    from choreo_erl.diagrams.render import svg_texts

    sources = {p.stem: read_source(p) for p in EXAMPLES}
    sources["edge"] = Source("edge.chor", EDGE)
    diagrams = {name: diagram_of_source(src) for name, src in sources.items()}
    for name, diagram in diagrams.items():
        (tmp_path / f"{name}.puml").write_text(P.render(diagram))
    res = subprocess.run(["plantuml", "-tsvg", "-failfast2", *sorted(tmp_path.glob("*.puml"))],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    for name, diagram in diagrams.items():
        shown = svg_texts((tmp_path / f"{name}.svg").read_text())
        for p in diagram.participants:
            assert (p.label or p.name) in shown
        for m in messages(diagram.items):
            assert m.label in shown, (name, m.label)


# ---------------------------------------------------------------- traces

EVENTS = [
    {"kind": "send", "role": "buyer", "peer": "seller", "step": 1,
     "payload": '"Types and Programming Languages, 2nd edition"'},
    {"kind": "recv", "role": "seller", "peer": "buyer", "step": 1, "payload": '"x"'},
    {"kind": "send", "role": "seller", "peer": "buyer", "step": 2, "payload": "80"},
    {"kind": "send", "role": "buyer", "peer": "seller", "step": ("select", "then"),
     "payload": "then"},
    {"kind": "send", "role": "seller", "peer": "end", "step": 3, "payload": "{a,<<\"#;\">>}"},
]
EVENTS_ERL = """[#{kind => send, role => buyer, peer => seller, step => 1,
                   payload => "Types and Programming Languages, 2nd edition"},
                 #{kind => recv, role => seller, peer => buyer, step => 1, payload => "x"},
                 #{kind => send, role => seller, peer => buyer, step => 2, payload => 80},
                 #{kind => send, role => buyer, peer => seller, step => {select, then},
                   payload => then},
                 #{kind => send, role => seller, peer => 'end', step => 3,
                   payload => {a, <<"#;">>}}]"""
TRACE_MERMAID = """\
sequenceDiagram
    autonumber
    participant buyer
    participant seller
    participant end_ as end
    buyer->>seller: "Types and Programming Languages, 2nd...
    seller->>buyer: 80
    buyer-->>seller: [then]
    seller->>end_: {a,#lt;#lt;"#35;#59;"#gt;#gt;}
"""


def test_trace_diagram():
    assert trace_mermaid(EVENTS) == TRACE_MERMAID
    with_roles = trace_mermaid(EVENTS, ["seller", "buyer", "end"])
    assert with_roles.splitlines()[2:5] == ["    participant seller", "    participant buyer",
                                            "    participant end_ as end"]


@pytest.mark.erlang
def test_erlang_trace_diagram_matches_python(tmp_path):
    runtime = ROOT / "backends" / "erlang" / "runtime" / "choreo_diagram.erl"
    from tests.support.erlang_vm import erlc

    res = erlc([runtime], tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    expr = (f"io:put_chars(choreo_diagram:mermaid({EVENTS_ERL})), io:put_chars(\"%%\\n\"), "
            f"io:put_chars(choreo_diagram:mermaid([seller, buyer], {EVENTS_ERL})), halt().")
    out = subprocess.run(["erl", "-noshell", "-pa", str(tmp_path), "-eval",
                          " ".join(expr.split())], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.split("%%\n")
    assert first == TRACE_MERMAID
    assert second == trace_mermaid(EVENTS, ["seller", "buyer"])


MEMBER_EVENTS = [
    {"kind": "send", "role": "master", "peer": ("workers", 2), "step": 1, "payload": "7"},
    {"kind": "send", "role": ("workers", 2), "peer": "master", "step": 2, "payload": "49"},
    {"kind": "send", "role": "master", "peer": ("workers", 1), "step": ("select", "done"),
     "payload": "done"},
]
MEMBER_EVENTS_ERL = """[#{kind => send, role => master, peer => {workers, 2}, step => 1,
                          payload => 7},
                        #{kind => send, role => {workers, 2}, peer => master, step => 2,
                          payload => 49},
                        #{kind => send, role => master, peer => {workers, 1},
                          step => {select, done}, payload => done}]"""
MEMBER_MERMAID = """\
sequenceDiagram
    autonumber
    participant master
    participant workers__2 as {workers,2}
    participant workers__1 as {workers,1}
    master->>workers__2: 7
    workers__2->>master: 49
    master-->>workers__1: [done]
"""


def test_trace_diagram_draws_each_member_of_a_family():
    assert trace_mermaid(MEMBER_EVENTS) == MEMBER_MERMAID


@pytest.mark.erlang
def test_erlang_trace_diagram_of_members_matches_python(tmp_path):
    runtime = ROOT / "backends" / "erlang" / "runtime" / "choreo_diagram.erl"
    from tests.support.erlang_vm import erlc

    res = erlc([runtime], tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    expr = f"io:put_chars(choreo_diagram:mermaid({MEMBER_EVENTS_ERL})), halt()."
    out = subprocess.run(["erl", "-noshell", "-pa", str(tmp_path), "-eval",
                          " ".join(expr.split())], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == MEMBER_MERMAID


@pytest.mark.erlang
def test_run_with_diagram(tmp_path):
    path = next(p for p in EXAMPLES if p.stem == "bookseller")
    res = subprocess.run([*CLI, "run", str(path), "--args",
                          '#{buyer => ["Types and Programming Languages", 100]}', "--diagram"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    results, _, picture = res.stdout.partition("\nsequenceDiagram\n")
    assert "buyer => {ok,{2026,12,24}}" in results and "messages (" not in results
    assert arrows("sequenceDiagram\n" + picture) == [
        ("buyer", "seller", '"Types and Programming Languages"', False),
        ("seller", "buyer", "80", False),
        ("buyer", "seller", "[then]", True),
        ("seller", "buyer", "{2026,12,24}", False)]
    traced = subprocess.run([*CLI, "run", str(path), "--args",
                             '#{buyer => ["Types and Programming Languages", 50]}',
                             "--diagram", "--trace"], capture_output=True, text=True,
                            timeout=300)
    assert "messages (3):" in traced.stdout
    assert traced.stdout.rstrip().endswith("buyer-->>seller: [else]")


@pytest.mark.erlang
def test_run_prints_and_draws_each_member_of_a_family(tmp_path):
    from tests.support.examples import FAMILIES

    path = FAMILIES / "sum_squares.chor"
    res = subprocess.run([*CLI, "run", str(path), "--args", "#{master => [[3, 4]], workers => 2}",
                          "--diagram", "--trace"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "workers => [ok,ok]" in res.stdout
    assert "{workers,2} -> master       step 2  16" in res.stdout
    picture = "sequenceDiagram\n" + res.stdout.partition("\nsequenceDiagram\n")[2]
    assert "    participant workers__2 as {workers,2}" in picture
    assert ("workers__1", "master", "9", False) in arrows(picture)
    # A family's entry that is no count nor argument lists: the session says so.
    bad = subprocess.run([*CLI, "run", str(path), "--args", "#{master => [[]], workers => x}"],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1 and "{badarg,workers,{family,0}}" in bad.stdout


# ---------------------------------------------------------------- the commands


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args) -> Ran:
    """The command run in this process (fast); `test_run_with_diagram` runs the real one."""
    from typer.testing import CliRunner

    from choreo_erl.main import app

    result = CliRunner().invoke(app, list(map(str, args)))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return Ran(result.exit_code, result.stdout, result.stderr)


def test_cli_diagram_and_import(tmp_path):
    path = next(p for p in EXAMPLES if p.stem == "two_buyer")
    res = cli("diagram", path)
    assert res.returncode == 0 and res.stdout == mermaid_of(path)
    res = cli("diagram", path, "--format", "plantuml")
    assert res.returncode == 0 and res.stdout.startswith("@startuml\n")
    mmd = tmp_path / "two_buyer.mmd"
    assert cli("diagram", path, "-o", mmd).returncode == 0
    out = tmp_path / "two_buyer.chor"
    res = cli("import", mmd, "-o", out)
    assert res.returncode == 0, res.stderr
    assert cli("check", out).returncode == 0
    res = cli("import", mmd, "--name", "Buying Together")
    assert "choreography buying_together(" in res.stdout
    res = cli("import", mmd, "--name", "lists")  # the choreography does not check
    assert res.returncode == 1 and "error[E0502]" in res.stderr and "--name" in res.stderr


def test_cli_errors(tmp_path):
    path = next(p for p in EXAMPLES if p.stem == "sso")
    res = cli("diagram", path, "-c", "nope")
    assert res.returncode == 2 and "has no choreography `nope`" in res.stderr
    bad = tmp_path / "bad.chor"
    bad.write_text("choreography bad(A, B) {\n    A.x ~> C.y;\n}\n")
    res = cli("diagram", bad)
    assert res.returncode == 1 and f"{bad}:2:" in res.stderr and "Traceback" not in res.stderr
    mmd = tmp_path / "bad.mmd"
    mmd.write_text("sequenceDiagram\n    A->>B: hi\n    A-xB: lost\n")
    res = cli("import", mmd)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"{mmd}:3:6: error[E1004]: the arrow `-x` is not supported" in res.stderr
    assert "    A-xB: lost\n  |      ^^" in res.stderr
