%%% The API of `shipping`.
%%% A hand-written fixture for the tests of choreo_runtime, in the shape
%%% the compiler generates (docs/internals/runtime-contract.md), from:
%%%
%%%   choreography shipping(Alice(Item, Qty), Bob, Carol) {
%%%       Alice.{order, Item, Qty} ~> Bob.{order, I, Q};            % step 1
%%%       Bob.{request, I, Q} ~> Carol.{request, Item2, Qty2};       % step 2
%%%       Carol.{quote, quote(Item2, Qty2)} ~> Bob.{quote, Price};   % step 3
%%%       Bob.{quote, I, Q, Price} ~> Alice.Quote;                   % step 4
%%%       return Alice.{ok, Quote};
%%%   }
-module(contract_shipping).

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
    #{name => contract_shipping,
      roles => [{alice, contract_shipping_alice, 2},
                {bob, contract_shipping_bob, 0},
                {carol, contract_shipping_carol, 0}],
      impl => #{alice => contract_shipping_alice_impl,
                bob => contract_shipping_bob_impl,
                carol => contract_shipping_carol_impl}}.
