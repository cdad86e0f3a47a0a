%%% The API of `ping_pong`.
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
-module(contract_ping_pong).

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
    #{name => contract_ping_pong,
      roles => [{ping, contract_ping_pong_ping, 1},
                {pong, contract_ping_pong_pong, 1}]}.
