%%% The rebar3 plugin of choreo-erl. It adds two commands:
%%%
%%%   rebar3 choreo compile   regenerate the Erlang of the changed .chor files
%%%   rebar3 choreo check     check every .chor file, write nothing
%%%
%%% A project runs the first before every compile with
%%%   {provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}.
%%% Both run the `choreo-erl` executable; see rebar3_choreo_lib.
-module(rebar3_choreo).

-export([init/1]).

-spec init(rebar_state:t()) -> {ok, rebar_state:t()}.
init(State0) ->
    {ok, State1} = rebar3_choreo_prv_compile:init(State0),
    rebar3_choreo_prv_check:init(State1).
