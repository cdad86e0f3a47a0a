%%% The API of `burst`.
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
-module(contract_burst).

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
    #{name => contract_burst,
      roles => [{a, contract_burst_a, 1},
                {b, contract_burst_b, 0},
                {c, contract_burst_c, 0}]}.
