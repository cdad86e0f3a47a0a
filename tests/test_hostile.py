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


def test_a_flood_of_junk_to_a_generic_role_stays_cheap(erl):
    # The generic back end (generic_ping_pong: a checkpoint at its end): 1,000,000 junk
    # messages to Pong during 100,000 rounds. Each is dropped (logged at most ten times
    # a second) and Pong's message queue goes off its heap: the session takes a
    # fraction of a second more, not the minutes that copying the queue at every
    # garbage collection took. (The junk is sent by compiled code, lists:zipwith/3: an
    # interpreted loop sends too slowly to fill the queue.)
    expr = QUIET + """
        {ok, S} = generic_ping_pong:start(#{ping => [100000], pong => [0]}, #{}),
        #{pong := Pong} = generic_ping_pong:roles(S),
        Junk = lists:duplicate(1000000, junk),
        _ = spawn(fun() -> lists:zipwith(fun erlang:send/2,
                                         lists:duplicate(1000000, Pong), Junk) end),
        R = generic_ping_pong:await(S, 30000),
        """ + LOUD + """
        R"""
    assert erl.eval(expr, timeout=120) == "{ok,#{ping => done,pong => {served,100000}}}"


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


def test_a_drain_takes_only_junk_and_keeps_the_order_of_the_rest(erl):
    # A role that drops junk with more than a few messages queued takes the junk
    # queued behind it at once (choreo_session's drain), without the gen_server loop.
    # It must take nothing a role's clauses or the gen_server loop could take: the
    # peer's envelopes, system messages, calls, casts, monitors. They stay, in order.
    expr = QUIET + """
        Peer = spawn(fun() -> receive stop -> ok end end),
        Other = spawn(fun() -> receive stop -> ok end end),
        Keep = [{Peer, 1, a}, {system, {self(), make_ref()}, get_state},
                {'$gen_call', {self(), make_ref()}, x}, {'$gen_cast', y},
                {'DOWN', make_ref(), process, Peer, normal}, {Peer, {select, 'else'}, b},
                {timeout, make_ref(), x}, {'EXIT', Peer, normal}],
        Junk = fun(I) -> lists:nth(I rem 5 + 1, [junk, 42, <<"bin">>, [l], {Other, 1, forged}]) end,
        Role = spawn(fun() ->
                         receive go -> ok end,
                         Link = {make_ref(), self(), undefined},
                         drop = choreo_session:info(first, Link, r, [Peer]),
                         {messages, Left} = process_info(self(), messages),
                         receive {From, left} -> From ! {left, Left} end
                     end),
        [Role ! M || {K, I} <- lists:zip(Keep, lists:seq(1, length(Keep))),
                     M <- [Junk(J) || J <- lists:seq(I * 10, I * 10 + 9)] ++ [K]],
        Role ! go,
        Role ! {self(), left},
        Left = receive {left, L} -> L after 5000 -> timeout end,
        """ + LOUD + """
        {Left -- [go, {self(), left}] =:= Keep, length(Left)}"""
    assert erl.eval(expr) == "{true,9}"


def test_forged_timers_control_messages_and_calls_change_nothing(erl):
    # generic_quote (generic back end: a checkpoint) with a Seller that takes 300 ms;
    # its roles and its owner get forged timers, junk and fake signals.
    expr = QUIET + """
        {ok, S} = generic_quote:start(#{buyer => [slowish]},
                                      #{impl => #{seller => hostile_impl}}),
        Owner = element(3, S),
        #{buyer := B, seller := Se} = generic_quote:roles(S),
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
        R = generic_quote:await(S, 5000),
        """ + LOUD + """
        R"""
    assert erl.eval(expr) == "{ok,#{buyer => 10,seller => ok}}"


def test_killing_the_owner_ends_the_session_and_its_roles(erl):
    # The owner of a generic session is killed while its Seller is in a callback:
    # await says why (not `noproc`), and no role of the session is left running.
    expr = QUIET + """
        {ok, S} = generic_quote:start(#{buyer => [slowish]},
                                      #{impl => #{seller => hostile_impl}}),
        Roles = maps:values(generic_quote:roles(S)),
        exit(element(3, S), kill),
        R = generic_quote:await(S, 5000),
        Alive = [P || P <- Roles, is_process_alive(P)],
        """ + LOUD + """
        {R, length(Roles), Alive}"""
    assert erl.eval(expr) == "{{error,{session_down,killed}},2,[]}"


def test_a_role_killed_during_the_start_gives_role_down(erl):
    # A role killed as soon as it exists, while the session is still starting: the
    # session ends with role_down and `killed` (it crashed the owner's start before).
    expr = QUIET + """
        IsRole = fun(P) ->
                     case erlang:process_info(P, dictionary) of
                         {dictionary, D} ->
                             lists:member(proplists:get_value('$initial_call', D),
                                          [{generic_quote_buyer, init, 1},
                                           {generic_quote_seller, init, 1}]);
                         _ -> false
                     end
                 end,
        Near = fun(Owner) ->
                   Links = fun(P) -> case erlang:process_info(P, links) of
                                         {links, Ls} -> Ls; _ -> [] end end,
                   [P || L <- Links(Owner), P <- [L | Links(L)], P =/= Owner, IsRole(P)]
               end,
        KillFirst = fun Kill(_, 0) -> missed;
                        Kill(Owner, N) -> case Near(Owner) of
                                              [P | _] -> exit(P, kill), killed;
                                              [] -> Kill(Owner, N - 1)
                                          end
                    end,
        Rs = [begin
                  {ok, S} = generic_quote:start(#{buyer => [slowish]},
                                                #{impl => #{seller => hostile_impl}}),
                  K = KillFirst(element(3, S), 100000),
                  {K, generic_quote:await(S, 5000)}
              end || _ <- lists:seq(1, 100)],
        """ + LOUD + """
        lists:usort([case R of {killed, {error, {role_down, _, killed}}} -> role_down_killed;
                               _ -> R end || R <- Rs])"""
    assert erl.eval(expr, timeout=120) == "[role_down_killed]"


def test_malformed_calls_to_direct_roles_change_nothing(erl):
    # Malformed calls and casts, forged timers and monitors: a role tells its caller's
    # 'DOWN' by the monitor's ref, so a forged one naming the caller is junk.
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


def test_roles_named_like_the_role_modules_own_names_work(erl):
    # tests/choreographies/role_names.chor. Before: junk to A crashed it when a peer was
    # named State or Info, a failure of A was reported as terminate/2's function_clause
    # when a peer was named Reason, an early message was dropped as junk when its sender
    # was named Msg, a role named Trace did not build, and P_1 and P1 (one variable for
    # both) crashed A's init/1.
    expr = QUIET + """
        Roles = [state, info, reason, msg, trace, link, buffer, from, pid],
        {ok, S} = role_names:start(#{a => [1]}, #{}),
        [P ! junk || P <- maps:values(role_names:roles(S))],
        Junk = role_names:await(S, 5000),
        {error, {role_down, a, {badarith, _}}} = role_names:run(#{a => [[x]]}, #{}),
        {ok, S2} = role_names_early:start(#{slow => [1], msg => [2]}, #{}),
        Early = role_names_early:await(S2, 5000),
        """ + LOUD + """
        {Junk =:= {ok, maps:from_list([{a, 2} | [{R, ok} || R <- Roles]])},
         role_names_camel:run(#{a => [1]}, #{}), Early}"""
    assert erl.eval(expr) == \
        "{true,{ok,#{a => 3,p1 => ok,p_1 => ok}},{ok,#{a => {1,2},msg => ok,slow => ok}}}"


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
    ("generic_quote", "#{buyer => [fake_result]}, #{impl => #{seller => hostile_impl}}",
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
