%%% Hand-written baseline for the benchmarks (bench/): the ping_pong
%%% choreography (examples/ping_pong.chor) as two plain processes with `!`
%%% and `receive`, no OTP behaviour: the floor that any gen_server version
%%% pays its behaviour's cost above.
%%%
%%% The same messages as hw_ping_pong_gen_server, and the same guarantees
%%% to the caller (see hw_session).
-module(hw_ping_pong_plain).

%% API.
-export([run/1]).

-type results() :: #{ping := done, pong := {served, non_neg_integer()}}.

%% API.

-spec run(N :: non_neg_integer()) ->
    {ok, results()} | {error, {role_down, ping | pong, term()}}.
run(N) when is_integer(N), N >= 0 ->
    Caller = self(),
    {Pong, PongRef} = spawn_monitor(fun() -> pong(Caller, 0) end),
    {Ping, PingRef} = spawn_monitor(fun() -> ping(Caller, Pong, N) end),
    hw_session:collect(?MODULE, #{PingRef => {ping, Ping}, PongRef => {pong, Pong}}).

%% Internal.

-spec ping(pid(), pid(), non_neg_integer()) -> ok.
ping(Caller, Pong, N) when N > 0 ->
    Pong ! {ping, self(), N},
    receive
        {pong, N} -> ping(Caller, Pong, N - 1)
    end;
ping(Caller, Pong, 0) ->
    Pong ! stop,
    Caller ! {?MODULE, self(), done},
    ok.

-spec pong(pid(), non_neg_integer()) -> ok.
pong(Caller, Served) ->
    receive
        {ping, From, K} ->
            From ! {pong, K},
            pong(Caller, Served + 1);
        stop ->
            Caller ! {?MODULE, self(), {served, Served}},
            ok
    end.
