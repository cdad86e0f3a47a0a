%%% The Erlang half of `make bench` (bench/run.py drives it): generated code
%%% against hand-written Erlang, in one VM run.
%%%
%%%   erl -noshell -pa EBIN -run choreo_bench main CONFIG OUT
%%%
%%% CONFIG holds one map (file:consult/1); OUT receives the raw samples as
%%% JSON. Every comparison interleaves its contestants (A B A B ...) after
%%% one warm-up run of each, and garbage-collects the driver before each
%%% run, so that load from other work on the machine falls on both sides
%%% alike. Medians and ratios are computed by bench/run.py.
%%%
%%% Contestants:
%%% - ping_pong: the generated ping_pong (examples/ping_pong.chor),
%%%   hw_ping_pong_gen_server and hw_ping_pong_plain (erlang_fixtures/bench).
%%% - shipping: the generated shipping (examples/shipping.chor),
%%%   hw_shipping_gen_server (the same guarantees) and hw_shipping_sync (its
%%%   first version: start/3 waits for each role's init, roles do not watch
%%%   the caller), sequential (run after run from one caller) and concurrent
%%%   (one client process per session, all at once); session start-up
%%%   included.
%%% - memory: sessions of each kept alive by choreo_bench_carol while the
%%%   memory of their processes is measured.
%%%
%%% With `profile => Dir' in CONFIG it runs instead: eprof on each generated
%%% contestant and its hand-written rival (one file per run in Dir); the
%%% session structure ladder (hw_shipping_gen_server, hw_shipping_owned,
%%% hw_shipping_supervised, generated); and the cost of one handle_info/2.
-module(choreo_bench).

%% API.
-export([main/1]).

-type name() :: generated | gen_server | gen_server_sync | plain.
-type contestant() :: {name() | module(), fun(() -> term())}.
-type json() :: choreo_bench_lib:json().

-define(ITEM, book).
-define(QTY, 2).
-define(SHIPPING_RESULT, #{alice => {ok, {quote, ?ITEM, ?QTY, 14}}, bob => ok, carol => ok}).

%% API.

-spec main([string()]) -> no_return().
main(Args) ->
    choreo_bench_lib:main(?MODULE, Args,
                          fun(#{profile := Dir} = Config) -> profile(Dir, Config);
                             (#{scale := N}) -> scale(N);
                             (#{flood := N} = Config) -> flood(N, Config);
                             (Config) -> bench(Config)
                          end).

%% Internal: the benchmarks.

-spec bench(map()) -> json().
bench(#{ping_pong_rounds := Rounds, ping_pong_repeats := PPRepeats,
        sessions := Sessions, session_repeats := SRepeats,
        memory_sessions := MemSessions, memory_repeats := MRepeats}) ->
    PingPong = interleave(PPRepeats, ping_pong(Rounds)),
    progress("ping_pong"),
    Sequential = interleave(SRepeats, sequential(Sessions)),
    progress("shipping, sequential sessions"),
    Concurrent = interleave(SRepeats, concurrent(Sessions)),
    progress("shipping, concurrent sessions"),
    Memory = memory(MRepeats, MemSessions),
    progress("memory"),
    #{system => system(),
      ping_pong => #{rounds => Rounds, repeats => PPRepeats, times_us => PingPong},
      shipping_sequential => #{sessions => Sessions, repeats => SRepeats,
                               times_us => Sequential},
      shipping_concurrent => #{sessions => Sessions, repeats => SRepeats,
                               times_us => Concurrent},
      memory => #{sessions => MemSessions, repeats => MRepeats, samples => Memory}}.

-spec progress(string()) -> ok.
progress(What) ->
    choreo_bench_lib:progress(?MODULE, What).

-spec ping_pong(pos_integer()) -> [contestant()].
ping_pong(N) ->
    Expected = {ok, #{ping => done, pong => {served, N}}},
    [{generated, fun() -> Expected = ping_pong:run(#{ping => [N], pong => [0]}, #{}) end},
     {gen_server, fun() -> Expected = hw_ping_pong_gen_server:run(N) end},
     {plain, fun() -> Expected = hw_ping_pong_plain:run(N) end}].

-spec sequential(pos_integer()) -> [contestant()].
sequential(N) ->
    Expected = {ok, ?SHIPPING_RESULT},
    Args = #{alice => [?ITEM, ?QTY]},
    [{generated, fun() -> times(N, fun() -> Expected = shipping:run(Args, #{}) end) end},
     {gen_server, fun() ->
                          times(N, fun() -> Expected = hw_shipping_gen_server:run(?ITEM, ?QTY) end)
                  end},
     {gen_server_sync, fun() ->
                               times(N, fun() -> Expected = hw_shipping_sync:run(?ITEM, ?QTY) end)
                       end}].

%% N sessions at once, each run by a client process of its own, as when
%% many callers (request handlers, say) each run one: no caller's mailbox
%% holds another session's messages.
-spec concurrent(pos_integer()) -> [contestant()].
concurrent(N) ->
    Expected = {ok, ?SHIPPING_RESULT},
    Args = #{alice => [?ITEM, ?QTY]},
    [{generated, fun() -> clients(N, fun() -> Expected = shipping:run(Args, #{}) end) end},
     {gen_server, fun() ->
                          clients(N, fun() -> Expected = hw_shipping_gen_server:run(?ITEM, ?QTY) end)
                  end},
     {gen_server_sync, fun() ->
                               clients(N, fun() -> Expected = hw_shipping_sync:run(?ITEM, ?QTY) end)
                       end}].

%% The clients are spawned, not linked: a process that thousands of linked
%% processes exit from pays for each exit signal in proportion to the links
%% it still has (quadratic in all, on OTP 25), which would swamp what is
%% measured. A client that fails reports it instead.
-spec clients(pos_integer(), fun(() -> term())) -> ok.
clients(N, Run) ->
    Done = make_ref(),
    _ = [spawn_client(Done, Run) || _ <- lists:seq(1, N)],
    wait_done(Done, N).

-spec spawn_client(reference(), fun(() -> term())) -> pid().
spawn_client(Done, Run) ->
    Driver = self(),
    spawn(fun() ->
                  try Run() of
                      _ -> Driver ! {Done, ok}
                  catch
                      Class:Reason -> Driver ! {Done, {client_failed, Class, Reason}}
                  end
          end).

-spec wait_done(reference(), non_neg_integer()) -> ok.
wait_done(_Done, 0) ->
    ok;
wait_done(Done, N) ->
    receive
        {Done, ok} -> wait_done(Done, N - 1);
        {Done, Failed} -> erlang:error(Failed)
    end.

-spec memory(pos_integer(), pos_integer()) -> #{name() => [json()]}.
memory(Repeats, N) ->
    Start = #{generated =>
                  fun() ->
                          {ok, S} = shipping:start(#{alice => [?ITEM, ?QTY]},
                                                   #{impl => #{carol => choreo_bench_carol}}),
                          S
                  end,
              gen_server =>
                  fun() ->
                          {ok, S} = hw_shipping_gen_server:start(?ITEM, ?QTY, choreo_bench_carol),
                          S
                  end},
    Await = #{generated => fun(S) -> shipping:await(S, infinity) end,
              gen_server => fun hw_shipping_gen_server:await/1},
    Samples = [{Name, blocked_sessions(N, map_get(Name, Start), map_get(Name, Await))}
               || _ <- lists:seq(1, Repeats), Name <- [generated, gen_server]],
    lists:foldl(fun({Name, Sample}, Acc) ->
                        maps:update_with(Name, fun(L) -> L ++ [Sample] end, [Sample], Acc)
                end, #{}, Samples).

%% Memory of the processes of N live sessions (all roles started, Carol
%% blocked in choreo_bench_carol:quote/2), per session: the processes that
%% were not there before the sessions started, as process_info/2 counts
%% them (heap, stack, mailbox, process structure). Each session is started
%% and awaited by a client process of its own, which is not counted.
-spec blocked_sessions(pos_integer(), fun(() -> term()), fun((term()) -> term())) ->
    #{atom() => number()}.
blocked_sessions(N, Start, Await) ->
    Blocked = counters:new(1, []),
    persistent_term:put(choreo_bench_blocked, Blocked),
    Gate = spawn(fun() -> receive release -> ok end end),
    true = register(choreo_bench_gate, Gate),
    Before = sets:from_list(processes(), [{version, 2}]),
    Expected = {ok, ?SHIPPING_RESULT},
    Done = make_ref(),
    Clients = [spawn_client(Done, fun() -> Expected = Await(Start()) end)
               || _ <- lists:seq(1, N)],
    ok = wait_for(fun() -> counters:get(Blocked, 1) =:= N end),
    %% Let the last messages of each session be handled before measuring.
    timer:sleep(200),
    Old = sets:union(Before, sets:from_list(Clients, [{version, 2}])),
    New = [P || P <- processes(), not sets:is_element(P, Old)],
    Bytes = lists:sum([M || P <- New, {memory, M} <- [process_info(P, memory)]]),
    Gate ! release,
    ok = wait_done(Done, N),
    #{bytes_per_session => Bytes / N, processes_per_session => length(New) / N}.

-spec wait_for(fun(() -> boolean())) -> ok.
wait_for(Done) ->
    case Done() of
        true -> ok;
        false -> timer:sleep(10), wait_for(Done)
    end.

%% Internal: scale.

%% N concurrent shipping sessions on this node, all started by this process
%% with start/2, each kept alive (every role started, Carol blocked in
%% choreo_bench_carol:quote/2) until all N are: how long starting them
%% takes, the memory they take (erlang:memory(total) before and after), and
%% how long awaiting them all takes once released.
-spec scale(pos_integer()) -> json().
scale(N) ->
    Blocked = counters:new(1, []),
    persistent_term:put(choreo_bench_blocked, Blocked),
    Gate = spawn(fun() -> receive release -> ok end end),
    true = register(choreo_bench_gate, Gate),
    Opts = #{impl => #{carol => choreo_bench_carol}},
    garbage_collect(),
    Procs0 = erlang:system_info(process_count),
    Mem0 = erlang:memory(total),
    T0 = erlang:monotonic_time(millisecond),
    Sessions = [S || _ <- lists:seq(1, N),
                     {ok, S} <- [shipping:start(#{alice => [?ITEM, ?QTY]}, Opts)]],
    N = length(Sessions),
    T1 = erlang:monotonic_time(millisecond),
    progress("scale: sessions started"),
    ok = wait_for(fun() -> counters:get(Blocked, 1) =:= N end),
    T2 = erlang:monotonic_time(millisecond),
    garbage_collect(),
    Mem1 = erlang:memory(total),
    Procs1 = erlang:system_info(process_count),
    SessionTerms = erts_debug:flat_size(Sessions) * erlang:system_info(wordsize),
    Gate ! release,
    Expected = {ok, ?SHIPPING_RESULT},
    _ = [Expected = shipping:await(S, infinity) || S <- Sessions],
    T3 = erlang:monotonic_time(millisecond),
    #{sessions => N,
      start_ms => T1 - T0,
      all_blocked_ms => T2 - T0,
      await_all_ms => T3 - T2,
      processes => Procs1 - Procs0,
      memory_bytes => Mem1 - Mem0,
      bytes_per_session => (Mem1 - Mem0 - SessionTerms) / N,
      session_terms_bytes => SessionTerms,
      process_limit => erlang:system_info(process_limit)}.

%% Internal: junk floods.

%% ping_pong of Rounds rounds, alone and while N junk messages are sent to
%% Pong (half the atom `junk', half envelopes forged by a process that is no
%% peer), interleaved with the hand-written gen_server rival alike (it drops
%% junk without logging it); the time of each run in microseconds. The junk
%% sender starts with the session, as a hostile process would, and is killed
%% when the session ends, so that its sends do not slow the next run.
-spec flood(pos_integer(), map()) -> json().
flood(N, #{flood_rounds := Rounds, flood_repeats := Repeats}) ->
    Expected = {ok, #{ping => done, pong => {served, Rounds}}},
    Args = #{ping => [Rounds], pong => [0]},
    Alone = fun() -> Expected = ping_pong:run(Args, #{}) end,
    Flooded = fun() ->
                      {ok, S} = ping_pong:start(Args, #{}),
                      #{pong := Pong} = ping_pong:roles(S),
                      Junk = spawn(fun() -> junk(Pong, N) end),
                      Expected = ping_pong:await(S, infinity),
                      exit(Junk, kill)
              end,
    HwAlone = fun() -> Expected = hw_ping_pong_gen_server:run(Rounds, fun(_) -> ok end) end,
    HwFlooded = fun() ->
                        Self = self(),
                        Expected = hw_ping_pong_gen_server:run(
                                     Rounds, fun(Pong) ->
                                                     Self ! {junk, spawn(fun() -> junk(Pong, N) end)}
                                             end),
                        receive {junk, Junk} -> exit(Junk, kill) end
                end,
    Times = interleave(Repeats, [{alone, Alone}, {flooded, Flooded},
                                 {hw_alone, HwAlone}, {hw_flooded, HwFlooded}]),
    #{junk => N, rounds => Rounds, repeats => Repeats, times_us => Times}.

-spec junk(pid(), non_neg_integer()) -> ok.
junk(_To, 0) ->
    ok;
junk(To, N) when N band 1 =:= 0 ->
    To ! junk,
    junk(To, N - 1);
junk(To, N) ->
    To ! {self(), 1, {ping, N}},
    junk(To, N - 1).

%% Internal: profiles.

-spec profile(file:filename(), map()) -> json().
profile(Dir, #{profile_rounds := Rounds, profile_sessions := Sessions,
               ladder_sessions := LadderSessions, ladder_repeats := LadderRepeats}) ->
    Runs = [{ping_pong, ping_pong(Rounds)},
            {shipping_sequential, sequential(Sessions)}],
    Files = [list_to_binary(eprof_run(Dir, Bench, Name, F))
             || {Bench, Contestants} <- Runs, {Name, F} <- Contestants, Name =/= plain],
    progress("eprof"),
    Ladder = interleave(LadderRepeats, ladder(LadderSessions)),
    progress("session structure ladder"),
    Callback = callback_cost(),
    progress("callback cost"),
    #{files => Files,
      ladder => #{sessions => LadderSessions, repeats => LadderRepeats, times_us => Ladder},
      callback_ns => Callback}.

%% The cost of one handle_info/2 of Pong, without the process around it:
%% generated ping_pong_pong (its state taken from a live session, through
%% sys:get_state/1) against hw_ping_pong_gen_server, each fed the message
%% of one round a million times. Pong's replies go to a dead pid.
-spec callback_cost() -> #{name() => [float()]}.
callback_cost() ->
    {ok, Session} = ping_pong:start(#{ping => [1000000000], pong => [0]}, #{timeout => 300}),
    #{ping := Ping, pong := Pong} = ping_pong:roles(Session),
    Generated = sys:get_state(Pong),
    {error, timeout} = ping_pong:await(Session, infinity),
    Dead = spawn(fun() -> ok end),
    %% The envelope of the contract: the sender is Ping's process.
    GMsg = {'$choreo', Ping, 1, {ping, 7}},
    {ok, Hand} = hw_ping_pong_gen_server:init({pong, Dead}),
    HMsg = {ping, Dead, 7},
    Runs = [{Name, callback_ns(Module, Msg, State)}
            || _ <- lists:seq(1, 7),
               {Name, Module, Msg, State} <- [{generated, ping_pong_pong, GMsg, Generated},
                                              {gen_server, hw_ping_pong_gen_server, HMsg, Hand}]],
    lists:foldl(fun({Name, Ns}, Acc) ->
                        maps:update_with(Name, fun(L) -> L ++ [Ns] end, [Ns], Acc)
                end, #{}, Runs).

-spec callback_ns(module(), term(), term()) -> float().
callback_ns(Module, Msg, State) ->
    N = 1000000,
    true = erlang:garbage_collect(),
    T0 = erlang:monotonic_time(nanosecond),
    _ = callback_loop(N, Module, Msg, State),
    (erlang:monotonic_time(nanosecond) - T0) / N.

-spec callback_loop(non_neg_integer(), module(), term(), term()) -> term().
callback_loop(0, _Module, _Msg, State) ->
    State;
callback_loop(I, Module, Msg, State) ->
    {noreply, State1} = Module:handle_info(Msg, State),
    callback_loop(I - 1, Module, Msg, State1).

%% Sequential shipping sessions, from the hand-written baseline to the
%% generated code one structural step at a time: + an owner process per
%% session, + a supervisor per session with the start-up handshake.
-spec ladder(pos_integer()) -> [contestant()].
ladder(N) ->
    Expected = {ok, ?SHIPPING_RESULT},
    Args = #{alice => [?ITEM, ?QTY]},
    [{generated, fun() -> times(N, fun() -> Expected = shipping:run(Args, #{}) end) end}
     | [{Module, fun() -> times(N, fun() -> Expected = Module:run(?ITEM, ?QTY) end) end}
        || Module <- [hw_shipping_gen_server, hw_shipping_owned, hw_shipping_supervised]]].

-spec eprof_run(file:filename(), atom(), name(), fun(() -> term())) -> file:filename().
eprof_run(Dir, Bench, Name, F) ->
    File = filename:join(Dir, lists:concat(["eprof_", Bench, "_", Name, ".txt"])),
    choreo_bench_lib:eprof(File, lists:concat([Bench, " ", Name]), F).

%% Internal: helpers.

%% Runs each contestant Repeats times, interleaved, after one warm-up run
%% each; the time of each run in microseconds, in order.
-spec interleave(pos_integer(), [contestant()]) -> #{atom() => [json()]}.
interleave(Repeats, Contestants) ->
    choreo_bench_lib:interleave(Repeats, Contestants, fun timed/1).

-spec timed(fun(() -> term())) -> non_neg_integer().
timed(F) ->
    true = erlang:garbage_collect(),
    T0 = erlang:monotonic_time(microsecond),
    _ = F(),
    erlang:monotonic_time(microsecond) - T0.

-spec times(non_neg_integer(), fun(() -> term())) -> ok.
times(0, _F) ->
    ok;
times(N, F) ->
    _ = F(),
    times(N - 1, F).

-spec system() -> json().
system() ->
    #{otp_release => list_to_binary(erlang:system_info(otp_release)),
      erts_version => list_to_binary(erlang:system_info(version)),
      schedulers => erlang:system_info(schedulers_online),
      emu_flavor => erlang:system_info(emu_flavor)}.

