"""`choreo-erl import` of hostile diagrams: text from a diagram goes only into `%`
comments and can never end one, whatever entity or control character it holds; entity
numbers that are no character and deep nesting give an answer, never a traceback."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.core.source import Source
from choreo_erl.diagrams.mermaid_import import import_mermaid
from choreo_erl.parser import ast as A
from choreo_erl.pipeline import front_end

# Every place of a diagram whose text the importer copies into the `.chor`.
TEMPLATE = """\
sequenceDiagram
    participant A
    participant B
    A->>B: {0}
    Note over B: {1}
    alt A: {2}
        A->>B: go
    else {3}
        B->>A: back
    end
    critical {4}
        A->>B: c
    option {5}
        B->>A: r
    end
    loop {6}
        A->>B: again
    end
    opt {7}
        A->>B: o
    end
    rect {8}
        A->>B: inside
    end
    Note over A: {9}
"""
PLACES = 10

# Characters that end a line somewhere (Python, Unicode, Erlang's and ANTLR's lexers).
TERMINATORS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
               "\x00", "\x1b", "\x7f"]
ENTITIES = [f"#{ord(c)};" for c in TERMINATORS] + [
    "#10;", "#13;", "#010;", "#0000010;", "#59;", "#37;", "#125;", "#123;", "#lt;", "#gt;",
    "#quot;", "#amp;", "#nbsp;", "#1114112;", "#55296;", "#57343;", "#99999999999999999999;",
    "#" + "9" * 5000 + ";", "#65279;", "#8203;"]
PAYLOADS = ['os:cmd("touch /tmp/choreo_pwned")', "A.x ~> B.y;", "}", "{", "%", ";",
            "choreography evil(A, B) {", "'", '"', "A.(os:cmd(\"id\"))", "return A.x;"]


def shape(node) -> object:
    """The statements of a program as nested tuples of their kinds and roles, without
    names or payloads."""
    if isinstance(node, A.Program):
        return tuple(shape(c.body) for c in node.choreographies)
    if isinstance(node, A.Block):
        return tuple(shape(s) for s in node.stmts)
    if isinstance(node, A.Stmt):
        inner = []
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            values = value if isinstance(value, list) else [value]
            for v in values:
                if isinstance(v, A.Block):
                    inner.append(shape(v))
                elif isinstance(v, A.Clause):
                    inner.append(shape(v.body))
        return (type(node).__name__, tuple(inner))
    raise TypeError(node)


def imported(labels: list[str], path: str = "h.mmd") -> A.Program:
    text = import_mermaid(Source(path, TEMPLATE.format(*labels)))
    return front_end(Source("h.chor", text)), text


BENIGN_SHAPE = shape(imported(["x"] * PLACES)[0])

hostile_piece = st.one_of(
    st.sampled_from(ENTITIES), st.sampled_from(TERMINATORS), st.sampled_from(PAYLOADS),
    st.integers(0, 2**80).map(lambda n: f"#{n};"),
    st.text(st.characters(exclude_characters="\n"), max_size=6))
hostile_label = st.lists(hostile_piece, min_size=1, max_size=8).map(lambda p: "x " + "".join(p))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_label, min_size=PLACES, max_size=PLACES))
def test_labels_never_leave_their_comment(labels):
    program, text = imported(labels)
    assert shape(program) == BENIGN_SHAPE, text
    code = "".join(line.split("%", 1)[0] for line in text.splitlines())
    assert "os:cmd" not in code and "choreography evil" not in code


@pytest.mark.parametrize("piece", ENTITIES + TERMINATORS)
@pytest.mark.parametrize("place", range(PLACES))
def test_each_terminator_at_each_place(piece, place):
    labels = ["x"] * PLACES
    labels[place] = f'x {piece}os:cmd("touch /tmp/choreo_pwned"); A.x ~> B.y;'
    program, text = imported(labels)
    assert shape(program) == BENIGN_SHAPE, text
    assert all(line.isprintable() for line in text.splitlines()), text


def test_a_hostile_file_name_stays_in_its_comment():
    program, text = imported(["x"] * PLACES, path='evil\ros:cmd("id")\u2028.mmd')
    assert shape(program) == BENIGN_SHAPE, text


def test_entities_that_are_no_character_stay_as_written():
    _, text = imported(["x #1114112; #55296; #99999999999999999999;"] + ["x"] * (PLACES - 1))
    assert "#1114112; #55296; #99999999999999999999;" in text


def test_a_unicode_digit_selection_label_is_no_traceback():
    src = "sequenceDiagram\n  A->>B: [\u00b2]\n  A->>B: [\u0661]\n"
    text = import_mermaid(Source("d.mmd", src))
    front_end(Source("d.chor", text))


def test_alt_nested_500_deep_imports():
    src = ("sequenceDiagram\n  participant A\n  participant B\n" + "  alt A: x\n" * 500
           + "  A->>B: hi\n" + "  end\n" * 500)
    try:
        text = import_mermaid(Source("deep.mmd", src))
    except ChoreoError as exc:  # a clean "too deep" is an acceptable answer
        assert exc.diagnostics[0].code == "E1010"
        return
    assert text.count("if A.(true)") == 500
