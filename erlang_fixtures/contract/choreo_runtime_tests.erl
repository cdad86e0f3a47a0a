%%% EUnit tests of choreo_runtime, run against the hand-written contract
%%% fixtures of this folder (contract_*.erl), which follow
%%% docs/internals/runtime-contract.md as the compiler generates code.
%%%
%%% tests/test_runtime_contract.py compiles everything and runs this module
%%% in one VM. The remote-node tests run only when the VM is distributed.
-module(choreo_runtime_tests).

-include_lib("eunit/include/eunit.hrl").

%% logger handler callback: captures the runtime's `notice`s.
-export([log/2]).

-define(SHIP_OK(Item), {ok, #{alice => {ok, {quote, Item, 2, 14}},
                              bob => ok, carol => ok}}).
-define(TEST_IMPL, #{impl => #{carol => contract_test_carol_impl}}).

%%--------------------------------------------------------------------
%% Results, traces and the shape of calls
%%--------------------------------------------------------------------

shipping_result_and_trace_test() ->
    {ok, S} = contract_shipping:start(#{alice => [book, 2]},
                                      #{impl => #{carol => contract_shipping_carol_impl},
                                        trace => self()}),
    ?assertEqual(?SHIP_OK(book), contract_shipping:await(S, 5000)),
    Events = trace_events(S),
    Sends = lists:sort([{R, P, St, Pl} || #{kind := send, role := R, peer := P,
                                            step := St, payload := Pl} <- Events]),
    ?assertEqual(lists:sort([{alice, bob, 1, {order, book, 2}},
                             {bob, carol, 2, {request, book, 2}},
                             {carol, bob, 3, {quote, 14}},
                             {bob, alice, 4, {quote, book, 2, 14}}]), Sends),
    Recvs = lists:sort([{P, R, St, Pl} || #{kind := recv, role := R, peer := P,
                                            step := St, payload := Pl} <- Events]),
    ?assertEqual(Sends, Recvs),
    ?assertEqual(8, length(Events)).

%% Roles end with {shutdown, {choreo_result, _}}: neither gen_server nor the
%% transient child's supervisor reports it, and the role is not restarted.
successful_sessions_log_nothing_test() ->
    ok = logger:add_handler(choreo_capture, ?MODULE,
                            #{config => #{pid => self()}}),
    try
        ?assertEqual(?SHIP_OK(book), contract_shipping:run(#{alice => [book, 2]}, #{})),
        ?assertMatch({ok, _}, contract_twice:run(#{p => [1], q => [2]}, #{})),
        %% Many short sessions: the session supervisor is never asked to stop a
        %% role whose exit it has not received yet (it would report an error).
        [{ok, _} = contract_ping_pong:run(#{ping => [1], pong => [0]}, #{})
         || _ <- lists:seq(1, 3000)]
    after
        ok = logger:remove_handler(choreo_capture)
    end,
    ?assertEqual([], captured_logs()).

default_impl_from_spec_test() ->
    ?assertEqual(?SHIP_OK(pen), contract_shipping:run(#{alice => [pen, 2]}, #{})).

ping_pong_test() ->
    ?assertEqual({ok, #{ping => done, pong => {served, 3}}},
                 contract_ping_pong:run(#{ping => [3], pong => [0]},
                                        #{trace => self()})),
    Sends = [{R, St} || #{kind := send, role := R, step := St} <- trace_events()],
    ?assertEqual(7, length(Sends)),
    ?assertEqual(lists:sort([{ping, 1}, {ping, 1}, {ping, 1}, {pong, 2}, {pong, 2},
                             {pong, 2}, {ping, {select, else}}]),
                 lists:sort(Sends)).

%% A call that is not a tail call, with the roles swapped: twice calls swap
%% twice, and outer calls twice with its roles swapped, so the role maps of
%% swap's frames are composed through two levels.
nested_calls_with_role_maps_test() ->
    Expected = {ok, #{p => {2, 1}, q => {1, 2}}},
    ?assertEqual(Expected, contract_twice:run(#{p => [1], q => [2]},
                                              #{trace => self()})),
    TwiceSends = [{R, P, Pl} || #{kind := send, role := R, peer := P,
                                  payload := Pl} <- trace_events()],
    ?assertEqual(lists:sort([{p, q, 1}, {q, p, 2}, {q, p, 1}, {p, q, 2}]),
                 lists:sort(TwiceSends)),
    ?assertEqual(Expected, contract_outer:run(#{p => [1], q => [2]},
                                              #{trace => self()})),
    OuterSends = [{R, P} || #{kind := send, role := R, peer := P} <- trace_events()],
    ?assertEqual(lists:sort([{p, q}, {q, p}, {q, p}, {p, q}]),
                 lists:sort(OuterSends)).

%% A runs far ahead of B: B waits for C (who sleeps 100 ms) while A sends it
%% 1000 messages of one step. B must consume them in the order A sent them.
far_ahead_sender_test() ->
    N = 1000,
    {ok, Results} = contract_burst:run(#{a => [N]}, #{trace => self()}),
    ?assertEqual(#{a => ok, b => lists:seq(1, N), c => ok}, Results),
    Events = trace_events(),
    Indexed = lists:zip(lists:seq(1, length(Events)), Events),
    LastSend = lists:max([I || {I, #{kind := send, role := a}} <- Indexed]),
    FirstRecv = lists:min([I || {I, #{kind := recv, role := b, step := 3}} <- Indexed]),
    ?assert(LastSend < FirstRecv),
    ?assertEqual(lists:seq(N, 1, -1),
                 [X || #{kind := recv, role := b, step := 3, payload := X} <- Events]).

concurrent_sessions_test() ->
    Ns = lists:seq(1, 20),
    Sessions = [{N, S} || N <- Ns,
                          {ok, S} <- [contract_ping_pong:start(
                                        #{ping => [N * 50], pong => [N]}, #{})]],
    [?assertEqual({ok, #{ping => done, pong => {served, N + N * 50}}},
                  contract_ping_pong:await(S, 10000))
     || {N, S} <- Sessions].

%% Two sessions of one choreography, traced to the same process, at the
%% same time: each gets its own messages.
concurrent_traced_sessions_test() ->
    {ok, S1} = contract_shipping:start(#{alice => [{sleep, 50}, 2]},
                                       ?TEST_IMPL#{trace => self()}),
    {ok, S2} = contract_shipping:start(#{alice => [{sleep, 20}, 2]},
                                       ?TEST_IMPL#{trace => self()}),
    ?assertEqual(?SHIP_OK({sleep, 20}), contract_shipping:await(S2, 5000)),
    ?assertEqual(?SHIP_OK({sleep, 50}), contract_shipping:await(S1, 5000)),
    ?assertEqual(8, length(trace_events(S1))),
    ?assertEqual(8, length(trace_events(S2))),
    ?assertEqual([], trace_events()).

%%--------------------------------------------------------------------
%% Constant memory
%%--------------------------------------------------------------------

ping_pong_flat_memory_test_() ->
    {timeout, 120, fun ping_pong_flat_memory/0}.

ping_pong_flat_memory() ->
    N = 100000,
    {ok, S} = contract_ping_pong:start(#{ping => [N], pong => [0]}, #{}),
    #{ping := Ping, pong := Pong} = contract_ping_pong:roles(S),
    Samples = sample_memory(Ping, Pong, []),
    ?assertEqual({ok, #{ping => done, pong => {served, N}}},
                 contract_ping_pong:await(S, 60000)),
    ?assert(length(Samples) >= 8),
    Quarter = length(Samples) div 4,
    {Early, _} = lists:split(Quarter, Samples),
    Late = lists:nthtail(length(Samples) - Quarter, Samples),
    MaxOf = fun(Xs) -> lists:max(lists:append([[A, B] || {A, B} <- Xs])) end,
    ?debugFmt("role memory over ~b samples: early max ~b B, late max ~b B",
              [length(Samples), MaxOf(Early), MaxOf(Late)]),
    %% A frame per round would take megabytes by the end.
    ?assert(MaxOf(Samples) < 100000),
    ?assert(MaxOf(Late) =< 2 * MaxOf(Early)).

sample_memory(Ping, Pong, Acc) ->
    case {process_info(Ping, memory), process_info(Pong, memory)} of
        {{memory, A}, {memory, B}} ->
            receive after 1 -> ok end,
            sample_memory(Ping, Pong, [{A, B} | Acc]);
        _ ->
            lists:reverse(Acc)
    end.

%%--------------------------------------------------------------------
%% Messages that do not belong
%%--------------------------------------------------------------------

forged_messages_test() ->
    ok = logger:add_handler(choreo_capture, ?MODULE,
                            #{config => #{pid => self()},
                              filter_default => stop,
                              filters => [{choreo, {fun logger_filters:domain/2,
                                                    {log, sub, [choreo]}}}]}),
    try
        forged_messages()
    after
        ok = logger:remove_handler(choreo_capture)
    end.

forged_messages() ->
    {ok, S} = contract_shipping:start(#{alice => [{sleep, 300}, 2]}, ?TEST_IMPL),
    #{bob := Bob} = contract_shipping:roles(S),
    {choreo_session, Ref, _Owner} = S,
    Forged = [{'$choreo', make_ref(), carol, 3, {quote, 666}},       % other session
              {'$choreo', Ref, <<"mallory_never_an_atom">>, 3, x},   % unknown sender
              {'$choreo', Ref, "mallory_never_an_atom", 3, x},
              {'$choreo', Ref, carol, <<"step_never_an_atom">>, x}, % not a step
              {'$choreo', Ref, alice, {select, "x"}, x},
              {'$choreo_go', make_ref(), #{}},
              {'$choreo_go', Ref, #{}},                             % a second go
              <<"never_an_atom">>, "never_an_atom_either", {what, ever}, 42],
    Send = fun() ->
                   [Bob ! M || M <- Forged],
                   ok = gen_server:cast(Bob, {<<"cast_never_an_atom">>}),
                   ?assertEqual({error, unexpected_call},
                                gen_server:call(Bob, {<<"call_never_an_atom">>})),
                   _ = sys:get_state(Bob),
                   ok
           end,
    %% The first round loads the code that logging needs (new atoms).
    ok = Send(),
    Atoms = erlang:system_info(atom_count),
    ok = Send(),
    ?assertEqual(Atoms, erlang:system_info(atom_count)),
    %% A stale `within' timer is ignored silently.
    Bob ! {timeout, make_ref(), '$choreo_within'},
    ?assert(is_process_alive(Bob)),
    ?assertEqual(?SHIP_OK({sleep, 300}), contract_shipping:await(S, 5000)),
    %% Each of the 2 * 13 drops is logged, but at most ten a second: ten, or
    %% up to twenty if a second began during the test.
    Logs = captured_logs(),
    ?assert(length(Logs) >= 10),
    ?assert(length(Logs) =< 20),
    [?assertMatch(#{level := notice, meta := #{domain := [choreo]}}, L) || L <- Logs].

%% logger handler callback
log(Event, #{config := #{pid := Pid}}) ->
    Pid ! {choreo_log, Event}.

captured_logs() ->
    receive {choreo_log, Event} -> [Event | captured_logs()]
    after 100 -> []
    end.

%%--------------------------------------------------------------------
%% Failures
%%--------------------------------------------------------------------

crashing_callback_test() ->
    Links = process_info(self(), links),
    Before = alive_count(),
    {ok, S} = contract_shipping:start(#{alice => [crash, 2]}, ?TEST_IMPL),
    ?assertMatch({error, {role_down, carol, {out_of_stock, [_ | _]}}},
                 contract_shipping:await(S, 5000)),
    ?assertEqual(Links, process_info(self(), links)),
    ?assertEqual([], session_procs(S)),
    ?assertEqual(Before, alive_count()),
    ?assertMatch({error, {role_down, carol, _}},
                 contract_shipping:run(#{alice => [crash, 2]}, ?TEST_IMPL)),
    ?assertEqual(Before, alive_count()).

session_timeout_test() ->
    Before = alive_count(),
    T0 = erlang:monotonic_time(millisecond),
    {ok, S} = contract_shipping:start(#{alice => [{sleep, 5000}, 2]},
                                      ?TEST_IMPL#{timeout => 100}),
    ?assertEqual({error, timeout}, contract_shipping:await(S, 5000)),
    ?assert(erlang:monotonic_time(millisecond) - T0 < 1000),
    ?assertEqual([], session_procs(S)),
    ?assertEqual(Before, alive_count()).

within_test() ->
    ?assertEqual({ok, #{a => {answered, 0}, b => ok}},
                 contract_deadline:run(#{a => [0]}, #{})),
    ?assertEqual({ok, #{a => {answered, 30}, b => ok}},
                 contract_deadline:run(#{a => [30]}, #{})),
    T0 = erlang:monotonic_time(millisecond),
    ?assertEqual({error, {timeout, a}}, contract_deadline:run(#{a => [2000]}, #{})),
    ?assert(erlang:monotonic_time(millisecond) - T0 < 1000).

caller_death_stops_session_test() ->
    Self = self(),
    Caller = spawn(fun() ->
                           {ok, S} = contract_shipping:start(
                                       #{alice => [{sleep, 5000}, 2]}, ?TEST_IMPL),
                           Self ! {session, S, contract_shipping:roles(S)}
                   end),
    {S, Roles} = receive {session, S0, Roles0} -> {S0, Roles0} end,
    ?assertEqual([alice, bob, carol], lists:sort(maps:keys(Roles))),
    {choreo_session, _, Owner} = S,
    MRef = monitor(process, Owner),
    ?assertNot(is_process_alive(Caller)),
    receive {'DOWN', MRef, process, Owner, _} -> ok after 2000 -> error(owner_alive) end,
    ?assertEqual([], [P || P <- maps:values(Roles), is_process_alive(P)]).

%%--------------------------------------------------------------------
%% API
%%--------------------------------------------------------------------

start_await_roles_test() ->
    {ok, S} = contract_shipping:start(#{alice => [{sleep, 300}, 2]}, ?TEST_IMPL),
    Roles = contract_shipping:roles(S),
    ?assertEqual([alice, bob, carol], lists:sort(maps:keys(Roles))),
    ?assert(lists:all(fun erlang:is_process_alive/1, maps:values(Roles))),
    ?assertEqual({error, await_timeout}, contract_shipping:await(S, 10)),
    ?assertEqual(?SHIP_OK({sleep, 300}), contract_shipping:await(S, 5000)),
    ?assertEqual(#{}, contract_shipping:roles(S)),
    ?assertEqual([], [P || P <- maps:values(Roles), is_process_alive(P)]),
    ?assertEqual([], session_procs(S)).

bad_arguments_test() ->
    Before = alive_count(),
    Ok = #{alice => [book, 2]},
    ?assertEqual({error, {badarg, dave, unknown_role}},
                 contract_shipping:run(Ok#{dave => []}, #{})),
    ?assertEqual({error, {badarg, alice, {missing, 2}}},
                 contract_shipping:run(#{}, #{})),
    ?assertEqual({error, {badarg, alice, {arity, 2}}},
                 contract_shipping:run(#{alice => [book]}, #{})),
    ?assertEqual({error, {badarg, alice, {arity, 2}}},
                 contract_shipping:start(#{alice => [book | 2]}, #{})),
    ?assertEqual({error, {badarg, bob, {arity, 0}}},
                 contract_shipping:start(Ok#{bob => [x]}, #{})),
    ?assertEqual({error, {badarg, [book, 2]}},
                 contract_shipping:run([book, 2], #{})),
    ?assertEqual({error, {badopt, impl, {unknown_role, dave}}},
                 contract_shipping:run(Ok, #{impl => #{dave => m}})),
    ?assertEqual({error, {badopt, nodes, {bad_value, carol, "n@h"}}},
                 contract_shipping:run(Ok, #{nodes => #{carol => "n@h"}})),
    ?assertEqual({error, {badopt, timeout, {bad_value, -1}}},
                 contract_shipping:run(Ok, #{timeout => -1})),
    ?assertEqual({error, {badopt, tracer, unknown_option}},
                 contract_shipping:run(Ok, #{tracer => self()})),
    ?assertEqual({error, {badarg, alice, {missing, 2}}},
                 choreo_runtime:start_link(contract_shipping:spec(), #{}, #{})),
    ?assertEqual(Before, alive_count()).

many_sessions_leave_no_process_test_() ->
    {timeout, 60, fun many_sessions_leave_no_process/0}.

many_sessions_leave_no_process() ->
    {ok, _} = contract_shipping:run(#{alice => [book, 2]}, #{}),
    Before = alive_count(),
    [?assertEqual(?SHIP_OK(book), contract_shipping:run(#{alice => [book, 2]}, #{}))
     || _ <- lists:seq(1, 200)],
    Sessions = [{N, S} || N <- lists:seq(1, 200),
                          {ok, S} <- [contract_ping_pong:start(
                                        #{ping => [N], pong => [0]}, #{})]],
    [?assertEqual({ok, #{ping => done, pong => {served, N}}},
                  contract_ping_pong:await(S, 10000)) || {N, S} <- Sessions],
    ?assertEqual(Before, alive_count()).

%% child_spec/3 starts the session's owner linked to the supervisor, which
%% exits `normal' after a successful session and with the error otherwise.
child_spec_test() ->
    Spec = contract_shipping:child_spec(#{alice => [book, 2]}, #{}),
    ?assertMatch(#{id := contract_shipping, restart := temporary,
                   start := {choreo_runtime, start_link, [_, _, _]}}, Spec),
    ?assertEqual(normal, run_child(Spec)),
    ?assertMatch({role_down, carol, _},
                 run_child(contract_shipping:child_spec(
                             #{alice => [crash, 2]}, ?TEST_IMPL))).

run_child(#{start := {M, F, A}}) ->
    Self = self(),
    {Pid, MRef} = spawn_monitor(
                    fun() ->
                            process_flag(trap_exit, true),
                            {ok, Owner} = apply(M, F, A),
                            receive {'EXIT', Owner, Reason} -> Self ! {exit, Reason} end
                    end),
    receive {'DOWN', MRef, process, Pid, _} -> ok end,
    receive {exit, Reason} -> Reason after 0 -> error(no_exit) end.

%% A session under a supervisor stops when the supervisor stops it.
child_parent_exit_test() ->
    Self = self(),
    #{start := {M, F, A}} = contract_shipping:child_spec(
                              #{alice => [{sleep, 5000}, 2]}, ?TEST_IMPL),
    Parent = spawn(fun() ->
                           process_flag(trap_exit, true),
                           {ok, Owner} = apply(M, F, A),
                           Self ! {owner, Owner},
                           receive stop -> exit(shutdown) end
                   end),
    Owner = receive {owner, O} -> O end,
    Session = [P || P <- processes(), lists:member(Owner, ancestors(P))],
    ?assertEqual(4, length(Session)),    % the supervisor and three roles
    MRef = monitor(process, Owner),
    Parent ! stop,
    receive {'DOWN', MRef, process, Owner, Reason} -> ?assertEqual(shutdown, Reason)
    after 2000 -> error(owner_alive)
    end,
    ?assertEqual([], [P || P <- Session, is_process_alive(P)]).

%%--------------------------------------------------------------------
%% Roles on other nodes (when this node is distributed)
%%--------------------------------------------------------------------

remote_role_test_() ->
    case is_alive() of
        false -> [];
        true -> {timeout, 60, fun remote_role/0}
    end.

remote_role() ->
    {ok, Peer, Node} = start_peer(),
    try
        Opts = ?TEST_IMPL#{nodes => #{carol => Node}},
        ?assertEqual(?SHIP_OK(book), contract_shipping:run(#{alice => [book, 2]}, Opts)),
        {ok, S} = contract_shipping:start(#{alice => [{sleep, 200}, 2]},
                                          Opts#{trace => self()}),
        #{carol := Carol, bob := Bob} = contract_shipping:roles(S),
        ?assertEqual(Node, node(Carol)),
        ?assertEqual(node(), node(Bob)),
        ?assertEqual(?SHIP_OK({sleep, 200}), contract_shipping:await(S, 5000)),
        ?assertEqual(8, length(trace_events(S))),
        ?assertNot(erpc:call(Node, erlang, is_process_alive, [Carol])),
        %% The node of a role goes down in the middle of a session.
        {ok, S2} = contract_shipping:start(#{alice => [{sleep, 5000}, 2]}, Opts),
        #{carol := Carol2} = contract_shipping:roles(S2),
        ?assertEqual(Node, node(Carol2)),
        timer:sleep(100),
        ok = peer:stop(Peer),
        ?assertEqual({error, {role_down, carol, noconnection}},
                     contract_shipping:await(S2, 5000)),
        ?assertEqual([], session_procs(S2))
    after
        catch peer:stop(Peer)
    end,
    %% A node that cannot be reached.
    ?assertMatch({error, {role_down, carol, _}},
                 contract_shipping:run(#{alice => [book, 2]},
                                       #{nodes => #{carol => Node}})).

start_peer() ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    Dir = filename:dirname(code:which(choreo_runtime)),
    peer:start_link(#{name => peer:random_name(), host => Host,
                      args => ["-pa", Dir]}).

%%--------------------------------------------------------------------
%% Helpers
%%--------------------------------------------------------------------

%% The trace events in the mailbox, oldest first: of one session, or all.
trace_events(Session) ->
    receive {choreo_trace, Session, Event} -> [Event | trace_events(Session)]
    after 0 -> []
    end.

trace_events() ->
    receive {choreo_trace, _, Event} -> [Event | trace_events()]
    after 0 -> []
    end.

alive_count() ->
    length([P || P <- processes(), is_process_alive(P)]).

%% The processes of a session that are still alive: its owner and every
%% process started under it.
session_procs({choreo_session, _Ref, Owner}) ->
    [P || P <- processes(), is_process_alive(P),
          P =:= Owner orelse lists:member(Owner, ancestors(P))].

ancestors(P) ->
    case process_info(P, dictionary) of
        {dictionary, Dict} -> proplists:get_value('$ancestors', Dict, []);
        undefined -> []
    end.
