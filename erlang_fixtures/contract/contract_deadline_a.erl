%%% A's part of `deadline`.
%%% A hand-written fixture for the tests of choreo_runtime, in the shape
%%% the compiler generates (docs/internals/runtime-contract.md), from:
%%%
%%%   choreography deadline(A(Delay), B) {
%%%       A.Delay ~> B.D;                                            % step 1
%%%       B.answer(D) ~> A.R within 100;                             % step 2
%%%       return A.R;
%%%   }
-module(contract_deadline_a).
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
enter([Delay], Ctx) ->
    ok = choreo_runtime:send(Ctx, b, 1, Delay),
    {recv, b, [2], 1, {}, 100}.

-spec resume(pos_integer(), choreo_runtime:step() | return, term(), tuple(),
             choreo_runtime:ctx()) -> choreo_runtime:next().
resume(1, 2, R, {}, _Ctx) ->
    {return, R}.
