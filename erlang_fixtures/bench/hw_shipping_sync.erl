%%% Hand-written variant for the benchmarks (bench/): hw_shipping_gen_server
%%% as it was first written, with fewer guarantees than the generated code.
%%% Its start/3 waits for each role's init (gen_server:start_monitor/3), and
%%% its roles do not watch the caller: a caller that dies leaves a blocked
%%% session behind. The suite reports the ratio against it beside the one
%%% against hw_shipping_gen_server, which gives the generated code's
%%% guarantees.
%%%
%%% The shipping choreography (examples/shipping.chor) as three gen_servers
%%% per session.
%%%
%%% Alice orders from Bob, Bob asks Carol for a quote, Carol answers Bob, Bob
%%% passes the quote back to Alice: the same four messages as the generated
%%% code, plain `!` handled in handle_info/2. Each role knows the peer it
%%% talks to first from its start arguments; a reply goes to the pid that
%%% the request carries. Carol's price comes from an implementation module
%%% (shipping_carol_impl by default), as in the generated code.
%%%
%%% A session starts its roles with gen_server:start_monitor/3 (Carol, then
%%% Bob, then Alice, so that each knows its peer), and await/1 gives the
%%% same guarantees as the generated await/2 (see hw_session): the caller
%%% is linked to no role, a crash ends the session with an error, and when
%%% await/1 returns no process of the session is alive.
-module(hw_shipping_sync).
-behaviour(gen_server).

%% API.
-export([run/2, start/3, await/1]).

%% gen_server.
-export([init/1, handle_call/3, handle_cast/2, handle_info/2,
         handle_continue/2]).

-type role() :: alice | bob | carol.
-type quote() :: {quote, Item :: term(), Qty :: term(), Price :: term()}.
-type results() :: #{alice := {ok, quote()}, bob := ok, carol := ok}.
-opaque session() :: hw_session:pending(role()).
-export_type([session/0]).

-record(alice, {caller :: pid(), bob :: pid(), item :: term(), qty :: term()}).
-record(bob, {caller :: pid(), carol :: pid(),
              order :: {pid(), term(), term()} | undefined}).
-record(carol, {caller :: pid(), impl :: module()}).

-type state() :: #alice{} | #bob{} | #carol{}.
-type init() :: {alice, pid(), pid(), term(), term()}
              | {bob, pid(), pid()}
              | {carol, pid(), module()}.

%% API.

%% Run one session; returns what the generated shipping:run/2 returns for
%% #{alice => [Item, Qty]}.
-spec run(Item :: term(), Qty :: term()) ->
    {ok, results()} | {error, {role_down, role(), term()}}.
run(Item, Qty) ->
    {ok, Session} = start(Item, Qty, shipping_carol_impl),
    await(Session).

%% Start a session and return once its roles are up; await/1 collects
%% the results. CarolImpl:quote(Item, Qty) gives the price.
-spec start(Item :: term(), Qty :: term(), CarolImpl :: module()) ->
    {ok, session()}.
start(Item, Qty, CarolImpl) ->
    Caller = self(),
    {ok, {Carol, CarolRef}} = gen_server:start_monitor(?MODULE, {carol, Caller, CarolImpl}, []),
    {ok, {Bob, BobRef}} = gen_server:start_monitor(?MODULE, {bob, Caller, Carol}, []),
    {ok, {Alice, AliceRef}} =
        gen_server:start_monitor(?MODULE, {alice, Caller, Bob, Item, Qty}, []),
    {ok, #{AliceRef => {alice, Alice}, BobRef => {bob, Bob}, CarolRef => {carol, Carol}}}.

-spec await(session()) -> {ok, results()} | {error, {role_down, role(), term()}}.
await(Session) ->
    hw_session:collect(?MODULE, Session).

%% gen_server.

-spec init(init()) -> {ok, state()} | {ok, state(), {continue, order}}.
init({alice, Caller, Bob, Item, Qty}) ->
    {ok, #alice{caller = Caller, bob = Bob, item = Item, qty = Qty}, {continue, order}};
init({bob, Caller, Carol}) ->
    {ok, #bob{caller = Caller, carol = Carol}};
init({carol, Caller, Impl}) ->
    {ok, #carol{caller = Caller, impl = Impl}}.

-spec handle_continue(order, #alice{}) -> {noreply, #alice{}}.
handle_continue(order, #alice{bob = Bob, item = Item, qty = Qty} = S) ->
    Bob ! {order, self(), Item, Qty},
    {noreply, S}.

-spec handle_call(term(), gen_server:from(), state()) ->
    {reply, {error, unexpected_call}, state()}.
handle_call(_Request, _From, S) ->
    {reply, {error, unexpected_call}, S}.

-spec handle_cast(term(), state()) -> {noreply, state()}.
handle_cast(_Msg, S) ->
    {noreply, S}.

-spec handle_info(term(), state()) -> {noreply, state()} | {stop, normal, state()}.
handle_info({order, Alice, Item, Qty}, #bob{carol = Carol, order = undefined} = S) ->
    Carol ! {request, self(), Item, Qty},
    {noreply, S#bob{order = {Alice, Item, Qty}}};
handle_info({request, Bob, Item, Qty}, #carol{impl = Impl} = S) ->
    Bob ! {quote, Impl:quote(Item, Qty)},
    finish(ok, S);
handle_info({quote, Price}, #bob{order = {Alice, Item, Qty}} = S) ->
    Alice ! {quote, Item, Qty, Price},
    finish(ok, S);
handle_info({quote, _Item, _Qty, _Price} = Quote, #alice{} = S) ->
    finish({ok, Quote}, S);
handle_info(Unexpected, S) ->
    logger:notice("~p dropped an unexpected message: ~0tP", [?MODULE, Unexpected, 20]),
    {noreply, S}.

%% Internal.

-spec finish(term(), state()) -> {stop, normal, state()}.
finish(Result, S) ->
    caller(S) ! {?MODULE, self(), Result},
    {stop, normal, S}.

-spec caller(state()) -> pid().
caller(#alice{caller = Caller}) -> Caller;
caller(#bob{caller = Caller}) -> Caller;
caller(#carol{caller = Caller}) -> Caller.
