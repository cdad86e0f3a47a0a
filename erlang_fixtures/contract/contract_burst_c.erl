%%% C's part of `burst`.
%%% A hand-written fixture for the tests of choreo_runtime, in the shape
%%% the compiler generates (docs/internals/runtime-contract.md), from:
%%%
%%%   choreography burst(A(N), B, C) {
%%%       A.start ~> C.start;                                        % step 1
%%%       C.timer:sleep(100);
%%%       C.go ~> B.go;                                              % step 2
%%%       flood(A(N), B([]));
%%%   }
%%%
%%%   choreography flood(A(N), B(Acc)) {
%%%       if A.(N > 0) {
%%%           A.N ~> B.X;                                            % step 3
%%%           flood(A(N - 1), B([X | Acc]));
%%%       } else {
%%%           return B.Acc;                                          % A[else] ~> B
%%%       }
%%%   }
-module(contract_burst_c).
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
enter([], _Ctx) ->
    {recv, a, [1], 1, {}, infinity}.

-spec resume(pos_integer(), choreo_runtime:step() | return, term(), tuple(),
             choreo_runtime:ctx()) -> choreo_runtime:next().
resume(1, 1, start, {}, Ctx) ->
    ok = timer:sleep(100),
    ok = choreo_runtime:send(Ctx, b, 2, go),
    {return, ok}.
