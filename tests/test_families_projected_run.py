"""Projection of role families against the global semantics, with no back end: every
role's and member's projected program runs as a process of its own
(`tests/support/projected_run.py`) and must give the interpreter's results and message
count, on the shared examples and on random choreographies with families, broadcasts,
gathers, `for` loops, calls and `new` (`tests/support/random_families.py`)."""

from __future__ import annotations

import os

import pytest

from choreo_erl.core.source import Source
from choreo_erl.interpreter.read_term import parse_term
from choreo_erl.interpreter.semantics import run
from choreo_erl.interpreter.terms import format_term
from choreo_erl.pipeline import front_end, read_source
from choreo_erl.projector.project import project_program
from tests.support.examples import FAMILIES, family_example_files, runs
from tests.support.projected_run import run_projection
from tests.support.random_families import generate, session_args
from tests.test_families_interpreter import CALLBACKS, RUN, start_args

CASES = int(os.environ.get("CHOREO_FAMILY_CASES", "300"))
RUNS = [r for f in family_example_files() for r in runs(f)]


def agree(program, chor: str, args: dict, callbacks=None) -> tuple[str, int]:
    projection = project_program(program)
    want = run(program, chor, args, callbacks or {}, projection)
    assert want.ok, format_term(want.as_term())
    got = run_projection(projection, chor, args, callbacks or {})
    assert got.results == want.results, (got.results, want.results)
    assert got.messages == want.messages
    return format_term(want.as_term()), want.messages


@pytest.mark.parametrize("case", RUNS, ids=lambda r: f"{r.example}:{r.run[:70]}")
def test_family_example_projections_run_as_the_interpreter_says(case):
    m = RUN.match(case.run)
    program = front_end(read_source(FAMILIES / f"{m['chor']}.chor"))
    agree(program, m["chor"], start_args(parse_term(m["args"])), CALLBACKS.get(m["chor"]))


@pytest.mark.parametrize("members", [0, 1, 3])
def test_a_role_after_a_gather_learns_the_branch_even_with_no_member(members):
    program = front_end(Source("t.chor", """
choreography fam(A(C), B, Ws[]) {
    if A.(C) {
        A.1 ~> Ws.X;
        Ws.X ~> B.L;
        B.a ~> A.R;
    } else {
        A.2 ~> Ws.Y;
        Ws.Y ~> B.M;
        B.b ~> A.R;
    }
    return A.R;
}"""))
    for c in (True, False):
        text, messages = agree(program, "fam", {"A": [c], "Ws": members})
        assert messages == 2 * members + 2  # broadcast, gather, B's selection, B's reply


def test_random_family_choreographies_project_faithfully():
    for seed in range(CASES):
        text = generate(seed)
        program = front_end(Source(f"random_{seed}.chor", text))
        try:
            agree(program, "fam", session_args(seed))
        except AssertionError as exc:
            raise AssertionError(f"seed {seed}:\n{text}") from exc


LOOP_IN_BRANCH = """
choreography fam(A(C), Ws[]) {
    if A.(C) {
        for W[I] in Ws { A.I ~> W.PATTERN; W.(X + 1) ~> A.Y; }
    } else {
        A.none ~> Ws.X;
    }
    return A.ok, Ws.X;
}"""


@pytest.mark.parametrize("members", [0, 1, 3])
def test_a_member_learns_the_branch_from_the_message_of_its_own_turn(members):
    program = front_end(Source("t.chor", LOOP_IN_BRANCH.replace("PATTERN", "X")))
    [choice] = project_program(program).choices
    assert {lr.role: lr.how for lr in choice.learnings} == {"Ws": "own message"}
    assert agree(program, "fam", {"A": [True], "Ws": members})[1] == 2 * members
    assert agree(program, "fam", {"A": [False], "Ws": members})[1] == members


def test_a_turn_whose_first_pattern_reads_the_number_gets_a_selection():
    # `W.{I, X}` matches I, bound at the member only once its turn has begun.
    program = front_end(Source("t.chor", LOOP_IN_BRANCH.replace("PATTERN", "{I, X}")
                               .replace("A.I ~>", "A.{I, I} ~>")))
    [choice] = project_program(program).choices
    assert {lr.role: lr.selected for lr in choice.learnings} == {"Ws": (0,)}
    assert agree(program, "fam", {"A": [True], "Ws": 2})[1] == 2 + 4
