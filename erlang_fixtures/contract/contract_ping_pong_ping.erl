%%% Ping's part of `ping_pong`.
%%% A hand-written fixture for the tests of choreo_runtime, in the shape
%%% the compiler generates (docs/internals/runtime-contract.md), from:
%%%
%%%   choreography ping_pong(Ping(N), Pong(Served)) {
%%%       if Ping.(N > 0) {
%%%           Ping.{ping, N} ~> Pong.{ping, K};                      % step 1
%%%           Pong.{pong, K} ~> Ping.{pong, N};                      % step 2
%%%           ping_pong(Ping(N - 1), Pong(Served + 1));
%%%       } else {
%%%           return Ping.done, Pong.{served, Served};               % Ping[else] ~> Pong
%%%       }
%%%   }
-module(contract_ping_pong_ping).
-behaviour(gen_server).

%% API.
-export([start_link/1]).

%% gen_server.
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

%% The projection.
-export([enter/2, resume/5]).

%% API.

-spec start_link(choreo_runtime:role_init()) -> {ok, pid()} | ignore | {error, term()}.
start_link(Init) ->
    gen_server:start_link(?MODULE, Init, []).

%% gen_server.

-spec init(choreo_runtime:role_init()) -> {ok, choreo_runtime:role_state()}.
init(Init) ->
    choreo_runtime:init_role(?MODULE, Init).

-spec handle_call(term(), gen_server:from(), choreo_runtime:role_state()) ->
    {reply, term(), choreo_runtime:role_state()}.
handle_call(Request, From, State) ->
    choreo_runtime:handle_role_call(Request, From, State).

-spec handle_cast(term(), choreo_runtime:role_state()) ->
    {noreply, choreo_runtime:role_state()}.
handle_cast(Msg, State) ->
    choreo_runtime:handle_role_cast(Msg, State).

-spec handle_info(term(), choreo_runtime:role_state()) ->
    {noreply, choreo_runtime:role_state()} | {stop, term(), choreo_runtime:role_state()}.
handle_info(Info, State) ->
    choreo_runtime:handle_role_info(Info, State).

%% The projection.

-spec enter([term()], choreo_runtime:ctx()) -> choreo_runtime:next().
enter([N], Ctx) ->
    case N > 0 of
        true ->
            ok = choreo_runtime:send(Ctx, pong, 1, {ping, N}),
            {recv, pong, [2], 1, {N}, infinity};
        false ->
            ok = choreo_runtime:send(Ctx, pong, {select, else}, else),
            {return, done}
    end.

-spec resume(pos_integer(), choreo_runtime:step() | return, term(), tuple(),
             choreo_runtime:ctx()) -> choreo_runtime:next().
resume(1, 2, {pong, N}, {N}, _Ctx) ->
    {tail_call, contract_ping_pong_ping, [N - 1], #{ping => ping, pong => pong}}.
