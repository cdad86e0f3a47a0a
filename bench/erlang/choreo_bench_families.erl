%%% The Erlang half of the scatter/gather benchmark of `make bench`
%%% (bench/families_bench.py drives it): one session with N members, the
%%% generated scatter_gather (bench/scatter_gather.chor) against the
%%% hand-written hw_scatter_gather (erlang_fixtures/bench), in one VM run.
%%%
%%%   erl -noshell -pa EBIN -run choreo_bench_families main CONFIG OUT
%%%
%%% CONFIG holds one map (file:consult/1); OUT receives the raw samples as
%%% JSON. Each measure interleaves the two contestants (A B A B ...) after
%%% one warm-up run of each, and garbage-collects the driver before each run.
%%%
%%% - time: microseconds per session (start-up, broadcast, gather, every
%%%   process gone), run by the driver itself: wall time, and the CPU time
%%%   the VM spent meanwhile (less sensitive to other work on the machine).
%%% - peak: the highest erlang:memory(processes_used) above what it was
%%%   before the session, sampled every millisecond by a process of high
%%%   priority while the session runs: the peak memory of the session's
%%%   processes, both contestants measured alike (the driver's heap, which
%%%   receives the results, is counted for both).
%%% - standing: every member blocked in its callback f/1
%%%   (scatter_gather_gated) after the broadcast, the memory of the
%%%   processes that were not there before the session, as
%%%   process_info/2 counts them, and how many there are.
-module(choreo_bench_families).

%% API.
-export([main/1]).

-type name() :: generated | hand_written.
-type json() :: choreo_bench_lib:json().

-define(X, 41).

%% API.

-spec main([string()]) -> no_return().
main(Args) ->
    choreo_bench_lib:main(?MODULE, Args,
                          fun(#{profile := Dir} = Config) -> profile(Dir, Config);
                             (Config) -> bench(Config)
                          end).

%% Internal: the benchmark.

-spec bench(map()) -> json().
bench(#{members := N, repeats := Repeats, memory_repeats := MemRepeats}) ->
    Runs = contestants(N, scatter_gather_workers_impl),
    Timed = interleave(Repeats, Runs, fun timed/1),
    Times = maps:map(fun(_, Ts) -> [W || #{wall_us := W} <- Ts] end, Timed),
    Cpu = maps:map(fun(_, Ts) -> [C || #{cpu_us := C} <- Ts] end, Timed),
    progress("scatter/gather: time"),
    Peak = interleave(MemRepeats, Runs, fun peak/1),
    progress("scatter/gather: peak memory"),
    Standing = interleave(MemRepeats, standing_runs(N), fun(F) -> F() end),
    progress("scatter/gather: standing memory"),
    #{members => N, repeats => Repeats, memory_repeats => MemRepeats,
      times_us => Times, cpu_us => Cpu, peak_bytes => Peak, standing => Standing}.

%% eprof of one session of each contestant (every process it spawns
%% included), one file per contestant in Dir.
-spec profile(string(), map()) -> json().
profile(Dir, #{members := N}) ->
    Files = [list_to_binary(eprof_run(Dir, N, Name, F))
             || {Name, F} <- contestants(N, scatter_gather_workers_impl)],
    progress("scatter/gather: eprof"),
    #{members => N, files => Files}.

-spec eprof_run(string(), non_neg_integer(), name(), fun(() -> term())) -> string().
eprof_run(Dir, N, Name, F) ->
    File = filename:join(Dir, lists:concat(["eprof_scatter_gather_", Name, ".txt"])),
    choreo_bench_lib:eprof(File, lists:concat(["scatter/gather, ", N, " members, ", Name]), F).

-spec contestants(non_neg_integer(), module()) -> [{name(), fun(() -> term())}].
contestants(N, Impl) ->
    Expected = {ok, #{master => lists:duplicate(N, scatter_gather_workers_impl:f(?X)),
                      workers => lists:duplicate(N, ok)}},
    Opts = case Impl of
               scatter_gather_workers_impl -> #{};
               _ -> #{impl => #{workers => Impl}}
           end,
    [{generated,
      fun() -> Expected = scatter_gather:run(#{master => [?X], workers => N}, Opts) end},
     {hand_written, fun() -> Expected = hw_scatter_gather:run(?X, N, Impl) end}].

-spec progress(string()) -> ok.
progress(What) ->
    choreo_bench_lib:progress(?MODULE, What).

-spec interleave(pos_integer(), [{name(), fun(() -> term())}],
                 fun((fun(() -> term())) -> json())) -> #{name() => [json()]}.
interleave(Repeats, Contestants, Measure) ->
    choreo_bench_lib:interleave(Repeats, Contestants, Measure).

%% Wall time, and the CPU time of the whole VM (getrusage: what other work on
%% the machine takes from us is not counted; the VM runs with scheduler busy
%% waiting off, see families_bench.py, so idle schedulers cost nothing).
-spec timed(fun(() -> term())) -> #{wall_us := integer(), cpu_us := integer()}.
timed(F) ->
    true = erlang:garbage_collect(),
    C0 = erlang:statistics(runtime),
    T0 = erlang:monotonic_time(microsecond),
    _ = F(),
    T1 = erlang:monotonic_time(microsecond),
    C1 = erlang:statistics(runtime),
    #{wall_us => T1 - T0, cpu_us => 1000 * (element(1, C1) - element(1, C0))}.

-spec peak(fun(() -> term())) -> non_neg_integer().
peak(F) ->
    true = erlang:garbage_collect(),
    Base = erlang:memory(processes_used),
    Driver = self(),
    Sampler = spawn_opt(fun() ->
                                Driver ! {self(), sampling},
                                sample(Driver, Base, 0)
                        end, [{priority, high}]),
    receive {Sampler, sampling} -> ok end,
    _ = F(),
    Sampler ! stop,
    receive {Sampler, Peak} -> Peak end.

-spec sample(pid(), non_neg_integer(), integer()) -> ok.
sample(Driver, Base, Max) ->
    Max1 = max(Max, erlang:memory(processes_used) - Base),
    receive
        stop -> Driver ! {self(), Max1}, ok
    after 0 ->
        sample(Driver, Base, Max1)
    end.

%% Sessions whose members all block in f/1 (scatter_gather_gated) until
%% the gate opens, measured while they wait.
-spec standing_runs(non_neg_integer()) -> [{name(), fun(() -> json())}].
standing_runs(N) ->
    [{Name, fun() -> standing(N, Run) end}
     || {Name, Run} <- contestants(N, scatter_gather_gated)].

-spec standing(non_neg_integer(), fun(() -> term())) -> json().
standing(N, Run) ->
    Blocked = counters:new(1, []),
    persistent_term:put(scatter_gather_gated, Blocked),
    Gate = spawn(fun() -> receive release -> ok end end),
    true = register(scatter_gather_gate, Gate),
    true = erlang:garbage_collect(),
    Before = sets:from_list(processes(), [{version, 2}]),
    Driver = self(),
    Client = spawn(fun() -> Run(), Driver ! {self(), done} end),
    ok = wait_for(fun() -> counters:get(Blocked, 1) =:= N end),
    timer:sleep(100),
    New = [P || P <- processes(), not sets:is_element(P, Before), P =/= Client],
    Bytes = lists:sum([M || P <- New, {memory, M} <- [process_info(P, memory)]]),
    Gate ! release,
    receive {Client, done} -> ok end,
    #{bytes => Bytes, processes => length(New)}.

-spec wait_for(fun(() -> boolean())) -> ok.
wait_for(Done) ->
    case Done() of
        true -> ok;
        false -> timer:sleep(5), wait_for(Done)
    end.

