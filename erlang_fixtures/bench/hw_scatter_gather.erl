%%% Hand-written baseline for the scatter/gather benchmark (bench/families_bench.py):
%%% bench/scatter_gather.chor as plain gen_servers, a master and N workers, the
%%% way a careful OTP engineer would write it without choreo-erl.
%%%
%%% The master sends X to every worker (one message each), every worker
%%% answers Impl:f(X) (one message each) and exits `normal'; the master puts
%%% the answers in worker order, whatever order they arrive in, and returns
%%% what the generated scatter_gather:run/2 returns for
%%% #{master => [X], workers => N}:
%%%   {ok, #{master => [f(X), ...], workers => [ok, ...]}}.
%%%
%%% The same guarantees as the generated code:
%%% - The caller is linked to nothing: it monitors the master, which traps
%%%   exits, monitors the caller and starts the workers linked to itself.
%%% - A worker that fails ends the session: the master kills the other
%%%   workers, waits for every one of them to be gone, and the caller gets
%%%   {error, {role_down, {workers, I}, Reason}}. When await/2 returns, no
%%%   process of the session is alive (the master's result arrives before
%%%   its 'DOWN', which await/2 waits for).
%%% - A caller that dies takes the session with it (the master sees its
%%%   'DOWN', kills the workers and stops; a master that is killed takes its
%%%   workers with it through the links).
%%% - Every message carries the session's reference and a worker's number
%%%   that the master checks: messages of another session, duplicates and
%%%   junk are dropped, and nothing received becomes an atom.
-module(hw_scatter_gather).
-behaviour(gen_server).

%% API.
-export([run/3, start/3, await/2]).

%% gen_server.
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, handle_continue/2]).

-opaque session() :: {reference(), pid()}.
-export_type([session/0]).

-type results() :: #{master := [term()], workers := [ok]}.
-type error() :: {role_down, master | {workers, pos_integer()}, term()}
               | {session_down, term()}.

-record(master, {caller :: pid(), ref :: reference(), x :: term(),
                 size :: non_neg_integer(), impl :: module(),
                 workers = #{} :: #{pid() => pos_integer()},
                 answers = #{} :: #{pos_integer() => term()}}).
-record(worker, {master :: pid(), ref :: reference(), index :: pos_integer(),
                 impl :: module()}).

-type state() :: #master{} | #worker{}.

%% API.

%% One session: X to N workers, Impl:f(X) from each, in worker order.
-spec run(X :: term(), N :: non_neg_integer(), Impl :: module()) ->
    {ok, results()} | {error, error()}.
run(X, N, Impl) ->
    {ok, Session} = start(X, N, Impl),
    await(Session, infinity).

%% Starts the master, which starts the workers; returns at once.
-spec start(X :: term(), N :: non_neg_integer(), Impl :: module()) -> {ok, session()}.
start(X, N, Impl) when is_integer(N), N >= 0, is_atom(Impl) ->
    Ref = make_ref(),
    {ok, {Master, _MRef}} =
        gen_server:start_monitor(?MODULE, {master, self(), Ref, X, N, Impl}, []),
    {ok, {Ref, Master}}.

-spec await(session(), timeout()) -> {ok, results()} | {error, error() | await_timeout}.
await({Ref, Master}, Timeout) ->
    receive
        {Ref, Result} ->
            receive {'DOWN', _, process, Master, _} -> Result end;
        {'DOWN', _, process, Master, Reason} ->
            {error, {session_down, Reason}}
    after Timeout ->
        {error, await_timeout}
    end.

%% gen_server.

-spec init({master, pid(), reference(), term(), non_neg_integer(), module()}
           | {worker, pid(), reference(), pos_integer(), module()}) ->
    {ok, state()} | {ok, #master{}, {continue, scatter}}.
init({master, Caller, Ref, X, N, Impl}) ->
    process_flag(trap_exit, true),
    _ = erlang:monitor(process, Caller),
    {ok, #master{caller = Caller, ref = Ref, x = X, size = N, impl = Impl},
     {continue, scatter}};
init({worker, Master, Ref, I, Impl}) ->
    {ok, #worker{master = Master, ref = Ref, index = I, impl = Impl}}.

-spec handle_continue(scatter, #master{}) -> {noreply, #master{}} | {stop, normal, #master{}}.
handle_continue(scatter, #master{ref = Ref, x = X, size = N, impl = Impl} = S) ->
    Workers = start_workers(1, N, Ref, Impl, #{}),
    maps:foreach(fun(Pid, _I) -> Pid ! {Ref, x, X} end, Workers),
    maybe_done(S#master{workers = Workers}).

-spec handle_call(term(), gen_server:from(), state()) ->
    {reply, {error, unexpected_call}, state()}.
handle_call(_Request, _From, S) ->
    {reply, {error, unexpected_call}, S}.

-spec handle_cast(term(), state()) -> {noreply, state()}.
handle_cast(_Msg, S) ->
    {noreply, S}.

-spec handle_info(term(), state()) -> {noreply, state()} | {stop, normal, state()}.
handle_info({Ref, x, X}, #worker{ref = Ref, master = Master, index = I, impl = Impl} = S) ->
    Master ! {Ref, answer, I, Impl:f(X)},
    {stop, normal, S};
handle_info({Ref, answer, I, Y}, #master{ref = Ref, size = N, answers = Answers} = S)
  when is_integer(I), I >= 1, I =< N, not is_map_key(I, Answers) ->
    maybe_done(S#master{answers = Answers#{I => Y}});
handle_info({'EXIT', Pid, normal}, #master{workers = Workers} = S)
  when is_map_key(Pid, Workers) ->
    %% A worker exits after its answer, which has arrived already (both come
    %% from that worker, in order).
    maybe_done(S#master{workers = maps:remove(Pid, Workers)});
handle_info({'EXIT', Pid, Reason}, #master{workers = Workers} = S)
  when is_map_key(Pid, Workers) ->
    {I, Rest} = maps:take(Pid, Workers),
    fail({role_down, {workers, I}, Reason}, S#master{workers = Rest});
handle_info({'DOWN', _, process, Caller, _}, #master{caller = Caller} = S) ->
    ok = kill_all(S#master.workers),
    {stop, normal, S#master{workers = #{}}};
handle_info(_Junk, S) ->
    {noreply, S}.

%% Internal.

-spec start_workers(pos_integer(), non_neg_integer(), reference(), module(),
                    #{pid() => pos_integer()}) -> #{pid() => pos_integer()}.
start_workers(I, N, _Ref, _Impl, Workers) when I > N ->
    Workers;
start_workers(I, N, Ref, Impl, Workers) ->
    {ok, Pid} = gen_server:start_link(?MODULE, {worker, self(), Ref, I, Impl}, []),
    start_workers(I + 1, N, Ref, Impl, Workers#{Pid => I}).

%% Done once every worker has answered and is gone.
-spec maybe_done(#master{}) -> {noreply, #master{}} | {stop, normal, #master{}}.
maybe_done(#master{workers = Workers, answers = Answers, size = N} = S)
  when map_size(Workers) =:= 0, map_size(Answers) =:= N ->
    Ys = [map_get(I, Answers) || I <- lists:seq(1, N)],
    reply({ok, #{master => Ys, workers => lists:duplicate(N, ok)}}, S);
maybe_done(S) ->
    {noreply, S}.

-spec fail(error(), #master{}) -> {stop, normal, #master{}}.
fail(Error, #master{workers = Workers} = S) ->
    ok = kill_all(Workers),
    reply({error, Error}, S#master{workers = #{}}).

-spec reply({ok, results()} | {error, error()}, #master{}) -> {stop, normal, #master{}}.
reply(Result, #master{caller = Caller, ref = Ref} = S) ->
    Caller ! {Ref, Result},
    {stop, normal, S}.

%% Kills the workers still alive and waits until every one is gone.
-spec kill_all(#{pid() => pos_integer()}) -> ok.
kill_all(Workers) ->
    maps:foreach(fun(Pid, _I) -> exit(Pid, kill) end, Workers),
    maps:foreach(fun(Pid, _I) -> receive {'EXIT', Pid, _} -> ok end end, Workers).
