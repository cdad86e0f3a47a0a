"""Role families in the interpreter of the global semantics (design section 8).

Every `% run:` line of `../shared/examples/families/` gives its `% result:` and
`% messages:`; more sessions pin down zero members, member crashes, loops' scoping,
selections to a family, and families started for a call.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from choreo_erl.core.source import Source
from choreo_erl.interpreter.read_term import parse_term
from choreo_erl.interpreter.semantics import ErlangError, Outcome, run
from choreo_erl.interpreter.terms import Atom, erl_list, format_term
from choreo_erl.pipeline import front_end, read_source
from tests.support.examples import FAMILIES, family_example_files, runs

CALLBACKS = {"sealed_bid": {"Bidders": {("bid", 2): lambda lot, most: most}}}
RUN = re.compile(r"(?P<chor>\w+):run\((?P<args>.*), #\{\}\)$")
RUNS = [r for f in family_example_files() for r in runs(f)]


@cache
def example(stem: str):
    return front_end(read_source(FAMILIES / f"{stem}.chor"))


def start_args(args) -> dict:
    """`#{role => [Args...] | Count}` as `run` takes it."""
    return {str(k): v if isinstance(v, int) else list(v) for k, v in args.items()}


def test_every_family_example_has_runs():
    assert len(RUNS) >= 8
    assert {r.example for r in RUNS} == {p.stem for p in family_example_files()}


@pytest.mark.parametrize("case", RUNS, ids=lambda r: f"{r.example}:{r.run[:70]}")
def test_family_example_session(case):
    m = RUN.match(case.run)
    assert m, case.run
    outcome = run(example(m["chor"]), m["chor"], start_args(parse_term(m["args"])),
                  CALLBACKS.get(m["chor"], {}))
    got = outcome.as_term()
    assert got == parse_term(case.result), f"{case.run}\n gave {format_term(got)}"
    assert outcome.messages == case.messages


def session(text: str, args: dict, callbacks=None) -> Outcome:
    program = front_end(Source("t.chor", text))
    return run(program, program.choreographies[0].name, args, callbacks or {})


def test_broadcast_gather_and_local_steps_at_every_member():
    out = session("""
choreography fam(A(N), Ws[](K)) {
    A.N ~> Ws.M;
    Ws.P = M * K;
    Ws.P ~> A.Ps;
    return A.Ps, Ws.{K, P};
}""", {"A": [10], "Ws": [[1], [2], [3]]})
    assert out.results["a"] == erl_list([10, 20, 30])
    assert out.results["ws"] == erl_list([(1, 10), (2, 20), (3, 30)])
    assert out.messages == 6


def test_zero_members_send_nothing_and_return_an_empty_list():
    out = session("""
choreography fam(A, Ws[]) {
    A.hi ~> Ws.H;
    Ws.H ~> A.Hs;
    for W in Ws { A.x ~> W.X; }
    return A.Hs;
}""", {"Ws": 0})
    assert out.results == {"a": erl_list([]), "ws": erl_list([])}
    assert out.messages == 0


def test_a_loop_variable_at_a_member_survives_and_others_do_not():
    out = session("""
choreography fam(A, Ws[]) {
    for W[I] in Ws {
        A.Sq = I * I;
        A.Sq ~> W.X;
    }
    A.Sq = done;
    return A.Sq, Ws.X;
}""", {"Ws": 3})
    assert out.results == {"a": Atom("done"), "ws": erl_list([1, 4, 9])}


def test_an_inserted_selection_to_a_family_is_one_message_per_member():
    text = """
choreography fam(A(C), Ws[]) {
    if A.(C) { Ws.x ~> A.L; } else { A.y ~> Ws.Y; }
    return A.ok;
}"""
    assert session(text, {"A": [True], "Ws": 4}).messages == 4 + 4  # selections, gather
    assert session(text, {"A": [False], "Ws": 4}).messages == 4  # the broadcast tells


def test_a_member_that_crashes_is_named_with_its_number():
    def bid(n):
        if n == 2:
            raise ErlangError(Atom("boom"))
        return n

    out = session("""
choreography fam(A, Ws[](N)) {
    Ws.bid(N) ~> A.Bids;
}""", {"Ws": [[1], [2], [3]]}, {"Ws": {("bid", 1): bid}})
    assert out.error == ("role_down", ("ws", 2))
    assert format_term(out.as_term()) == "{error,{role_down,{ws,2},boom}}"


def test_families_and_members_passed_to_calls():
    out = session("""
choreography fam(A, Ws[]) {
    Ws.P = each(A, Ws);
    for W[I] in Ws { W.Q = one(A(I), W); }
    return Ws.{P, Q};
}
choreography each(M, Fs[]) { M.hi ~> Fs.H; return Fs.{H}; }
choreography one(M(I), F) { M.(I * 10) ~> F.H; return F.H; }
""", {"Ws": 2})
    assert out.results["ws"] == erl_list([((Atom("hi"),), 10), ((Atom("hi"),), 20)])
    assert out.messages == 2 + 2


def test_a_new_family_lives_for_its_call_and_the_others_learn_it_in_one_message():
    text = """
choreography top(A(N), C) {
    A.R = job(A(N), C, new Ws[A.(N)]);
    return A.R;
}
choreography job(A(N), C, Ws[]) {
    A.N ~> Ws.M;
    Ws.M ~> C.Ms;
    C.lists:sum(Ms) ~> A.S;
    return A.S;
}"""
    out = session(text, {"A": [3]})
    assert out.results == {"a": 9, "c": Atom("ok")}
    assert out.messages == 1 + 3 + 3 + 1  # who the members are, broadcast, gather, sum
    assert session(text, {"A": [0]}).messages == 1 + 1


def test_new_with_argument_lists_and_a_bad_size():
    text = """
choreography top(A(Specs)) {
    A.R = job(A, new Ws[A.(Specs)]);
    return A.R;
}
choreography job(A, Ws[](K)) {
    Ws.K ~> A.Ks;
    return A.Ks;
}"""
    assert session(text, {"A": [[[5], [7]]]}).results["a"] == erl_list([5, 7])
    out = session(text, {"A": [Atom("many")]})
    assert out.error == ("role_down", "a")


def test_string_lexemes_as_in_erlang():
    assert format_term(parse_term('string:lexemes("  a b  cd ", " ")')) == "[[97],[98],[99,100]]"
    assert format_term(parse_term('string:lexemes(<<"x,,y">>, ",")')) == '[<<"x">>,<<"y">>]'


def outcome_text(text: str, args: dict, callbacks=None) -> tuple[str, int]:
    out = session(text, args, callbacks)
    return format_term(out.as_term()), out.messages


def test_loops_over_different_families_nest_and_reset_each_turn():
    assert outcome_text("""
choreography fam(A, Ws[], Vs[]) {
    for W[I] in Ws { for V[J] in Vs { W.{I, J} ~> V.P; V.P ~> A.Q; } }
    A.done ~> Vs.D;
    return A.ok, Vs.D;
}""", {"Ws": 2, "Vs": 3}) == ("{ok,#{a=>ok,vs=>[done,done,done],ws=>[ok,ok]}}", 15)


def test_a_member_decides_a_choice_inside_its_turn():
    assert outcome_text("""
choreography fam(A, Ws[](K)) {
    for W[I] in Ws {
        case W.K { 0 -> { W.zero ~> A.R; } _ -> { W.other ~> A.R; A.R ~> W.Back; } }
    }
    return A.ok;
}""", {"Ws": [[0], [1], [2]]}) == ("{ok,#{a=>ok,ws=>[ok,ok,ok]}}", 5)


def test_a_member_crash_inside_a_checkpoint_runs_the_rescue():
    def bid(n):
        if n == 2:
            raise ErlangError(Atom("boom"))
        return n

    text, _ = outcome_text("""
choreography fam(A, Ws[](N)) {
    checkpoint {
        A.go ~> Ws.G;
        Ws.bid(N) ~> A.Bids;
    } rescue {
        A.Bids = none;
    }
    return A.Bids;
}""", {"Ws": [[1], [2], [3]]}, {"Ws": {("bid", 1): bid}})
    assert text == "{ok,#{a=>none,ws=>[ok,ok,ok]}}"


def test_a_family_passed_on_in_tail_calls_keeps_its_results():
    # Each round: the broadcast (2) and a selection to each member (2).
    assert outcome_text("""
choreography fam(A(N), Ws[]) {
    A.N ~> Ws.M;
    if A.(N > 0) { again(A(N - 1), Ws); } else { return Ws.M; }
}
choreography again(A(N), Ws[]) { fam(A(N), Ws); }
""", {"A": [2], "Ws": 2}) == ("{ok,#{a=>ok,ws=>[0,0]}}", 12)


def test_a_family_start_arguments_in_a_call_are_evaluated_at_each_member():
    assert outcome_text("""
choreography fam(A, Ws[](K)) {
    Ws.R = sub(A, Ws(K * 2));
    return Ws.R;
}
choreography sub(A, Fs[](Z)) { Fs.Z ~> A.Zs; A.Zs ~> Fs.All; return Fs.{Z, All}; }
""", {"Ws": [[1], [2]]}) == ("{ok,#{a=>ok,ws=>[{2,[2,4]},{4,[2,4]}]}}", 4)


def trace_lines(text: str, args: dict) -> list[str]:
    program = front_end(Source("t.chor", text))
    out = run(program, program.choreographies[0].name, args, trace=True)
    assert len(out.events) == out.messages
    return [" ".join(format_term(e[k]) for k in ("role", "peer", "step", "payload"))
            for e in out.events]


def test_traces_name_members_and_steps_as_the_runtime_does():
    assert trace_lines("""
choreography top(A(N), C) {
    A.R = job(A(N), C, new Ws[A.(N)]);
}
choreography job(A(N), C, Ws[]) {
    A.N ~> Ws.M;
    Ws.M ~> C.Ms;
    if C.(Ms == []) { C.none ~> A.X; } else { Ws.M ~> A.X; }
}""", {"A": [2]}) == [
        "a c {new,ws} [{ws,1},{ws,2}]",
        "a {ws,1} 1 2", "a {ws,2} 1 2",
        "{ws,1} c 2 2", "{ws,2} c 2 2",
        "c a {select,'else'} 'else'",
        "c {ws,1} {select,'else'} 'else'", "c {ws,2} {select,'else'} 'else'",
        "{ws,1} a 4 2", "{ws,2} a 4 2",
    ]


def test_a_sessions_trace_without_families_is_unchanged():
    lines = trace_lines("""
choreography pp(A, B) {
    A.ping ~> B.P;
    B[go] ~> A;
}""", {})
    assert lines == ["a b 1 ping", "b a {select,go} go"]


def test_members_started_with_new_use_the_callbacks_of_the_callee_role():
    out = session("""
choreography top(A(Docs)) {
    A.R = job(A(Docs), new Workers[A.(length(Docs))]);
    return A.R;
}
choreography job(A(Docs), Workers[]) {
    for W[I] in Workers { A.lists:nth(I, Docs) ~> W.D; }
    Workers.count(D) ~> A.Cs;
    return A.Cs;
}""", {"A": [["ab", "cde"]]}, {"Workers": {("count", 1): lambda d: len(list(d))}})
    assert out.results == {"a": erl_list([2, 3])}


def test_ten_thousand_members():
    out = session("""
choreography sg(A(N), Ws[](K)) {
    A.N ~> Ws.M;
    Ws.(M * K) ~> A.L;
    for W[I] in Ws { A.I ~> W.J; }
    return A.lists:sum(L), Ws.J;
}""", {"A": [2], "Ws": [[i] for i in range(10_000)]})
    assert out.messages == 30_000
    assert out.results["a"] == 2 * sum(range(10_000))
    assert list(out.results["ws"]) == list(range(1, 10_001))
