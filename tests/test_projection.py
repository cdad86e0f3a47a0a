"""Endpoint projection on its own: the IR each role gets from small choreographies, the
generic walk of the IR, checkpoints' participants and commit plans, callbacks, and
`--strict-choice`."""

from __future__ import annotations

import pytest

from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.parser import ast as A
from choreo_erl.parser.parse import parse_text
from choreo_erl.projector import ir
from choreo_erl.projector.knowledge import How
from choreo_erl.projector.project import (
    checkpoint_parts,
    commit_plan,
    ends,
    project_program,
    roles_in,
)

CHOICE = """\
choreography s(A(X), B, C) {
    A.X ~> B.Y;
    if B.(Y > 3) { B.big ~> A.R; B.1 ~> C.K; } else { B.small ~> A.R; }
    return A.R, B.Y, C.done;
}
"""


def project(text: str, strict: bool = False):
    return project_program(parse_text(text, "t.chor"), strict_choice=strict)


def test_each_role_gets_its_part_of_a_choice():
    procs = project(CHOICE).procs
    x, r, k = A.Var(name="X"), A.Var(name="R"), A.Var(name="K")
    assert procs[("s", "A")].body == (
        ir.Send(to="B", step=1, expr=x),
        ir.Offer(frm="B", branches=(ir.OfferBranch(2, r, ()), ir.OfferBranch(4, r, ()))),
        ir.Ret(expr=r))
    assert procs[("s", "C")].body == (
        ir.Offer(frm="B", branches=(ir.OfferBranch(3, k, ()),
                                    ir.OfferBranch(ir.select_step("else"), None, ()))),
        ir.Ret(expr=A.Atom(value="done")))
    b = procs[("s", "B")].body
    assert isinstance(b[1], ir.If)
    assert b[1].orelse[0] == ir.Choose(to="C", label="else", inserted=True)


def test_the_choice_report_says_how_each_role_learns():
    (report,) = project(CHOICE).choices
    assert report.kind == "if" and report.decider == "B" and report.labels == ("then", "else")
    hows = {lr.role: (lr.how, lr.selected) for lr in report.learnings}
    assert hows == {"A": (How.OWN_MESSAGE, ()), "C": (How.SELECTION, (1,))}


def test_a_role_that_does_the_same_in_every_branch_learns_nothing():
    procs = project("""\
choreography s(A(X), B, C) {
    if A.(X > 0) { A.1 ~> B.Y; } else { A.2 ~> B.Y; }
    C.ok ~> A.Z;
}""").procs
    assert procs[("s", "C")].body[0] == ir.Send(to="A", step=3, expr=A.Atom(value="ok"))
    assert not any(isinstance(i, ir.Offer) for i in ir.walk(procs[("s", "C")].body))


def test_strict_choice_makes_an_inserted_selection_an_error():
    with pytest.raises(ChoreoError) as info:
        project(CHOICE, strict=True)
    assert [(d.code, d.span.line) for d in info.value.diagnostics] == [("E0701", 3)]


def test_callbacks_include_those_of_called_choreographies():
    projection = project("""\
choreography t(A(X), B) {
    A.price(X) ~> B.P;
    h(A, B);
}
choreography h(P, Q) {
    P.stock() ~> Q.S;
}""")
    assert projection.callbacks[("t", "A")] == {("price", 1), ("stock", 0)}
    assert projection.callbacks[("h", "P")] == {("stock", 0)}
    assert projection.callbacks[("t", "B")] == set()


# ---------------------------------------------------------------- the IR walk


def test_walk_bodies_and_expressions_of_the_ir():
    b = project(CHOICE).procs[("s", "B")].body
    kinds = [type(i).__name__ for i in ir.walk(b)]
    assert kinds == ["Recv", "If", "Send", "Send", "Choose", "Send", "Ret"]
    assert ir.bodies(b[1]) == [b[1].then, b[1].orelse]
    assert ir.bodies(b[0]) == []
    assert list(ir.exprs_of(b[1])) == [b[1].cond]
    offer = project(CHOICE).procs[("s", "A")].body[1]
    assert ir.bodies(offer) == [(), ()]


def test_ends_follows_every_branch():
    ret = ir.Ret()
    assert ends((ret,)) and not ends(())
    assert ends((ir.If(then=(ret,), orelse=(ret,)),))
    assert not ends((ir.If(then=(ret,), orelse=()),))
    assert ends((ir.CallChor(chor="x", tail=True),))
    assert not ends((ir.CallChor(chor="x"),))
    assert ends((ir.Checkpoint(body=(ret,), rescue=(ret,)),))


# ---------------------------------------------------------------- checkpoints


PING = """\
choreography pp(Ping, Pong, Watch) {
    checkpoint {
        Ping.ping ~> Pong.P;
        Pong.pong ~> Ping.Q;
    } rescue {
        Ping.lost ~> Watch.L;
    }
    return Ping.done, Pong.done, Watch.done;
}
"""


def test_checkpoint_participants_and_commit_plan():
    cp = parse_text(PING).get("pp").body.stmts[0]
    assert isinstance(cp, A.Checkpoint)
    assert roles_in(cp.body) == {"Ping", "Pong"}
    parts = checkpoint_parts(cp, ("Ping", "Pong", "Watch"))
    assert parts == ("Ping", "Pong", "Watch")
    plans = commit_plan(cp, parts)
    assert plans["Ping"] == ir.CommitPlan("close", "Ping", (), ("Pong", "Watch"))
    assert plans["Pong"] == ir.CommitPlan("wait", "Ping")
    assert plans["Watch"] == ir.CommitPlan("wait", "Ping")


def test_every_participant_gets_the_checkpoint_with_its_plan():
    procs = project(PING).procs
    for role in ("Ping", "Pong", "Watch"):
        (cp,) = [i for i in ir.walk(procs[("pp", role)].body) if isinstance(i, ir.Checkpoint)]
        assert cp.cp_id == 1 and cp.parts == ("Ping", "Pong", "Watch")
        assert cp.plan.collector == "Ping"


# ---------------------------------------------------------------- check --explain


def test_explain_tells_each_roles_rule_in_words():
    from choreo_erl.projector.explain import explain_choices, explain_json

    projection = project(CHOICE.replace(
        "    return A.R", "    case A.R { big -> { A.1 ~> C.Z; } _ -> { A.2 ~> C.Z; } }\n"
                          "    return A.R"))
    assert explain_choices("s.chor", projection).splitlines() == [
        "s.chor:3:5: in `s`, B decides (if; `then`, `else`)",
        "  A: learns from B's own message in `then`, `else`",
        "  C: learns from B's own message in `then`; gets an inserted selection in `else` "
        "(B[else] ~> C)",
        "  inserted selections: 1",
        "s.chor:4:5: in `s`, A decides (case; clause 1, clause 2)",
        "  B: does the same in every branch: needs no message",
        "  C: learns from A's own message in clause 1, clause 2",
        "  inserted selections: 0",
    ]
    items = explain_json("s.chor", projection)
    assert [i["code"] for i in items] == ["N0001", "N0001"]
    assert items[0]["roles"][1] == {"role": "C", "how": "selection", "sender": "B",
                                    "selected_branches": ["else"]}
