"""How generated sessions behave on real Erlang: buffering, isolation, memory, errors.

All tests share one VM (the `erl` fixture); each asserts what an Erlang user would
check from the shell.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.erlang


def test_run_ahead_messages_are_consumed_in_send_order(erl):
    # P sends 2000 messages of one step while C still waits for Q: all of them
    # wait in C's buffer, and C must take them in the order P sent them.
    expr = """
        {ok, #{c := Got}} = flood:run(#{p => [2000], q => [300]}, #{}),
        Got =:= lists:seq(2000, 1, -1)"""
    assert erl.eval_ok(expr)


def test_buffer_holds_messages_while_waiting(erl):
    # While C waits for Q, its process has taken P's messages out of the
    # mailbox into the runtime's buffer (none is lost or left in the mailbox).
    expr = """
        {ok, S} = flood:start(#{p => [500], q => [400]}, #{}),
        timer:sleep(150),
        #{c := C} = flood:roles(S),
        {message_queue_len, Queued} = erlang:process_info(C, message_queue_len),
        {ok, #{c := Got}} = flood:await(S, 5000),
        {Queued, Got =:= lists:seq(500, 1, -1)}"""
    assert erl.eval(expr) == "{0,true}"


def test_concurrent_sessions_do_not_mix(erl):
    expr = """
        Ns = lists:seq(1, 200),
        Sessions = [{N, element(2, ping_pong:start(#{ping => [N], pong => [1000 * N]}, #{}))}
                    || N <- Ns],
        Results = [{N, ping_pong:await(S, 10000)} || {N, S} <- Sessions],
        lists:all(fun({N, {ok, #{ping := done, pong := {served, Served}}}}) ->
                          Served =:= 1000 * N + N;
                     (_) -> false
                  end, Results)"""
    assert erl.eval_ok(expr, timeout=120)


def test_interleaved_sessions_of_one_choreography(erl):
    # Two flood sessions run at the same time; each C gets only its own P's numbers.
    expr = """
        {ok, A} = flood:start(#{p => [300], q => [50]}, #{}),
        {ok, B} = flood:start(#{p => [200], q => [50]}, #{}),
        {flood:await(B, 5000), flood:await(A, 5000)} =:=
            {{ok, #{p => ok, q => ok, c => lists:seq(200, 1, -1)}},
             {ok, #{p => ok, q => ok, c => lists:seq(300, 1, -1)}}}"""
    assert erl.eval_ok(expr)


def test_forged_messages_are_dropped_without_new_atoms(erl):
    # The first round loads the code that logging a dropped message needs (which
    # creates atoms of its own); the second must not add a single atom.
    expr = """
        logger:set_primary_config(level, error),
        Forge = fun() ->
            {ok, S} = flood:start(#{p => [50], q => [300]}, #{}),
            #{c := C, p := P} = flood:roles(S),
            Atoms = erlang:system_info(atom_count),
            C ! {'$choreo', make_ref(), p, 1, forged},
            C ! {'$choreo', element(2, S), "mallory", 1, forged},
            C ! {'$choreo', element(2, S), <<"p">>, 1, forged},
            C ! {'$choreo', element(2, S), q, {select, nonsense}, forged},
            C ! garbage,
            P ! {'$choreo', x, y},
            gen_server:cast(C, hello),
            Result = flood:await(S, 5000),
            {Result =:= {ok, #{p => ok, q => ok, c => lists:seq(50, 1, -1)}},
             erlang:system_info(atom_count) - Atoms}
        end,
        _ = Forge(),
        Second = Forge(),
        logger:set_primary_config(level, notice),
        Second"""
    assert erl.eval(expr) == "{true,0}"


def test_ping_pong_100000_rounds_in_flat_memory(erl):
    # Sample the memory of both role processes while they run: tail calls must not
    # grow them with the number of rounds (a stack of 100000 frames would take MBs).
    expr = """
        {ok, S} = ping_pong:start(#{ping => [100000], pong => [0]}, #{}),
        #{ping := Ping, pong := Pong} = ping_pong:roles(S),
        Sample = fun Loop(Acc) ->
            case [M || P <- [Ping, Pong], {memory, M} <- [erlang:process_info(P, memory)]] of
                [A, B] -> timer:sleep(2), Loop([A, B | Acc]);
                _ -> lists:reverse(Acc)
            end
        end,
        Samples = Sample([]),
        {ok, #{ping := done, pong := {served, 100000}}} = ping_pong:await(S, 60000),
        {length(Samples) >= 10, lists:max(Samples) < 100000}"""
    assert erl.eval(expr, timeout=120) == "{true,true}"


@pytest.mark.parametrize("chor, line", [("failing_quote", 14), ("generic_quote", 10)])
def test_role_crash_ends_session_and_points_at_the_chor_line(erl, chor, line):
    # The seller crashes in price/1 (direct back end: failing_quote; generic:
    # generic_quote); the stack trace names the .chor line of the statement (thanks
    # to -file attributes) and no process is left.
    expr = f"""
        logger:set_primary_config(level, emergency),
        Before = length(erlang:processes()),
        {{error, {{role_down, seller, {{seller_crashed, Stack}}}}}} =
            {chor}:run(#{{buyer => [crash]}}, #{{impl => #{{seller => hostile_impl}}}}),
        logger:set_primary_config(level, notice),
        Frames = [{{filename:basename(proplists:get_value(file, Loc)),
                   proplists:get_value(line, Loc)}}
                  || {{{chor}_seller, _, _, Loc}} <- Stack],
        {{Frames, length(erlang:processes()) - Before}}"""
    assert erl.eval(expr) == f'{{[{{"{chor}.chor",{line}}}],0}}'


def test_a_crash_stops_the_peers_before_anyone_awaits(erl):
    # Carol crashes while Alice and Bob wait for her quote: her terminate/2 stops
    # them at once (direct back end), so no process is left blocked even though the
    # caller has not called await/2 yet; await/2 then names Carol.
    expr = """
        logger:set_primary_config(level, emergency),
        {ok, S} = shipping:start(#{alice => [crash, 1]}, #{impl => #{carol => hostile_impl}}),
        Pids = maps:values(shipping:roles(S)),
        Refs = [erlang:monitor(process, P) || P <- Pids],
        Reasons = lists:sort([receive {'DOWN', R, process, _, Why} -> Why after 5000 -> alive end
                              || R <- Refs]),
        {error, {role_down, carol, {carol_crashed, _}}} = shipping:await(S, 5000),
        logger:set_primary_config(level, notice),
        [case Why of {shutdown, {choreo_peer_down, _}} -> peer_down; {E, _} -> E end
         || Why <- Reasons]"""
    assert erl.eval(expr) == "[carol_crashed,peer_down,peer_down]"


@pytest.mark.parametrize("chor, args, impl", [
    ("shipping", "#{alice => [block, 1]}", "#{carol => hostile_impl}"),
    ("generic_quote", "#{buyer => [block]}", "#{seller => hostile_impl}"),
])
def test_a_caller_that_dies_takes_a_role_inside_a_callback_with_it(erl, chor, args, impl):
    # A role whose callback never returns cannot see the caller's 'DOWN': a peer that
    # sees it stops it (direct back end), or the owner does (generic). Before, the
    # direct role stayed alive for as long as its callback ran.
    expr = f"""
        logger:set_primary_config(level, emergency),
        Me = self(),
        Caller = spawn(fun() -> {{ok, S}} = {chor}:start({args}, #{{impl => {impl}}}),
                                Me ! {{started, S}}, receive die -> exit(boom) end end),
        S = receive {{started, S0}} -> S0 end,
        timer:sleep(100),
        Pids = maps:values({chor}:roles(S)),
        Refs = [erlang:monitor(process, P) || P <- Pids],
        Caller ! die,
        Gone = [receive {{'DOWN', R, process, _, _}} -> gone after 2000 -> alive end
                || R <- Refs],
        logger:set_primary_config(level, notice),
        {{length(Pids) >= 2, lists:usort(Gone)}}"""
    assert erl.eval(expr) == "{true,[gone]}"


@pytest.mark.parametrize("how, reason", [
    ("error", "{a_crashed,[{crash_first_a_impl,boom,1,_}|_]}"),
    ("exit", "a_exited"),
    ("throw", "{bad_return_value,a_threw}"),
])
def test_a_failure_before_the_first_wait_ends_the_session_like_one_after(erl, how, reason):
    # A fails in its first statement, before its gen_server loop starts: the session
    # ends with role_down naming A and the reason gen_server would give, B and C are
    # stopped by A's terminate/2, and no process is left.
    # The roles' exits are traced from their spawn: A may be gone before the test
    # could monitor it, and a monitor of a dead process says only `noproc`.
    expr = f"""
        logger:set_primary_config(level, emergency),
        Before = length(erlang:processes()),
        1 = erlang:trace(self(), true, [procs, set_on_spawn]),
        {{ok, S}} = crash_first:start(#{{a => [{how}]}}, #{{}}),
        Pids = [P || {{_, P, _}} <- element(3, S)],
        {{error, {{role_down, a, {reason}}}}} = crash_first:await(S, 5000),
        1 = erlang:trace(self(), false, [procs, set_on_spawn]),
        Reasons = lists:sort([receive {{trace, P, exit, Why}} -> Why after 5000 -> alive end
                              || P <- Pids]),
        Flush = fun F() -> receive {{trace, _, _, _}} -> F(); {{trace, _, _, _, _}} -> F()
                           after 0 -> ok end end,
        ok = Flush(),
        logger:set_primary_config(level, notice),
        {{[case Why of {{shutdown, {{choreo_peer_down, _}}}} -> peer_down; _ -> a end
          || Why <- Reasons], length(erlang:processes()) - Before}}"""
    assert erl.eval(expr) == "{[a,peer_down,peer_down],0}"


def test_a_role_that_sends_and_finishes_before_any_wait_gives_its_result(erl):
    # A plays its whole part (one send and its result) before its gen_server loop.
    assert erl.eval("crash_first:run(#{a => [7]}, #{})") == "{ok,#{a => ok,b => ok,c => 7}}"


def test_await_answers_at_once_when_it_can_never_get_the_result(erl):
    # Direct back end: a second await/2 after the result or error, even with `infinity`,
    # returns {session_down, noproc} at once; another process gets not_caller at once.
    # A session that ended before its first await/2 still gives its result.
    expr = """
        logger:set_primary_config(level, emergency),
        Args = #{alice => [book, 2]},
        {ok, S1} = shipping:start(Args, #{}),
        {ok, _} = shipping:await(S1, infinity),
        Again = shipping:await(S1, infinity),
        {ok, S2} = shipping:start(#{alice => [crash, 1]}, #{impl => #{carol => hostile_impl}}),
        {error, {role_down, carol, _}} = shipping:await(S2, infinity),
        AgainAfterError = shipping:await(S2, 5000),
        {ok, S3} = shipping:start(Args, #{}),
        timer:sleep(100),
        Late = shipping:await(S3, 0),
        {ok, S4} = shipping:start(#{alice => [slowish, 2]}, #{impl => #{carol => hostile_impl}}),
        Me = self(),
        spawn(fun() -> Me ! {other, shipping:await(S4, infinity)} end),
        Other = receive {other, O} -> O after 1000 -> blocked end,
        {ok, _} = shipping:await(S4, 5000),
        logger:set_primary_config(level, notice),
        {Again, AgainAfterError, element(1, Late), Other}"""
    assert erl.eval(expr) == \
        "{{error,{session_down,noproc}},{error,{session_down,noproc}},ok,{error,not_caller}}"


def test_the_longest_names_build_and_run(erl):
    # tests/choreographies/long_names.chor (its build is the test's first half: the
    # strict build of every test choreography fails on an illegal atom).
    assert erl.eval("long_names:run(#{a => [1]}, #{})") == "{ok,#{a => {1,[2]}," + \
        "r" + "x" * 199 + " => ok}}"


def test_constant_conditions_build_strictly_and_take_their_branch(erl):
    # tests/choreographies/const_if.chor builds with the strict erlc flags (the
    # `erl` fixture compiles it so) and takes the branch its constant picks.
    assert erl.eval("const_if:run(#{a => [5]}, #{})") == "{ok,#{a => ok,b => {5,0,6,5}}}"


def test_caller_survives_and_no_process_is_left_after_many_sessions(erl):
    expr = """
        logger:set_primary_config(level, emergency),
        Before = length(erlang:processes()),
        [{error, {role_down, seller, _}} = failing_quote:run(#{buyer => [crash]}, #{})
         || _ <- lists:seq(1, 100)],
        [{ok, _} = shipping:run(#{alice => [book, N]}, #{}) || N <- lists:seq(1, 500)],
        logger:set_primary_config(level, notice),
        length(erlang:processes()) - Before"""
    assert erl.eval(expr, timeout=120) == "0"


@pytest.mark.parametrize("chor", ["failing_quote", "generic_quote"])
def test_whole_session_timeout(erl, chor):
    expr = (f"{chor}:run(#{{buyer => [slow]}}, "
            "#{timeout => 200, impl => #{seller => hostile_impl}})")
    assert erl.eval(expr) == "{error,timeout}"


def test_trace_events_have_the_documented_shape(erl):
    expr = """
        {ok, S} = shipping:start(#{alice => [book, 2]}, #{trace => self()}),
        {ok, _} = shipping:await(S, 5000),
        Events = (fun Loop(Acc) ->
                      receive {choreo_trace, S, E} -> Loop([E | Acc])
                      after 0 -> lists:reverse(Acc) end
                  end)([]),
        Sends = [{R, P, St, Pl} || #{kind := send, role := R, peer := P, step := St,
                                      payload := Pl} <- Events],
        Recvs = [E || #{kind := recv} = E <- Events],
        {Sends, length(Recvs)}"""
    assert erl.eval(expr) == ("{[{alice,bob,1,{order,book,2}},{bob,carol,2,{request,book,2}},"
                              "{carol,bob,3,{quote,14}},{bob,alice,4,{quote,book,2,14}}],4}")


def test_bad_arguments_are_rejected_before_starting(erl):
    assert erl.eval("shipping:run(#{alice => [book]}, #{})").startswith("{error,{badarg,alice")
    assert erl.eval("shipping:run(#{}, #{})").startswith("{error,{badarg,alice")
    assert erl.eval("shipping:run(#{dave => []}, #{})").startswith("{error,{badarg,dave")
