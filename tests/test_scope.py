"""The scoping rule across choices (checks/scope.py): a branch's scope is an overlay
of the scope before the choice, and joining keeps what every branch binds."""

from __future__ import annotations

import pytest

from choreo_erl.checks.program import check_program
from choreo_erl.parser.parse import parse_text


def messages(text: str) -> list[str]:
    return [f"{d.span.line}: {d.message}" for d in check_program(parse_text(text))]


CASES = {
    "bound in every branch survives": ("""
choreography scoped(A(X), B) {
    if A.(X > 1) { A.Y = 1; } else { A.Y = 2; }
    A.Y ~> B.Z;
    B.(Z + 1) ~> A.W;
}
""", []),
    "bound in one branch is partial": ("""
choreography scoped(A(X), B) {
    if A.(X > 1) { A.Y = 1; } else { A.Q = 2; }
    A.Y ~> B.Z;
}
""", ["4: variable `Y` is bound at role `A` only in some branches of the choice at line 3"]),
    "the earliest choice is named": ("""
choreography scoped(A(X), B) {
    if A.(X > 1) { A.Y = 1; } else { A.Q = 2; }
    if A.(X > 2) {
        if A.(X > 3) { A.Y = 2; } else { A.Y = 3; }
    } else { A.R = 1; }
    A.Y ~> B.Z;
}
""", ["7: variable `Y` is bound at role `A` only in some branches of the choice at line 3"]),
    "nested partial reaches the outer scope": ("""
choreography scoped(A(X), B) {
    if A.(X > 2) {
        if A.(X > 3) { A.Y = 2; } else { A.R = 3; }
    } else { A.R = 1; }
    A.Y ~> B.Z;
}
""", ["6: variable `Y` is bound at role `A` only in some branches of the choice at line 4"]),
    "bound in all branches of a nested choice, in one outer branch": ("""
choreography scoped(A(X), B) {
    case A.X {
        1 -> { if A.(X > 3) { A.Y = 2; } else { A.Y = 3; } A.Y ~> B.V; }
        _ -> { A.R = 1; }
    }
    A.Y ~> B.Z;
}
""", ["7: variable `Y` is bound at role `A` only in some branches of the choice at line 3"]),
    "a returning branch does not count": ("""
choreography scoped(A(X), B) {
    if A.(X > 1) { A.Y = 1; } else { return A.X; }
    A.Y ~> B.Z;
    return A.Y, B.Z;
}
""", []),
    "case patterns bind in their clause only": ("""
choreography scoped(A(X), B) {
    case A.X {
        {P, Q} -> { A.P ~> B.U; }
        P -> { A.P ~> B.U; }
    }
    A.P ~> B.T;
    A.Q ~> B.S;
}
""", ["8: variable `Q` is bound at role `A` only in some branches of the choice at line 3"]),
    "another role's variable is named": ("""
choreography scoped(A(X), B) {
    if A.(X > 1) { A.X ~> B.Y; } else { A.X ~> B.Y; }
    B.Y ~> A.Z;
    A.(Y + Z) ~> B.W;
}
""", ["5: variable `Y` is not bound at role `A`"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_scope_across_choices(name: str) -> None:
    text, expected = CASES[name]
    assert messages(text) == expected


def test_many_choices_in_one_choreography_stay_linear() -> None:
    """Each branch holds only its own bindings: 2000 choices after 2000 bindings
    check without copying the 2000 bindings per branch (they would be 8 million)."""
    from choreo_erl.checks.scope import Scope

    copies = []
    original = Scope.copy

    def counting(self):
        child = original(self)
        copies.append(sum(len(v) for v in child._bound.values()))
        return child

    lines = ["choreography scoped(A(X0), B) {"]
    lines += [f"    A.X{i} = X{i - 1} + 1;" for i in range(1, 2001)]
    lines += [f"    if A.(X2000 > {i}) {{ A.Y{i} = 1; }} else {{ A.Y{i} = 2; }}"
              for i in range(2000)]
    lines += ["    A.Y1999 ~> B.Z;", "}"]
    Scope.copy = counting
    try:
        assert messages("\n".join(lines)) == []
    finally:
        Scope.copy = original
    assert len(copies) == 4000 and sum(copies) == 0
