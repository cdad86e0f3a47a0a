"""Hostile input that a session must survive (issue 11), on real Erlang.

Each test sends what a hostile or buggy peer might, and checks that the session's
outcome is what it would have been without it: junk floods, forged timer and
control messages, malformed calls, a callback that fakes a role's result, a peer
that floods a role with steps it never takes, the process limit.
"""

from __future__ import annotations

import pytest

from tests.support.erlang_vm import ErlangVM

pytestmark = pytest.mark.erlang

QUIET = "logger:set_primary_config(level, emergency),"
LOUD = "logger:set_primary_config(level, notice),"


def test_a_flood_of_junk_does_not_change_a_session(erl):
    # 1,000,000 junk messages to Pong during 100,000 rounds: each is dropped (and
    # logged at most ten times a second), and the session ends as it would have.
    expr = """
        {ok, S} = ping_pong:start(#{ping => [100000], pong => [0]}, #{}),
        #{pong := Pong} = ping_pong:roles(S),
        _ = spawn(fun() -> [Pong ! junk || _ <- lists:seq(1, 1000000)] end),
        ping_pong:await(S, 120000)"""
    assert erl.eval(expr, timeout=180) == "{ok,#{ping => done,pong => {served,100000}}}"


def test_a_flood_of_forged_envelopes_does_not_change_a_session(erl):
    # 200,000 envelopes of the step Pong waits for, from a process that is no peer
    # (Pong takes a step only from Ping's pid), and as many that claim a step Pong
    # never takes: all dropped, and the session ends as it would have.
    expr = QUIET + """
        {ok, S} = ping_pong:start(#{ping => [50000], pong => [0]}, #{}),
        #{pong := Pong} = ping_pong:roles(S),
        _ = spawn(fun() -> [Pong ! M || N <- lists:seq(1, 200000),
                                        M <- [{self(), 1, {ping, N}}, {self(), N, x}]] end),
        R = ping_pong:await(S, 120000),
        """ + LOUD + """
        R"""
    assert erl.eval(expr, timeout=180) == "{ok,#{ping => done,pong => {served,50000}}}"


def test_forged_timers_control_messages_and_calls_change_nothing(erl):
    # failing_quote (generic back end: it uses `within`) with a Seller that takes
    # 300 ms; its roles and its owner get forged timers, junk and fake signals.
    expr = QUIET + """
        {ok, S} = failing_quote:start(#{buyer => [slowish]},
                                      #{impl => #{seller => hostile_impl}}),
        Owner = element(3, S),
        #{buyer := B, seller := Se} = failing_quote:roles(S),
        [P ! M || P <- [B, Se],
                  M <- [{timeout, infinity, '$choreo_within'},
                        {timeout, make_ref(), '$choreo_within'},
                        {'$gen_call', bad, x}, {'$gen_call', {self(), make_ref()}, x},
                        {'$gen_call', {bad}, x}, junk]],
        [Owner ! M || M <- [{timeout, undefined, '$choreo_deadline'},
                            {timeout, make_ref(), '$choreo_deadline'},
                            {'$choreo_roles', 42}, {'EXIT', self(), shutdown},
                            {'EXIT', Owner, shutdown}, {'DOWN', make_ref(), process, self(), x},
                            junk]],
        R = failing_quote:await(S, 5000),
        """ + LOUD + """
        R"""
    assert erl.eval(expr) == "{ok,#{buyer => 10,seller => ok}}"


def test_malformed_calls_to_direct_roles_change_nothing(erl):
    expr = QUIET + """
        {ok, S} = shipping:start(#{alice => [slowish, 3]}, #{impl => #{carol => hostile_impl}}),
        [P ! M || P <- maps:values(shipping:roles(S)),
                  M <- [{'$gen_call', bad, x}, {'$gen_call', {self(), make_ref()}, x},
                        {'$gen_call', {bad}, x}, {'$gen_cast', x}, {'$gen_cast'},
                        {timeout, make_ref(), x}, {'DOWN', make_ref(), process, self(), x},
                        {self(), 1, forged}, junk]],
        R = shipping:await(S, 5000),
        """ + LOUD + """
        R"""
    assert erl.eval(expr) == \
        "{ok,#{alice => {ok,{quote,slowish,3,3}},bob => ok,carol => ok}}"


def test_a_late_noproc_from_a_peer_is_no_failure(erl):
    # Linking to a peer that has already finished gives {'EXIT', Peer, noproc}; over
    # distribution it comes after the link is made, in the middle of the session.
    # It once stopped the role as "taken down by a peer", and when every role still
    # running was stopped so, await/2 returned {ok, _} with results missing.
    expr = QUIET + """
        {ok, S} = shipping:start(#{alice => [slowish, 3]}, #{impl => #{carol => hostile_impl}}),
        #{alice := A, bob := B, carol := C} = shipping:roles(S),
        [P ! {'EXIT', Q, noproc} || P <- [A, B, C], Q <- [A, B, C], P =/= Q],
        R = shipping:await(S, 5000),
        """ + LOUD + """
        R"""
    assert erl.eval(expr) == \
        "{ok,#{alice => {ok,{quote,slowish,3,3}},bob => ok,carol => ok}}"


@pytest.mark.parametrize("chor,args,role", [
    ("failing_quote", "#{buyer => [fake_result]}, #{impl => #{seller => hostile_impl}}",
     "seller"),
    ("shipping", "#{alice => [fake_result, 1]}, #{impl => #{carol => hostile_impl}}",
     "carol"),
])
def test_a_callback_that_exits_like_a_finished_role_ends_the_session(erl, chor, args, role):
    expr = QUIET + f"""
        R = {chor}:run({args}),
        """ + LOUD + """
        R"""
    assert erl.eval(expr, timeout=30) == \
        f"{{error,{{role_down,{role},{{shutdown,{{choreo_result,99}}}}}}}}"


def test_steps_never_taken_are_bounded_and_cheap(erl):
    # 10,000 envelopes of a step Pong never takes, claimed to come from Ping: they
    # wait in Pong's buffer without slowing the 20,000 rounds that follow...
    cheap = """
        {ok, S} = ping_pong:start(#{ping => [20000], pong => [0]}, #{}),
        #{ping := Ping, pong := Pong} = ping_pong:roles(S),
        [Pong ! {Ping, 999, x} || _ <- lists:seq(1, 10000)],
        ping_pong:await(S, 60000)"""
    assert erl.eval(cheap, timeout=90) == "{ok,#{ping => done,pong => {served,20000}}}"
    # ... and a peer that sends more than 100,000 of them breaks the protocol: the
    # session ends.
    bounded = QUIET + """
        {ok, S} = ping_pong:start(#{ping => [1000000], pong => [0]}, #{}),
        #{ping := Ping, pong := Pong} = ping_pong:roles(S),
        [Pong ! {Ping, 999, x} || _ <- lists:seq(1, 100001)],
        R = ping_pong:await(S, 60000),
        """ + LOUD + """
        R"""
    assert erl.eval(bounded, timeout=90) == \
        "{error,{role_down,pong,{shutdown,{choreo_buffer_full,100000}}}}"


def test_one_process_awaits_many_sessions_in_any_order(erl):
    # 20,000 sessions awaited by one process in the reverse of their start order:
    # the results of the others are set aside, not searched again and again.
    expr = """
        Ss = [element(2, shipping:start(#{alice => [book, N]}, #{}))
              || N <- lists:seq(1, 20000)],
        Rs = [shipping:await(S, 60000) || S <- lists:reverse(Ss)],
        length([ok || {ok, #{bob := ok}} <- Rs])"""
    assert erl.eval(expr, timeout=120) == "20000"


def test_at_the_process_limit_start_returns_an_error(examples_build, tmp_path):
    vm = ErlangVM([tmp_path, examples_build], extra_args=["+P", "1024"])
    try:
        expr = QUIET + """
            Rs = [ping_pong:start(#{ping => [1000000], pong => [0]}, #{})
                  || _ <- lists:seq(1, 600)],
            Errors = [E || {error, {start_failed, _, system_limit}} = E <- Rs],
            Oks = [S || {ok, S} <- Rs],
            [exit(P, kill) || S <- Oks, P <- maps:values(ping_pong:roles(S))],
            Down = [ping_pong:await(S, 10000) || S <- Oks],
            {Errors =/= [], length(Errors) + length(Oks) =:= 600,
             lists:all(fun({error, {role_down, _, killed}}) -> true; (_) -> false end, Down)}"""
        assert vm.eval(expr, timeout=60) == "{true,true,true}"
    finally:
        vm.close()
