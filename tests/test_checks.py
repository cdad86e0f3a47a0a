"""The static checks on their own (`checks.program.check_program` on parsed programs):
the scoping rule across branches, calls and returns, and which error each mistake gives,
where. The corpus of the shared error examples is in test_errors_corpus.py."""

from __future__ import annotations

import pytest

from choreo_erl.checks.program import check_program
from choreo_erl.parser.parse import parse_text


def codes(text: str) -> list[tuple[str, int]]:
    """(code, line) of every error the checks report, in source order."""
    return [(d.code, d.span.line) for d in check_program(parse_text(text, "t.chor"))]


def test_a_correct_program_has_no_errors():
    assert codes("""\
choreography t(A(X), B) {
    A.X ~> B.Y;
    B.Z = Y + 1;
    return A.X, B.Z;
}""") == []


def test_a_variable_is_bound_at_one_role_only():
    assert codes("""\
choreography t(A(X), B) {
    B.X ~> A.Y;
}""") == [("E0201", 2)]


def test_a_variable_bound_in_both_branches_is_bound_after_the_choice():
    assert codes("""\
choreography t(A(X), B) {
    if A.(X > 0) { A.1 ~> B.Y; } else { A.2 ~> B.Y; }
    B.Y ~> A.Z;
}""") == []


def test_a_variable_bound_in_one_branch_only_is_not_bound_after_it():
    found = codes("""\
choreography t(A(X), B) {
    if A.(X > 0) { A.1 ~> B.Y; } else { A.2 ~> B.W; }
    B.Y ~> A.Z;
}""")
    assert found == [("E0201", 3)]


def test_a_branch_that_returns_does_not_count_in_the_join():
    assert codes("""\
choreography t(A(X), B) {
    if A.(X > 0) { A.1 ~> B.Y; } else { return A.X, B.none; }
    B.Y ~> A.Z;
}""") == []


def test_case_clause_patterns_bind_in_their_own_clause():
    assert codes("""\
choreography t(A(X), B) {
    case A.X {
        {ok, V} -> { A.V ~> B.Y; }
        _ -> { A.0 ~> B.Y; }
    }
    B.Y ~> A.Z;
}""") == []


def test_a_statement_after_return_never_runs():
    assert codes("""\
choreography t(A(X), B) {
    return A.X, B.none;
    A.X ~> B.Y;
}""") == [("E0402", 3)]


@pytest.mark.parametrize("text, expected", [
    ("choreography t(A, B) { A.1 ~> C.X; }", "E0101"),
    ("choreography t(A, A) { A.1 ~> A.X; }", "E0102"),
    ("choreography t(A, B) { A.1 ~> A.X; }", "E0103"),
    ("choreography t(A(X, X), B) { A.X ~> B.Y; }", "E0104"),
    ("choreography t(A, B) { A.1 ~> B.X within 0; }", "E0106"),
    ("choreography t(A, B) { nope(A, B); }", "E0301"),
    ("choreography t(A, B) { t(A); }", "E0302"),
    ("choreography t(A, B) { t(A, A); }", "E0304"),
    ("choreography t(A, B) { A.1 ~> B.X_; }", "E0503"),
    ("choreography lists(A, B) { A.1 ~> B.X; }", "E0502"),
    ("choreography t(A, B) { A.1 ~> B.X; }\nchoreography t(A, B) { A.1 ~> B.X; }", "E0505"),
    ("choreography t(A, B) { A.1 ~> B.f(X); }", "E0601"),
])
def test_each_mistake_gives_its_code(text, expected):
    assert expected in [c for c, _ in codes(text)]


def test_every_error_of_a_choreography_is_reported_in_source_order():
    found = codes("""\
choreography t(A(X), B) {
    A.1 ~> C.X;
    B.Nope ~> A.Y;
    A.X ~> A.Z;
}""")
    assert found == [("E0101", 2), ("E0201", 3), ("E0103", 4)]


def test_call_results_bind_at_the_roles_that_take_them():
    assert codes("""\
choreography t(A(X), B) {
    A.R, B.S = h(A(X), B);
    A.R ~> B.T;
    return A.R, B.S;
}
choreography h(P(N), Q) {
    P.N ~> Q.M;
    return P.N, Q.M;
}""") == []
    assert ("E0303", 2) in codes("""\
choreography t(A(X), B) {
    h(A, B);
}
choreography h(P(N), Q) {
    P.N ~> Q.M;
}""")


def test_a_misspelt_variable_or_role_gets_the_name_it_is_close_to():
    found = check_program(parse_text("""\
choreography t(Alice(Item), Bob) {
    Alice.Itme ~> Bob.I;
    Bobb.I ~> Alice.R;
    Alice.Zzz ~> Bob.J;
}""", "t.chor"))
    assert [(d.code, d.hint) for d in found] == [
        ("E0201", "did you mean `Item`?"), ("E0101", "did you mean `Bob`?"),
        ("E0201", "bind `Zzz` at `Alice` first, or check its spelling")]
