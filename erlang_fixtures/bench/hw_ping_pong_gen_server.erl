%%% Hand-written baseline for the benchmarks (bench/): the ping_pong
%%% choreography (examples/ping_pong.chor) as two gen_servers, the way a
%%% careful OTP engineer would write it without choreo-erl.
%%%
%%% The same messages as the generated code: {ping, N} to Pong and
%%% {pong, N} back for each round, and one `stop` when N reaches 0 (the
%%% generated code sends its `else` selection there). Messages are plain `!`
%%% handled in handle_info/2, as in the generated roles; no gen_server:call
%%% round trip.
%%%
%%% The same guarantees to the caller as the generated run/2 (see
%%% hw_session): the caller is not linked to the roles, a crash of a role
%%% ends the session with an error, and when run/1 returns no process of the
%%% session is alive.
-module(hw_ping_pong_gen_server).
-behaviour(gen_server).

%% API.
-export([run/1, run/2]).

%% gen_server.
-export([init/1, handle_call/3, handle_cast/2, handle_info/2,
         handle_continue/2]).

-record(ping, {caller :: pid(), pong :: pid(), n :: non_neg_integer()}).
-record(pong, {caller :: pid(), served :: non_neg_integer(),
               %% Whether junk is dropped without a log line (run/2).
               quiet = false :: boolean()}).

-type state() :: #ping{} | #pong{}.
-type results() :: #{ping := done, pong := {served, non_neg_integer()}}.

%% API.

%% Play N rounds; returns what the generated ping_pong:run/2 returns for
%% #{ping => [N], pong => [0]}.
-spec run(N :: non_neg_integer()) ->
    {ok, results()} | {error, {role_down, ping | pong, term()}}.
run(N) when is_integer(N), N >= 0 ->
    Caller = self(),
    {ok, {Pong, PongRef}} = gen_server:start_monitor(?MODULE, {pong, Caller, false}, []),
    {ok, {Ping, PingRef}} = gen_server:start_monitor(?MODULE, {ping, Caller, Pong, N}, []),
    hw_session:collect(?MODULE, #{PingRef => {ping, Ping}, PongRef => {pong, Pong}}).

%% The same, for the junk-flood benchmark: Junk(Pong) is called once Pong
%% exists (to start a process that floods it), and Pong drops what it does
%% not expect without logging it, the cheapest drop a gen_server can do.
-spec run(N :: non_neg_integer(), Junk :: fun((pid()) -> term())) ->
    {ok, results()} | {error, {role_down, ping | pong, term()}}.
run(N, Junk) when is_integer(N), N >= 0, is_function(Junk, 1) ->
    Caller = self(),
    {ok, {Pong, PongRef}} = gen_server:start_monitor(?MODULE, {pong, Caller, true}, []),
    _ = Junk(Pong),
    {ok, {Ping, PingRef}} = gen_server:start_monitor(?MODULE, {ping, Caller, Pong, N}, []),
    hw_session:collect(?MODULE, #{PingRef => {ping, Ping}, PongRef => {pong, Pong}}).

%% gen_server.

-spec init({ping, pid(), pid(), non_neg_integer()} | {pong, pid(), boolean()}) ->
    {ok, state()} | {ok, state(), {continue, serve}}.
init({ping, Caller, Pong, N}) ->
    {ok, #ping{caller = Caller, pong = Pong, n = N}, {continue, serve}};
init({pong, Caller, Quiet}) ->
    {ok, #pong{caller = Caller, served = 0, quiet = Quiet}}.

-spec handle_continue(serve, #ping{}) ->
    {noreply, #ping{}} | {stop, normal, #ping{}}.
handle_continue(serve, S) ->
    serve(S).

-spec handle_call(term(), gen_server:from(), state()) ->
    {reply, {error, unexpected_call}, state()}.
handle_call(_Request, _From, S) ->
    {reply, {error, unexpected_call}, S}.

-spec handle_cast(term(), state()) -> {noreply, state()}.
handle_cast(_Msg, S) ->
    {noreply, S}.

-spec handle_info(term(), state()) ->
    {noreply, state()} | {stop, normal, state()}.
handle_info({pong, N}, #ping{n = N} = S) ->
    serve(S#ping{n = N - 1});
handle_info({ping, From, K}, #pong{served = Served} = S) ->
    From ! {pong, K},
    {noreply, S#pong{served = Served + 1}};
handle_info(stop, #pong{caller = Caller, served = Served} = S) ->
    Caller ! {?MODULE, self(), {served, Served}},
    {stop, normal, S};
handle_info(_Unexpected, #pong{quiet = true} = S) ->
    {noreply, S};
handle_info(Unexpected, S) ->
    logger:notice("~p dropped an unexpected message: ~0tP",
                  [?MODULE, Unexpected, 20]),
    {noreply, S}.

%% Internal.

-spec serve(#ping{}) -> {noreply, #ping{}} | {stop, normal, #ping{}}.
serve(#ping{pong = Pong, n = N} = S) when N > 0 ->
    Pong ! {ping, self(), N},
    {noreply, S};
serve(#ping{caller = Caller, pong = Pong} = S) ->
    Pong ! stop,
    Caller ! {?MODULE, self(), done},
    {stop, normal, S}.
