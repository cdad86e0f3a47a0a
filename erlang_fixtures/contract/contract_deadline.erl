%%% The API of `deadline`.
%%% A hand-written fixture for the tests of choreo_runtime, in the shape
%%% the compiler generates (docs/internals/runtime-contract.md), from:
%%%
%%%   choreography deadline(A(Delay), B) {
%%%       A.Delay ~> B.D;                                            % step 1
%%%       B.answer(D) ~> A.R within 100;                             % step 2
%%%       return A.R;
%%%   }
-module(contract_deadline).

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
    #{name => contract_deadline,
      roles => [{a, contract_deadline_a, 1},
                {b, contract_deadline_b, 0}],
      impl => #{a => contract_deadline_a_impl,
                b => contract_deadline_b_impl}}.
