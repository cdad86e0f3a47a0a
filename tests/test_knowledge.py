"""Knowledge of choice on its own: `knowledge.decide` on hand-written projections of the
branches, one test per rule (and the step clash that forces extra selections)."""

from __future__ import annotations

from choreo_erl.parser import ast as A
from choreo_erl.projector import ir
from choreo_erl.projector.knowledge import How, Learning, decide

X = A.Var(name="X")


def recv(frm: str, step) -> ir.Recv:
    return ir.Recv(frm=frm, step=step, pattern=X)


def send(to: str, step) -> ir.Send:
    return ir.Send(to=to, step=step, expr=X)


def test_rule_1_the_same_in_every_branch_needs_nothing():
    same = (send("D", 9),)
    assert decide("D", {"Q": [same, same]}) == {"Q": Learning("Q", How.UNAFFECTED)}


def test_rule_2_the_deciders_own_first_message_tells():
    out = decide("D", {"Q": [(recv("D", 1),), (recv("D", 2),)]}, ("then", "else"))
    assert out["Q"] == Learning("Q", How.OWN_MESSAGE, "D", ())


def test_rule_3_merging_another_roles_messages():
    # R learns the choice from D (its branches differ), and its message to Q differs
    # in every branch: Q learns from R without a selection.
    projections = {
        "R": [(recv("D", 1), send("Q", 3)), (recv("D", 2), send("Q", 4))],
        "Q": [(recv("R", 3),), (recv("R", 4),)],
    }
    out = decide("D", projections, ("then", "else"))
    assert out["Q"] == Learning("Q", How.MERGE, "R")
    assert out["R"].how is How.OWN_MESSAGE


def test_rule_4_a_selection_where_no_message_tells():
    out = decide("D", {"Q": [(recv("D", 1),), (send("D", 5),)]}, ("then", "else"))
    assert out["Q"] == Learning("Q", How.SELECTION, "D", (1,))


def test_same_step_in_two_branches_needs_selections_in_both():
    out = decide("D", {"Q": [(recv("D", 1), send("D", 7)), (recv("D", 1),)]}, ("then", "else"))
    assert out["Q"].how is How.SELECTION and out["Q"].selected == (0, 1)


def test_a_branch_whose_message_has_an_inserted_selections_step_gets_one_too():
    # Branch 0 starts with a selection `else` sent by a nested choice of D: once branch 1
    # gets the inserted selection `else`, the first steps would be equal.
    projections = {"Q": [(recv("D", ir.select_step("else")),), (send("D", 5),)]}
    out = decide("D", projections, ("then", "else"))
    assert out["Q"].selected == (0, 1)


def test_learning_kinds_are_typed_and_print_as_words():
    assert How.MERGE == "merge" and How("own message") is How.OWN_MESSAGE
    assert [h.value for h in How] == ["unaffected", "own message", "merge", "selection"]
