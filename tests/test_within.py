"""`within` on the direct back end (issue 11): a choreography with a `within` outside
any checkpoint runs as direct gen_servers, with no owner process. A wait with a
`within` that suspends gets a deadline (the state's `deadline` field), which the clause
that takes the awaited message clears; a timer of the role (`erlang:start_timer/3`, in
the `timer` field with when it fires) that fires by the deadline serves, else one
starts. When the deadline has passed the role stops as the generic back end's does, so
that the caller gets `{error, {timeout, Role}}` and no process of the session is left.

The state record of a role with a `within` is `{state, State, Session, Deadline,
Timer, Var...}`; the tests read it with sys:get_state/1.

Each Erlang test first checks that its session is a direct one (the session term
holds the roles, not an owner): they are about the direct back end's timer.
"""

from __future__ import annotations

import shutil

import pytest

from choreo_erl.backends.erlang.state_machine import direct_choreographies
from choreo_erl.pipeline import Compilation, compile_file
from tests.conftest import TEST_CHOREOGRAPHIES
from tests.support.dialyzer import dialyze
from tests.support.examples import EXAMPLES

pytestmark = pytest.mark.erlang

QUIET = "logger:set_primary_config(level, emergency),"
LOUD = "logger:set_primary_config(level, notice),"

# S is a session of the direct back end: its term holds the roles (a session of the
# generic back end holds its owner's pid instead).
DIRECT = "{choreo_session, _, [_ | _], _, _} = S,"

# The exit reasons of the processes monitored by Ms, in their order, without pids.
REASONS = """
        Reasons = fun(Ms) ->
            [receive
                 {'DOWN', M, process, _, {shutdown, {choreo_peer_down, _}}} -> peer_down;
                 {'DOWN', M, process, _, W} -> W
             after 5000 -> alive
             end || M <- Ms]
        end,"""


def _back_end(path, chor: str) -> str:
    api = compile_file(path)[f"{chor}.erl"]
    if "choreo_session:run(spec(), Args, Opts)" in api:
        return "direct"
    assert "choreo_runtime:run(spec(), Args, Opts)" in api
    return "generic"


@pytest.mark.parametrize("path, chor, back_end", [
    (EXAMPLES / "failing_quote.chor", "failing_quote", "direct"),
    (TEST_CHOREOGRAPHIES / "within_ping_pong.chor", "within_ping_pong", "direct"),
    (TEST_CHOREOGRAPHIES / "within_offer.chor", "within_offer", "direct"),
    (TEST_CHOREOGRAPHIES / "within_buffered.chor", "within_buffered", "direct"),
    (TEST_CHOREOGRAPHIES / "within_short.chor", "within_short", "direct"),
    (TEST_CHOREOGRAPHIES / "within_shorter.chor", "within_shorter", "direct"),
    # A `within` inside a checkpoint goes with the checkpoint, to the generic one.
    (EXAMPLES / "resilient_quote.chor", "resilient_quote", "generic"),
    (TEST_CHOREOGRAPHIES / "generic_quote.chor", "generic_quote", "generic"),
])
def test_the_back_end_a_within_choreography_gets(path, chor, back_end):
    assert _back_end(path, chor) == back_end


def test_direct_choreographies_accepts_a_within_outside_checkpoints():
    projection = Compilation.read(TEST_CHOREOGRAPHIES / "within_offer.chor").projection
    offers = [ins for ins in projection.proc("within_offer", "B").body
              if type(ins).__name__ == "Offer"]
    assert [o.within for o in offers] == [500]
    procs = {(c.name, r.name): projection.proc(c.name, r.name)
             for c in projection.program.choreographies for r in c.roles}
    assert direct_choreographies(procs) == {"within_offer"}


def test_only_a_role_with_a_within_gets_a_timer():
    # failing_quote's Seller waits with no `within`: its module has no deadline, no
    # timer, no timer clause and no wait/2, as before; Buyer's wait for the price has.
    files = compile_file(EXAMPLES / "failing_quote.chor")
    buyer, seller = files["failing_quote_buyer.erl"], files["failing_quote_seller.erl"]
    assert "timer = undefined :: {reference(), integer()} | undefined" in buyer
    assert "wait(State_#state{state = await_seller}, 1000)" in buyer
    assert "handle_info({timeout, Timer, '$choreo_within'}, #state{timer = {Timer, _}}" in buyer
    for text in ("timer", "deadline", "'$choreo_within'", "within("):
        assert text not in seller
    assert "wait(State_#state{state = await_buyer})" in seller


def test_an_expired_within_ends_the_session_with_timeout_and_leaves_nothing(erl):
    # Buyer waits at most 1000 ms for the price, which takes 5000 ms: Buyer stops as a
    # generic role does ({shutdown, {choreo_timeout, Steps}}), Seller (asleep in its
    # callback) is stopped with it, the caller gets {timeout, buyer} by the deadline,
    # and no process of the session is left.
    expr = QUIET + REASONS + """
        Before = length(erlang:processes()),
        T0 = erlang:monotonic_time(millisecond),
        {ok, S} = failing_quote:start(#{buyer => [slow]}, #{impl => #{seller => hostile_impl}}),
        """ + DIRECT + """
        #{buyer := B, seller := Se} = failing_quote:roles(S),
        Ms = [erlang:monitor(process, P) || P <- [B, Se]],
        R = failing_quote:await(S, 10000),
        Took = erlang:monotonic_time(millisecond) - T0,
        Why = Reasons(Ms),
        """ + LOUD + """
        {R, Took >= 990, Took < 2000, Why, length(erlang:processes()) - Before}"""
    assert erl.eval(expr) == \
        "{{error,{timeout,buyer}},true,true,[{shutdown,{choreo_timeout,[2]}},peer_down],0}"


def test_a_within_that_is_met_gives_the_result_and_leaves_nothing(erl):
    # The price takes 300 ms of the 1000: while Buyer waits, its state holds the
    # wait's deadline and a running timer that fires then; the session ends with its
    # result and nothing is left, not even the timer.
    expr = """
        Before = length(erlang:processes()),
        {ok, S} = failing_quote:start(#{buyer => [slowish]},
                                      #{impl => #{seller => hostile_impl}}),
        """ + DIRECT + """
        #{buyer := B} = failing_quote:roles(S),
        timer:sleep(100),
        {state, await_seller, _, Deadline, {Timer, At}} = sys:get_state(B),
        Left = erlang:read_timer(Timer),
        R = failing_quote:await(S, 5000),
        {R, At =:= Deadline, is_integer(Left) andalso Left > 0 andalso Left =< 900,
         erlang:read_timer(Timer), length(erlang:processes()) - Before}"""
    assert erl.eval(expr) == "{{ok,#{buyer => 10,seller => ok}},true,true,false,0}"


def test_many_rounds_each_with_a_within(erl):
    # 20,000 rounds, each with a wait whose timer starts and is cancelled.
    expr = """
        Before = length(erlang:processes()),
        {ok, S} = within_ping_pong:start(#{ping => [20000], pong => [0]}, #{}),
        """ + DIRECT + """
        R = within_ping_pong:await(S, 60000),
        {R, length(erlang:processes()) - Before}"""
    assert erl.eval(expr, timeout=90) == "{{ok,#{ping => done,pong => {served,20000}}},0}"


def test_a_timer_serves_many_waits_and_its_role_keeps_every_deadline(erl):
    # Each receive of within_short has a `within` of 20 ms, and 200,000 rounds take
    # far longer: each role's timer fires many times, while the role waits (a timer
    # for the time left starts) or between waits (none runs until the next one). The
    # roles start far fewer timers than they wait (erlang:start_timer/3 traced), and
    # no deadline is missed.
    expr = """
        {ok, S} = within_short:start(#{ping => [200000], pong => [0]}, #{}),
        """ + DIRECT + """
        #{ping := Ping, pong := Pong} = within_short:roles(S),
        1 = erlang:trace_pattern({erlang, start_timer, 3}, true, [global]),
        [1 = erlang:trace(P, true, [call, {tracer, self()}]) || P <- [Ping, Pong]],
        R = within_short:await(S, 60000),
        _ = erlang:trace_pattern({erlang, start_timer, 3}, false, [global]),
        Starts = (fun Loop(N) ->
                      receive {trace, _, call, {erlang, start_timer, _}} -> Loop(N + 1)
                      after 200 -> N
                      end
                  end)(0),
        {R, Starts >= 2, Starts < 20000}"""
    assert erl.eval(expr, timeout=90) == \
        "{{ok,#{ping => done,pong => {served,200000}}},true,true}"


@pytest.mark.parametrize("ms, result", [
    (0, "{ok,#{a => ok,b => {first,{second,0}}}}"),
    (2000, "{error,{timeout,b}}"),
])
def test_a_short_within_after_a_long_one_keeps_its_own_deadline(erl, ms, result):
    # B's timer for its first wait (60 s) would fire far too late for its second
    # (100 ms): that wait starts its own, and the session ends by its deadline.
    expr = QUIET + """
        Before = length(erlang:processes()),
        T0 = erlang:monotonic_time(millisecond),
        {ok, S} = within_shorter:start(#{a => [""" + str(ms) + """]},
                                       #{impl => #{a => within_offer_a_impl}}),
        """ + DIRECT + """
        R = within_shorter:await(S, 10000),
        Took = erlang:monotonic_time(millisecond) - T0,
        """ + LOUD + """
        {R, Took < 1000, length(erlang:processes()) - Before}"""
    assert erl.eval(expr) == f"{{{result},true,0}}"


def test_a_message_buffered_before_its_wait_starts_no_timer(erl):
    # A's `early` comes while B still waits for C's first message, so B buffers it;
    # B's wait for it (within 1000) finds it there and starts no timer. C's second
    # message comes 200 ms later: that wait suspends, and starts the one timer that B
    # ever starts (erlang:start_timer/3 traced in B).
    expr = """
        {ok, S} = within_buffered:start(#{}, #{}),
        """ + DIRECT + """
        #{b := B} = within_buffered:roles(S),
        1 = erlang:trace_pattern({erlang, start_timer, 3}, true, [global]),
        1 = erlang:trace(B, true, [call, {tracer, self()}]),
        R = within_buffered:await(S, 5000),
        _ = erlang:trace_pattern({erlang, start_timer, 3}, false, [global]),
        Calls = (fun Loop(Acc) ->
                     receive {trace, B, call, {erlang, start_timer, Args}} -> Loop([Args | Acc])
                     after 200 -> lists:reverse(Acc)
                     end
                 end)([]),
        {R, [Ms || [Ms, _, '$choreo_within'] <- Calls], length(Calls)}"""
    assert erl.eval(expr) == "{{ok,#{a => ok,b => {1,early,2},c => ok}},[1000],1}"


@pytest.mark.parametrize("ms, result", [
    (0, "{ok,#{a => ok,b => awake}}"),
    (100, "{ok,#{a => ok,b => {slept,100}}}"),
    (2000, "{error,{timeout,b}}"),
])
def test_an_offer_with_a_within(erl, ms, result):
    # B learns A's choice from the message it gets, and waits for either at most
    # 500 ms; A naps Ms ms first.
    expr = QUIET + """
        Before = length(erlang:processes()),
        T0 = erlang:monotonic_time(millisecond),
        {ok, S} = within_offer:start(#{a => [""" + str(ms) + """]}, #{}),
        """ + DIRECT + """
        R = within_offer:await(S, 10000),
        Took = erlang:monotonic_time(millisecond) - T0,
        """ + LOUD + """
        {R, Took < 1500, length(erlang:processes()) - Before}"""
    assert erl.eval(expr) == f"{{{result},true,0}}"


def test_a_flood_during_the_wait_does_not_move_the_deadline(erl):
    # While Buyer waits (within 1000) for a price that takes 5000 ms, a process sends
    # it junk, forged envelopes and forged timers without pause. None of them restarts
    # the wait's clock: the session still ends with {timeout, buyer} after about
    # 1000 ms (a gen_server timeout, {noreply, S, Ms}, would restart at every message
    # and end it only when the price came).
    expr = QUIET + """
        {ok, S} = failing_quote:start(#{buyer => [slow]}, #{impl => #{seller => hostile_impl}}),
        """ + DIRECT + """
        #{buyer := B} = failing_quote:roles(S),
        Flood = spawn(fun() ->
                          Junk = [junk, {self(), 2, forged}, {self(), 1, x},
                                  {timeout, make_ref(), '$choreo_within'},
                                  {timeout, infinity, '$choreo_within'}],
                          (fun Loop() ->
                               [B ! M || M <- Junk],
                               receive stop -> ok after 1 -> Loop() end
                           end)()
                      end),
        T0 = erlang:monotonic_time(millisecond),
        R = failing_quote:await(S, 10000),
        Took = erlang:monotonic_time(millisecond) - T0,
        Flood ! stop,
        """ + LOUD + """
        {R, Took < 2500}"""
    assert erl.eval(expr, timeout=30) == "{{error,{timeout,buyer}},true}"


def test_forged_and_stale_timer_messages_change_nothing(erl):
    # Timer messages with made-up refs (and with no ref at all, `undefined` among them,
    # which a role that does not wait has in its timer field) reach both roles before
    # and during Buyer's wait; neither role fails, and the session gives its result.
    forged = QUIET + """
        {ok, S} = failing_quote:start(#{buyer => [slowish]},
                                      #{impl => #{seller => hostile_impl}}),
        """ + DIRECT + """
        #{buyer := B, seller := Se} = failing_quote:roles(S),
        Forge = fun() ->
                    [P ! {timeout, T, Tag}
                     || P <- [B, Se],
                        T <- [make_ref(), list_to_ref("#Ref<0.1.2.3>"), undefined, infinity,
                              self(), 42],
                        Tag <- ['$choreo_within', other]]
                end,
        Forge(),
        timer:sleep(100),
        Forge(),
        R = failing_quote:await(S, 5000),
        """ + LOUD + """
        R"""
    assert erl.eval(forged) == "{ok,#{buyer => 10,seller => ok}}"
    # B's first wait has no `within` (its deadline and timer are `undefined` for
    # 200 ms): a timer message that names `undefined` is no timer of B's.
    untimed = QUIET + """
        {ok, S} = within_buffered:start(#{}, #{}),
        """ + DIRECT + """
        #{b := B} = within_buffered:roles(S),
        [B ! {timeout, undefined, '$choreo_within'} || _ <- lists:seq(1, 10)],
        timer:sleep(50),
        {await_c_2, undefined, undefined} =
            (fun(St) -> {element(2, St), element(4, St), element(5, St)} end)(
                sys:get_state(B)),
        [B ! {timeout, undefined, '$choreo_within'} || _ <- lists:seq(1, 10)],
        R = within_buffered:await(S, 5000),
        """ + LOUD + """
        R"""
    assert erl.eval(untimed) == "{ok,#{a => ok,b => {1,early,2},c => ok}}"
    # The message of Ping's own running timer (60 s), forged long before it fires,
    # 100 times: the first is taken for the timer's, but the deadline of the wait has
    # not passed (a new timer starts, or none between waits); the others name a timer
    # Ping no longer keeps. The session gives its result.
    stale = QUIET + """
        {ok, S} = within_ping_pong:start(#{ping => [500000], pong => [0]}, #{}),
        """ + DIRECT + """
        #{ping := Ping} = within_ping_pong:roles(S),
        Timer = (fun Sample() ->
                     case sys:get_state(Ping) of
                         {state, await_pong, _, _, {T, _}, _} -> T;
                         _ -> Sample()
                     end
                 end)(),
        [Ping ! {timeout, Timer, '$choreo_within'} || _ <- lists:seq(1, 100)],
        timer:sleep(50),
        Now = element(5, sys:get_state(Ping)),
        R = within_ping_pong:await(S, 60000),
        """ + LOUD + """
        {R, is_tuple(Now) andalso element(1, Now) =/= Timer}"""
    assert erl.eval(stale, timeout=90) == \
        "{{ok,#{ping => done,pong => {served,500000}}},true}"


@pytest.mark.skipif(shutil.which("dialyzer") is None, reason="dialyzer is not installed")
def test_within_choreographies_pass_dialyzer(tmp_path):
    # The examples are checked in test_erlang_build.py; these add a timed offer, a
    # role with untimed and timed waits, and timed waits on both sides.
    names = ("within_offer", "within_buffered", "within_shorter", "within_ping_pong")
    dialyze(tmp_path, [TEST_CHOREOGRAPHIES / f"{name}.chor" for name in names],
            [TEST_CHOREOGRAPHIES / f for f in ("within_offer_a_impl.erl",
                                               "within_buffered_c_impl.erl")])


def test_a_supervised_session_exits_with_the_timeout_on_both_back_ends(erl):
    # child_spec/2's start_link: the session's process exits with the error, so the
    # same {timeout, buyer} on the direct back end as on the generic one.
    expr = QUIET + """
        Exit = fun(M) ->
                   Parent = self(),
                   _ = spawn(fun() ->
                           process_flag(trap_exit, true),
                           #{start := {Mod, F, A}} =
                               M:child_spec(#{buyer => [slow]},
                                            #{impl => #{seller => hostile_impl}}),
                           {ok, Pid} = apply(Mod, F, A),
                           receive {'EXIT', Pid, Why} -> Parent ! {exit, M, Why} end
                       end),
                   receive {exit, M, W} -> W after 5000 -> none end
               end,
        R = {Exit(failing_quote), Exit(generic_quote)},
        """ + LOUD + """
        R"""
    assert erl.eval(expr, timeout=30) == "{{timeout,buyer},{timeout,buyer}}"
