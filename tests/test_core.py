"""What every stage shares (`core/`): rendering diagnostics with and without a place,
the deep-stack runner, and the generic walk on trees it does not know."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from choreo_erl.core import tree
from choreo_erl.core.deep import run_deep
from choreo_erl.core.diagnostics import ChoreoError, Diagnostic, Note, ScaffoldError
from choreo_erl.core.source import NO_SPAN, Source, Span

SOURCE = Source("x.chor", "choreography x(A, B) {\n    A.1 ~> B.Y;\n}\n")


def test_a_located_diagnostic_quotes_its_line():
    d = Diagnostic("E0201", "variable `Y` is not bound", Span(2, 12, 2, 12),
                   hint="bind it", notes=(Note("here", Span(1, 1, 1, 1)),))
    assert d.render(SOURCE).splitlines() == [
        "x.chor:2:12: error[E0201]: variable `Y` is not bound",
        "  |",
        "2 |     A.1 ~> B.Y;",
        "  |            ^",
        "  = note: here (line 1)",
        "  = hint: bind it",
    ]


def test_a_diagnostic_without_a_place_is_one_line():
    d = Diagnostic(None, "rebar.config is not a term", NO_SPAN)
    assert d.render(None) == "error: rebar.config is not a term"
    assert d.render(SOURCE) == "x.chor: error: rebar.config is not a term"
    assert d.to_json(None) | {"message": ""} == {
        "file": None, "severity": "error", "code": None, "message": "", "line": 0,
        "column": 0, "end_line": 0, "end_column": 0, "hint": None, "notes": []}


def test_errors_sort_their_diagnostics_and_keep_their_message():
    late = Diagnostic("E0101", "late", Span(3, 1, 3, 1))
    early = Diagnostic("E0101", "early", Span(1, 5, 1, 5))
    exc = ChoreoError([late, early])
    assert [d.message for d in exc.diagnostics] == ["early", "late"]
    assert str(ScaffoldError("no such thing")) == "no such thing"
    assert ScaffoldError("x").exit_code == 1


def test_run_deep_returns_the_value_and_raises_the_error():
    assert run_deep(lambda: 42) == 42
    with pytest.raises(ValueError, match="boom"):
        run_deep(lambda: (_ for _ in ()).throw(ValueError("boom")))


def test_run_deep_allows_deep_recursion_and_restores_the_limit():
    limit = sys.getrecursionlimit()

    def down(n: int) -> int:
        return 0 if n == 0 else 1 + down(n - 1)

    assert run_deep(lambda: down(20_000)) == 20_000
    assert sys.getrecursionlimit() == limit


@dataclass
class Leaf:
    name: str
    span: Span = NO_SPAN


@dataclass
class Pair:
    left: Leaf | Pair
    right: list[Leaf | Pair]
    tag: tuple[str, int] = ("t", 1)


def test_walk_any_dataclass_tree_in_field_order():
    t = Pair(Leaf("a"), [Pair(Leaf("b"), [Leaf("c")]), Leaf("d")])
    assert [n.name for n in tree.walk(t) if isinstance(n, Leaf)] == ["a", "b", "c", "d"]
    kept = [n.name for n in tree.walk(t, lambda n: n is t) if isinstance(n, Leaf)]
    assert kept == ["a", "d"]
    assert list(tree.children(Leaf("x"))) == []
