%%% Hand-written variant for the benchmark profiles (`python -m bench.run
%%% --profile`), not a baseline: hw_shipping_gen_server's roles, started and
%%% collected by a session owner process instead of the caller, as the
%%% generated runtime does. Between hw_shipping_gen_server and the generated
%%% code, it measures what one extra process per session costs.
-module(hw_shipping_owned).

%% API.
-export([run/2, start/3, await/1]).

-opaque session() :: {reference(), pid()}.
-export_type([session/0]).

%% API.

-spec run(Item :: term(), Qty :: term()) -> {ok, map()} | {error, term()}.
run(Item, Qty) ->
    {ok, Session} = start(Item, Qty, shipping_carol_impl),
    await(Session).

-spec start(Item :: term(), Qty :: term(), CarolImpl :: module()) -> {ok, session()}.
start(Item, Qty, CarolImpl) ->
    Caller = self(),
    Ref = make_ref(),
    Owner = spawn(fun() -> owner(Caller, Ref, Item, Qty, CarolImpl) end),
    {ok, {Ref, Owner}}.

-spec await(session()) -> {ok, map()} | {error, term()}.
await({Ref, Owner}) ->
    MRef = erlang:monitor(process, Owner),
    receive
        {Ref, Result} ->
            receive {'DOWN', MRef, process, _, _} -> Result end;
        {'DOWN', MRef, process, _, Reason} ->
            {error, {session_down, Reason}}
    end.

%% Internal.

-spec owner(pid(), reference(), term(), term(), module()) -> ok.
owner(Caller, Ref, Item, Qty, CarolImpl) ->
    %% A caller that dies takes its session with it.
    _ = erlang:monitor(process, Caller),
    {ok, Roles} = hw_shipping_gen_server:start(Item, Qty, CarolImpl),
    Caller ! {Ref, hw_shipping_gen_server:await(Roles)},
    ok.
