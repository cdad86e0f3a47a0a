%%% Q's part of `twice`.
%%% A hand-written fixture for the tests of choreo_runtime, in the shape
%%% the compiler generates (docs/internals/runtime-contract.md), from:
%%%
%%%   choreography swap(A(X), B(Y)) {
%%%       A.X ~> B.Xb;                                               % step 1
%%%       B.Y ~> A.Ya;                                               % step 2
%%%       return A.Ya, B.Xb;
%%%   }
%%%
%%%   choreography twice(P(U), Q(V)) {
%%%       P.U1, Q.V1 = swap(P(U), Q(V));
%%%       Q.V2, P.U2 = swap(Q(V1), P(U1));
%%%       return P.{U1, U2}, Q.{V1, V2};
%%%   }
%%%
%%%   choreography outer(P(U), Q(V)) {
%%%       Q.Rq, P.Rp = twice(Q(V), P(U));
%%%       return P.Rp, Q.Rq;
%%%   }
-module(contract_twice_q).
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
enter([V], _Ctx) ->
    {call, contract_swap_b, [V], #{a => p, b => q}, 1, {}}.

-spec resume(pos_integer(), choreo_runtime:step() | return, term(), tuple(),
             choreo_runtime:ctx()) -> choreo_runtime:next().
resume(1, return, V1, {}, _Ctx) ->
    {call, contract_swap_a, [V1], #{a => q, b => p}, 2, {V1}};
resume(2, return, V2, {V1}, _Ctx) ->
    {return, {V1, V2}}.
