%%% The API of `twice`.
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
-module(contract_twice).

%% API.
-export([run/2, start/2, await/2, roles/1, child_spec/2]).

%% For choreo_runtime.
-export([spec/0]).

%% API.

-spec run(choreo_runtime:role_args(), choreo_runtime:options()) ->
    choreo_runtime:result().
run(Args, Opts) ->
    choreo_runtime:run(spec(), Args, Opts).

-spec start(choreo_runtime:role_args(), choreo_runtime:options()) ->
    {ok, choreo_runtime:session()} | {error, term()}.
start(Args, Opts) ->
    choreo_runtime:start(spec(), Args, Opts).

-spec await(choreo_runtime:session(), timeout()) ->
    choreo_runtime:result() | {error, await_timeout}.
await(Session, Timeout) ->
    choreo_runtime:await(Session, Timeout).

-spec roles(choreo_runtime:session()) -> #{atom() => pid()}.
roles(Session) ->
    choreo_runtime:roles(Session).

-spec child_spec(choreo_runtime:role_args(), choreo_runtime:options()) ->
    supervisor:child_spec().
child_spec(Args, Opts) ->
    choreo_runtime:child_spec(spec(), Args, Opts).

%% For choreo_runtime.

-spec spec() -> choreo_runtime:spec().
spec() ->
    #{name => contract_twice,
      roles => [{p, contract_twice_p, 1},
                {q, contract_twice_q, 1}]}.
