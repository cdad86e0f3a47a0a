%%% Hand-written variant for the benchmark profiles (`python -m bench.run
%%% --profile`), not a baseline: the shipping protocol with the session
%%% structure of the generated runtime, written by hand. A session owner
%%% (trapping exits, monitoring the caller) starts a one_for_all supervisor
%%% of intensity 0 whose children are the three role gen_servers; it asks
%%% the supervisor for their pids, monitors them, sends each the peers'
%%% pids ("go"), takes each role's result from its exit reason, stops the
%%% supervisor and hands the results to the caller.
%%%
%%% Between hw_shipping_owned and the generated code, it measures what the
%%% supervisor and the start-up handshake cost; the rest of the gap is the
%%% runtime's per-message machinery.
-module(hw_shipping_supervised).
%% Also the session supervisor's callback module (init({sup, _})), as in
%% choreo_runtime; only one behaviour is declared so that init/1 is not
%% reported as a conflicting callback.
-behaviour(gen_server).

%% API.
-export([run/2, start/3, await/1]).

%% gen_server and supervisor.
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, start_role/3]).

-type role() :: alice | bob | carol.
-opaque session() :: {reference(), pid()}.
-export_type([session/0]).

-record(r, {role :: role(), args :: [term()], peers = none :: #{role() => pid()} | none,
            early = [] :: [term()], order :: {term(), term()} | undefined}).

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

-spec start_role(role(), [term()], pid()) -> {ok, pid()}.
start_role(Role, Args, _Owner) ->
    gen_server:start_link(?MODULE, {role, Role, Args}, []).

%% gen_server and supervisor.

-spec init({sup, [supervisor:child_spec()]} | {role, role(), [term()]}) ->
    {ok, {supervisor:sup_flags(), [supervisor:child_spec()]}} | {ok, #r{}}.
init({sup, Children}) ->
    {ok, {#{strategy => one_for_all, intensity => 0}, Children}};
init({role, Role, Args}) ->
    {ok, #r{role = Role, args = Args}}.

-spec handle_call(term(), gen_server:from(), #r{}) -> {reply, {error, unexpected_call}, #r{}}.
handle_call(_Request, _From, S) ->
    {reply, {error, unexpected_call}, S}.

-spec handle_cast(term(), #r{}) -> {noreply, #r{}}.
handle_cast(_Msg, S) ->
    {noreply, S}.

-spec handle_info(term(), #r{}) -> {noreply, #r{}} | {stop, {shutdown, term()}, #r{}}.
handle_info({go, Peers}, #r{early = Early} = S) ->
    %% A peer that got its go first may have written to us already: those
    %% messages were kept, and are handled now.
    _ = [self() ! Msg || Msg <- lists:reverse(Early)],
    go(S#r{peers = Peers, early = []});
handle_info(Msg, #r{peers = none, early = Early} = S) ->
    {noreply, S#r{early = [Msg | Early]}};
handle_info({order, Item, Qty}, #r{role = bob, peers = #{carol := Carol}} = S) ->
    Carol ! {request, Item, Qty},
    {noreply, S#r{order = {Item, Qty}}};
handle_info({request, Item, Qty}, #r{role = carol, args = [Impl], peers = #{bob := Bob}} = S) ->
    Bob ! {quote, Impl:quote(Item, Qty)},
    {stop, {shutdown, {result, ok}}, S};
handle_info({quote, Price}, #r{role = bob, order = {Item, Qty}, peers = #{alice := Alice}} = S) ->
    Alice ! {quote, Item, Qty, Price},
    {stop, {shutdown, {result, ok}}, S};
handle_info({quote, _, _, _} = Quote, #r{role = alice} = S) ->
    {stop, {shutdown, {result, {ok, Quote}}}, S};
handle_info(_Unexpected, S) ->
    {noreply, S}.

%% Internal.

-spec go(#r{}) -> {noreply, #r{}}.
go(#r{role = alice, args = [Item, Qty], peers = #{bob := Bob}} = S) ->
    Bob ! {order, Item, Qty},
    {noreply, S};
go(S) ->
    {noreply, S}.

-spec owner(pid(), reference(), term(), term(), module()) -> ok.
owner(Caller, Ref, Item, Qty, CarolImpl) ->
    process_flag(trap_exit, true),
    _ = erlang:monitor(process, Caller),
    Children = [#{id => Role, start => {?MODULE, start_role, [Role, Args, self()]},
                  restart => transient, shutdown => brutal_kill}
                || {Role, Args} <- [{alice, [Item, Qty]}, {bob, []}, {carol, [CarolImpl]}]],
    {ok, Sup} = supervisor:start_link(?MODULE, {sup, Children}),
    Pids = maps:from_list([{Role, Pid} || {Role, Pid, _, _} <- supervisor:which_children(Sup)]),
    Pending = maps:from_list([{erlang:monitor(process, Pid), Role}
                              || {Role, Pid} <- maps:to_list(Pids)]),
    _ = [Pid ! {go, Pids} || Pid <- maps:values(Pids)],
    Result = collect(Pending, #{}),
    exit(Sup, shutdown),
    receive {'EXIT', Sup, _} -> ok end,
    Caller ! {Ref, Result},
    ok.

-spec collect(#{reference() => role()}, #{role() => term()}) ->
    {ok, #{role() => term()}} | {error, term()}.
collect(Pending, Results) when map_size(Pending) =:= 0 ->
    {ok, Results};
collect(Pending, Results) ->
    receive
        {'DOWN', MRef, process, _, Reason} when is_map_key(MRef, Pending) ->
            {Role, Pending1} = maps:take(MRef, Pending),
            case Reason of
                {shutdown, {result, Value}} -> collect(Pending1, Results#{Role => Value});
                _ -> {error, {role_down, Role, Reason}}
            end
    end.
