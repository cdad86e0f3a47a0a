"""Projection of role families (design section 8): broadcast, gather, loops, members
as roles of their own for knowledge of choice, and families started for a call."""

from __future__ import annotations

from choreo_erl.core.source import Source
from choreo_erl.pipeline import front_end, read_source
from choreo_erl.projector import ir
from choreo_erl.projector.project import project_program
from tests.support.examples import FAMILIES


def project(text: str):
    return project_program(front_end(Source("t.chor", text)))


def kinds(body):
    return [type(i).__name__ for i in body]


def test_sum_squares_projects_to_loop_broadcast_and_gather():
    p = project_program(front_end(read_source(FAMILIES / "sum_squares.chor")))
    master, workers = p.proc("sum_squares", "Master"), p.proc("sum_squares", "Workers")
    assert not master.family and workers.family
    assert kinds(master.body) == ["ForEach", "Gather", "Ret"]
    loop = master.body[0]
    assert (loop.family, loop.member, loop.index) == ("Workers", "W", "I")
    assert isinstance(loop.body[0], ir.Send) and loop.body[0].to == "W"
    assert kinds(workers.body) == ["OwnTurn", "Send", "Ret"]
    assert isinstance(workers.body[0].body[0], ir.Recv)


def test_each_member_learns_from_its_own_message_in_sealed_bid():
    p = project_program(front_end(read_source(FAMILIES / "sealed_bid.chor")))
    learned = {(lr.role, lr.how) for c in p.choices for lr in c.learnings}
    assert ("B", "own message") in learned and ("Seller", "own message") in learned
    assert not any(lr.selected for c in p.choices for lr in c.learnings)


def test_a_broadcast_tells_every_member_the_branch():
    p = project("""
choreography fam(A, Ws[]) {
    if A.(1 > 0) { A.x ~> Ws.X; } else { A.y ~> Ws.Y; }
}""")
    [choice] = p.choices
    assert {lr.role: lr.how for lr in choice.learnings} == {"Ws": "own message"}


def test_a_member_that_sends_first_gets_a_selection():
    p = project("""
choreography fam(A, Ws[]) {
    if A.(1 > 0) { Ws.x ~> A.X; } else { A.y ~> Ws.Y; }
}""")
    [choice] = p.choices
    assert {lr.role: lr.selected for lr in choice.learnings} == {"Ws": (0,)}
    chooses = [i for i in ir.walk(p.proc("fam", "A").body) if isinstance(i, ir.Choose)]
    assert [c.to for c in chooses] == ["Ws"]


def test_a_gather_never_tells_a_role_the_branch():
    # With no member, the gather brings no message: B needs a selection.
    p = project("""
choreography fam(A, B, Ws[]) {
    A.go ~> Ws.G;
    if A.(1 > 0) { A.x ~> Ws.X; Ws.X ~> B.L; } else { A.y ~> Ws.Y; Ws.Y ~> B.M; }
}""")
    [choice] = p.choices
    assert {lr.role: lr.how for lr in choice.learnings}["B"] == "selection"


def test_a_new_family_is_started_and_announced_to_the_roles_that_talk_to_it():
    p = project("""
choreography top(A(N), C) {
    A.R = job(A(N), C, new Ws[A.(N)]);
}
choreography job(A(N), C, Ws[]) {
    A.N ~> Ws.M;
    Ws.M ~> C.Ms;
    return A.ok;
}""")
    call = p.proc("top", "A").body[0]
    assert isinstance(call, ir.CallChor)
    [nf] = call.new
    assert (nf.callee_role, nf.size_role, nf.told) == ("Ws", "A", ("C",))
    assert p.proc("top", "C").body[0].new == call.new


def test_a_role_that_does_not_talk_to_the_new_family_is_not_told():
    p = project("""
choreography top(A(N), C) {
    A.R = job(A(N), C, new Ws[A.(N)]);
}
choreography job(A(N), C, Ws[]) {
    A.N ~> Ws.M;
    A.done ~> C.D;
    return A.ok;
}""")
    [nf] = p.proc("top", "A").body[0].new
    assert nf.told == ()
