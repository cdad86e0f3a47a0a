%%% What the Erlang drivers of `make bench` share (choreo_bench,
%%% choreo_bench_families): reading the config and writing the results,
%%% interleaving contestants, reporting progress, and a JSON encoder.
-module(choreo_bench_lib).

-export([main/3, interleave/3, eprof/3, progress/2, json/1]).

-export_type([json/0]).

-type json() :: number() | binary() | atom() | [json()] | #{atom() => json()}.

%% @doc A driver's main: Bench(Config) with the map in ConfigFile, its
%% results written to OutFile as JSON, and the VM halted (status 1 on a
%% failure, which is printed).
-spec main(atom(), [string()], fun((map()) -> json())) -> no_return().
main(Driver, [ConfigFile, OutFile], Bench) ->
    try
        {ok, [Config]} = file:consult(ConfigFile),
        ok = file:write_file(OutFile, json(Bench(Config))),
        erlang:halt(0)
    catch
        Class:Reason:Stack ->
            io:format(standard_error, "~s failed: ~p:~p~n~p~n", [Driver, Class, Reason, Stack]),
            erlang:halt(1)
    end.

%% @doc Runs each contestant Repeats times, interleaved (A B A B ...), after
%% one warm-up run of each; Measure's value for each run, in order.
-spec interleave(pos_integer(), [{atom(), fun(() -> term())}],
                 fun((fun(() -> term())) -> json())) -> #{atom() => [json()]}.
interleave(Repeats, Contestants, Measure) ->
    _ = [Measure(F) || {_, F} <- Contestants],
    Runs = [{Name, Measure(F)} || _ <- lists:seq(1, Repeats), {Name, F} <- Contestants],
    lists:foldl(fun({Name, V}, Acc) ->
                        maps:update_with(Name, fun(L) -> L ++ [V] end, [V], Acc)
                end, #{}, Runs).

%% @doc eprof of one run of F (after a warm-up run that loads the code),
%% every process it spawns included, written to File under a line that says
%% what it is (Title) and how long the run took under eprof.
-spec eprof(file:filename(), string(), fun(() -> term())) -> file:filename().
eprof(File, Title, F) ->
    _ = F(),
    {ok, _} = eprof:start(),
    profiling = eprof:start_profiling([self()], {'_', '_', '_'}, [set_on_spawn]),
    {Us, _} = timer:tc(F),
    profiling_stopped = eprof:stop_profiling(),
    ok = eprof:log(File),
    ok = eprof:analyze(total, [{sort, time}]),
    stopped = eprof:stop(),
    {ok, Text} = file:read_file(File),
    ok = file:write_file(File, [io_lib:format("%% ~s, ~p us under eprof~n", [Title, Us]), Text]),
    File.

%% @doc A line on standard error: the driver, the VM's age and what is done.
-spec progress(atom(), string()) -> ok.
progress(Driver, What) ->
    {Wall, _} = erlang:statistics(wall_clock),
    io:format(standard_error, "[~s ~.1f s] ~s done~n", [Driver, Wall / 1000, What]).

%% @doc A JSON encoder for the few shapes the drivers report.
-spec json(json()) -> iodata().
json(true) -> <<"true">>;
json(false) -> <<"false">>;
json(A) when is_atom(A) -> json(atom_to_binary(A));
json(N) when is_integer(N) -> integer_to_binary(N);
json(F) when is_float(F) -> float_to_binary(F, [short]);
json(B) when is_binary(B) -> [$", string:replace(B, <<"\"">>, <<"\\\"">>, all), $"];
json(L) when is_list(L) -> [$[, lists:join($,, [json(X) || X <- L]), $]];
json(M) when is_map(M) ->
    Fields = [[json(K), $:, json(V)] || {K, V} <- lists:sort(maps:to_list(M))],
    [${, lists:join($,, Fields), $}].
