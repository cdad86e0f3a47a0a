%%% Hand-written baseline for the benchmarks (bench/): the shipping
%%% choreography (examples/shipping.chor) as three gen_servers per session,
%%% the way a careful OTP engineer would write it without choreo-erl, with
%%% the guarantees that the generated shipping:start/2 and await/2 give:
%%%
%%% - start/3 returns at once: each role is spawned with
%%%   proc_lib:spawn_opt/4 (monitored by the caller) and enters the
%%%   gen_server loop itself, without an init handshake;
%%% - a caller that dies takes its session with it: every role monitors it;
%%% - a crash ends the session with an error, and when await/1 returns no
%%%   process of the session is alive (hw_session); the caller is linked to
%%%   no role.
%%%
%%% Alice orders from Bob, Bob asks Carol for a quote, Carol answers Bob, Bob
%%% passes the quote back to Alice: the same four messages as the generated
%%% code, plain `!` handled in handle_info/2. The roles are spawned Carol,
%%% Bob, Alice, so that each knows the peer it talks to first from its start
%%% arguments; a reply goes to the pid that the request carries. Carol's price
%%% comes from an implementation module (shipping_carol_impl by default), as
%%% in the generated code.
%%%
%%% hw_shipping_sync is the first version of this baseline: its start/3 waits
%%% for each role's init, and its roles do not watch the caller.
-module(hw_shipping_gen_server).
-behaviour(gen_server).

%% API.
-export([run/2, start/3, await/1]).

%% gen_server.
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

%% Internal: the start of a role process.
-export([role/1]).

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

%% Start a session and return at once; await/1 collects the results.
%% CarolImpl:quote(Item, Qty) gives the price.
-spec start(Item :: term(), Qty :: term(), CarolImpl :: module()) ->
    {ok, session()}.
start(Item, Qty, CarolImpl) ->
    Caller = self(),
    {Carol, CarolRef} = spawn_role({carol, Caller, CarolImpl}),
    {Bob, BobRef} = spawn_role({bob, Caller, Carol}),
    {Alice, AliceRef} = spawn_role({alice, Caller, Bob, Item, Qty}),
    {ok, #{AliceRef => {alice, Alice}, BobRef => {bob, Bob}, CarolRef => {carol, Carol}}}.

-spec await(session()) -> {ok, results()} | {error, {role_down, role(), term()}}.
await(Session) ->
    hw_session:collect(?MODULE, Session).

%% Internal.

-spec spawn_role(init()) -> {pid(), reference()}.
spawn_role(Init) ->
    proc_lib:spawn_opt(?MODULE, role, [Init], [monitor]).

%% A role process: watches the caller, then becomes a gen_server.
-spec role(init()) -> no_return().
role(Init) ->
    _ = erlang:monitor(process, element(2, Init)),
    {ok, State} = init(Init),
    gen_server:enter_loop(?MODULE, [], State).

%% gen_server.

-spec init(init()) -> {ok, state()}.
init({alice, Caller, Bob, Item, Qty}) ->
    Bob ! {order, self(), Item, Qty},
    {ok, #alice{caller = Caller, bob = Bob, item = Item, qty = Qty}};
init({bob, Caller, Carol}) ->
    {ok, #bob{caller = Caller, carol = Carol}};
init({carol, Caller, Impl}) ->
    {ok, #carol{caller = Caller, impl = Impl}}.

-spec handle_call(term(), gen_server:from(), state()) ->
    {reply, {error, unexpected_call}, state()}.
handle_call(_Request, _From, S) ->
    {reply, {error, unexpected_call}, S}.

-spec handle_cast(term(), state()) -> {noreply, state()}.
handle_cast(_Msg, S) ->
    {noreply, S}.

-spec handle_info(term(), state()) ->
    {noreply, state()} | {stop, normal | {shutdown, caller_down}, state()}.
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
handle_info({'DOWN', _, process, Pid, _} = Down, S) ->
    case caller(S) of
        Pid -> {stop, {shutdown, caller_down}, S};
        _ -> dropped(Down, S)
    end;
handle_info(Unexpected, S) ->
    dropped(Unexpected, S).

%% Internal.

-spec dropped(term(), state()) -> {noreply, state()}.
dropped(Unexpected, S) ->
    logger:notice("~p dropped an unexpected message: ~0tP", [?MODULE, Unexpected, 20]),
    {noreply, S}.

-spec finish(term(), state()) -> {stop, normal, state()}.
finish(Result, S) ->
    caller(S) ! {?MODULE, self(), Result},
    {stop, normal, S}.

-spec caller(state()) -> pid().
caller(#alice{caller = Caller}) -> Caller;
caller(#bob{caller = Caller}) -> Caller;
caller(#carol{caller = Caller}) -> Caller.
