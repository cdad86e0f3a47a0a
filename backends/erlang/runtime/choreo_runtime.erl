%%% The runtime shared by every choreography that choreo-erl compiles to
%%% Erlang. It depends on OTP alone and is emitted beside the generated
%%% modules.
%%%
%%% A session of a choreography is:
%%%
%%%   caller --monitor--> owner --link--> session supervisor --link--> roles
%%%
%%% - The owner is a special process (proc_lib, sys) that traps exits. It
%%%   monitors the caller (a caller that dies takes its sessions with it),
%%%   starts the session supervisor, monitors every role, tells the roles
%%%   who their peers are ("go"), collects each role's result from its exit
%%%   reason, and stops everything before it hands the result to the caller.
%%%   The caller is never linked to anything of the session.
%%% - The session supervisor is this module's init/1: one_for_all, restart
%%%   intensity 0, one transient child per role.
%%% - A role is a gen_server generated per role. Its callbacks delegate to
%%%   init_role/2, handle_role_info/2, handle_role_call/3 and
%%%   handle_role_cast/2, which drive the role's projection: the generated
%%%   enter/2 and resume/5 return a next() that says what to do. Messages
%%%   that arrive before their step wait in a FIFO buffer per sender.
%%%
%%% The path of a message that a role is waiting for (handle_role_info/2,
%%% consume/4, drive/4, send/4) is kept lean: no logging, no map rebuilt,
%%% no lookup of the projection module, tracing checked by a match.
%%%
%%% Messages are logged at `notice' with the metadata `domain => [choreo]'
%%% when dropped, so that a logger filter on that domain can silence them.
%%%
%%% The interface between this module and the generated code is described in
%%% docs/internals/runtime-contract.md.
-module(choreo_runtime).

-behaviour(supervisor).

-include_lib("kernel/include/logger.hrl").

%% API
-export([run/3, start/3, await/2, roles/1, child_spec/3, start_link/3]).

%% Role processes (called from generated role modules)
-export([init_role/2, handle_role_info/2, handle_role_call/3,
         handle_role_cast/2]).

%% Generated code
-export([send/4, impl/1]).

%% supervisor callback
-export([init/1]).

%% Internal: the session owner (proc_lib and sys callbacks) and the start of
%% a role on another node (called by the session supervisor and by erpc)
-export([owner_init/6, system_continue/3, system_terminate/4,
         system_code_change/4, start_role/3, start_remote_role/3]).

-export_type([ctx/0, next/0, step/0, role/0, session/0, options/0,
              role_args/0, result/0, spec/0, error_reason/0, role_init/0,
              role_state/0]).

%%--------------------------------------------------------------------
%% Types
%%--------------------------------------------------------------------

-type role() :: atom().
%% A role atom: the snake_case of the role's name.

-type step() :: pos_integer() | {select, atom() | integer()}.
%% A communication statement (numbered uniquely in its file) or a selection.

-type label() :: pos_integer().
-type env() :: tuple().
-type role_map() :: #{role() => role()}.

-type next() :: {recv, From :: role(), Steps :: [step(), ...], label(), env(),
                 Within :: timeout()}
              | {call, module(), Args :: [term()], role_map(), label(), env()}
              | {tail_call, module(), Args :: [term()], role_map()}
              | {return, Value :: term()}.
%% What a generated enter/2 or resume/5 asks the runtime to do next.

-type spec() :: #{name := atom(),
                  roles := [{role(), module(), arity()}],
                  impl => #{role() => module()}}.
%% A choreography as the generated API module describes it. `impl' holds the
%% default implementation module of each role.

-type role_args() :: #{role() => [term()]}.

-type options() :: #{impl => #{role() => module()},
                     nodes => #{role() => node()},
                     timeout => timeout(),
                     trace => pid()}.

-type error_reason() :: {role_down, role(), Reason :: term()}
                      | {timeout, role()}
                      | timeout
                      | {badarg, role(), What :: term()}
                      | {badarg, Args :: term()}
                      | {badopt, Option :: term(), What :: term()}
                      | {badopt, Opts :: term()}
                      | {session_down, Reason :: term()}.

-type result() :: {ok, #{role() => term()}} | {error, error_reason()}.

-opaque session() :: {choreo_session, reference(), pid()}.
%% The session ref (carried by every message of the session) and the owner.

-record(ctx, {
    ref :: reference(),
    me :: role(),                     % the physical role running this frame
    session :: session(),
    impl :: module() | undefined,
    trace :: pid() | undefined,
    peers :: #{role() => pid()},      % physical role => pid
    roles :: role_map(),              % frame role => physical role
    pids :: #{role() => pid()},       % frame role => pid, for send/4
    names :: role_map()               % frame role => itself
}).
-opaque ctx() :: #ctx{}.
%% What generated code passes back to send/4 and impl/1. One per frame.

-record(init, {
    ref :: reference(),
    session :: session(),
    owner :: pid(),
    role :: role(),
    module :: module(),
    impl :: module() | undefined,
    trace :: pid() | undefined,
    args :: [term()],
    roles :: [role()],
    link :: pid() | undefined         % set when started on another node
}).
-opaque role_init() :: #init{}.
%% The argument of a generated role module's start_link/1 and init/1.

-type code() :: {module(),
                 Enter :: fun(([term()], ctx()) -> next()),
                 Resume :: fun((label(), step() | return, term(), env(),
                                ctx()) -> next())}.
%% A projection module with its entry points, looked up once per frame
%% rather than at every message.

-type frame() :: {code(), label(), env(), ctx()}.

-record(wait, {
    from :: role(),                   % physical role
    steps :: [step(), ...],
    label :: label(),
    env :: env(),
    timer :: reference() | infinity,
    code :: code(),
    ctx :: ctx()
}).

-record(role, {
    ref :: reference(),
    session :: session(),
    me :: role(),
    module :: module(),
    impl :: module() | undefined,
    trace :: pid() | undefined,
    args :: [term()],
    peers :: #{role() => pid() | undefined},
    running = false :: boolean(),
    wait = none :: #wait{} | none,
    stack = [] :: [frame()],
    buffered = 0 :: non_neg_integer(),
    buffers = #{} :: #{role() => queue:queue({step(), term()})}
}).
-opaque role_state() :: #role{}.
%% The gen_server state of a role process.

-record(owner, {
    parent :: pid(),                  % self() unless started by start_link/3
    caller :: pid() | undefined,      % who gets the result (start/3)
    ref :: reference(),
    session :: session(),
    sup :: pid() | undefined,         % undefined once it has exited
    stopping = false :: boolean(),
    roles = #{} :: #{role() => pid()},
    pending = #{} :: #{reference() => role()},
    results = #{} :: #{role() => term()},
    error = none :: none | {error_reason(), Primary :: boolean()},
    deadline :: reference() | undefined
}).

-define(IS_STEP(S),
        ((is_integer(S) andalso S > 0)
         orelse (is_tuple(S) andalso tuple_size(S) =:= 2
                 andalso element(1, S) =:= select
                 andalso (is_atom(element(2, S))
                          orelse is_integer(element(2, S)))))).

-define(REMOTE_START_TIMEOUT, 15000).

%%--------------------------------------------------------------------
%% API
%%--------------------------------------------------------------------

%% @doc Runs one session to its end and returns each role's result.
-spec run(Spec :: spec(), Args :: role_args(), Opts :: options()) -> result().
run(Spec, Args, Opts) ->
    case start(Spec, Args, Opts) of
        {ok, Session} -> await(Session, infinity);
        {error, _} = Error -> Error
    end.

%% @doc Starts a session and returns at once. Only the calling process can
%% await/2 it; the session stops if that process dies.
-spec start(Spec :: spec(), Args :: role_args(), Opts :: options()) ->
          {ok, session()} | {error, error_reason()}.
start(Spec, Args, Opts) ->
    case validate(Spec, Args, Opts) of
        ok ->
            Ref = make_ref(),
            Owner = proc_lib:spawn(?MODULE, owner_init,
                                   [undefined, self(), Ref, Spec, Args, Opts]),
            {ok, {choreo_session, Ref, Owner}};
        {error, _} = Error ->
            Error
    end.

%% @doc Waits for the result of a session started by this process. When it
%% returns a result, no process of the session is alive.
-spec await(Session :: session(), Timeout :: timeout()) ->
          result() | {error, await_timeout}.
await({choreo_session, Ref, Owner}, Timeout) ->
    MRef = erlang:monitor(process, Owner),
    receive
        {'$choreo_result', Ref, Result} ->
            %% The owner sends the result only after every role and the
            %% supervisor are gone, and exits right after.
            receive {'DOWN', MRef, process, _, _} -> Result end;
        {'DOWN', MRef, process, _, Reason} ->
            {error, {session_down, Reason}}
    after Timeout ->
        true = erlang:demonitor(MRef, [flush]),
        {error, await_timeout}
    end.

%% @doc The role processes of a running session; `#{}' once it has ended.
-spec roles(Session :: session()) -> #{role() => pid()}.
roles({choreo_session, _Ref, Owner}) ->
    MRef = erlang:monitor(process, Owner, [{alias, demonitor}]),
    Owner ! {'$choreo_roles', MRef},
    receive
        {MRef, Roles} ->
            true = erlang:demonitor(MRef, [flush]),
            Roles;
        {'DOWN', MRef, process, _, _} ->
            #{}
    end.

%% @doc A child spec that runs one session under a supervisor of the user's.
%% The child is the session's owner; it exits `normal' when the session
%% ends with a result, or with the error reason. The results themselves are
%% not delivered (use the `trace' option or the roles' callbacks).
-spec child_spec(Spec :: spec(), Args :: role_args(), Opts :: options()) ->
          supervisor:child_spec().
child_spec(#{name := Name} = Spec, Args, Opts) ->
    #{id => Name,
      start => {?MODULE, start_link, [Spec, Args, Opts]},
      restart => temporary}.

%% @doc Starts a session whose owner is linked to the caller (a supervisor),
%% and returns once every role has started.
-spec start_link(Spec :: spec(), Args :: role_args(), Opts :: options()) ->
          {ok, pid()} | {error, term()}.
start_link(Spec, Args, Opts) ->
    case validate(Spec, Args, Opts) of
        ok ->
            proc_lib:start_link(?MODULE, owner_init,
                                [self(), undefined, make_ref(), Spec, Args,
                                 Opts]);
        {error, _} = Error ->
            Error
    end.

%%--------------------------------------------------------------------
%% Role processes (called from generated role modules)
%%--------------------------------------------------------------------

%% @doc The init/1 of a role module. Nothing of the projection runs until
%% the owner sends the peers; envelopes that come earlier are buffered.
-spec init_role(Module :: module(), Init :: role_init()) -> {ok, role_state()}.
init_role(Module, #init{module = Module, link = Link} = Init) ->
    _ = is_pid(Link) andalso link(Link),
    #init{ref = Ref, session = Session, role = Me, impl = Impl,
          trace = Trace, args = Args, roles = Roles} = Init,
    {ok, #role{ref = Ref, session = Session, me = Me, module = Module,
               impl = Impl, trace = Trace, args = Args,
               peers = maps:from_list([{R, undefined} || R <- Roles])}}.

%% @doc The handle_info/2 of a role module: envelopes, the start signal and
%% `within' timers.
-spec handle_role_info(Info :: term(), State :: role_state()) ->
          {noreply, role_state()} | {stop, term(), role_state()}.
handle_role_info({'$choreo', Ref, From, Step, Payload},
                 #role{ref = Ref,
                       wait = #wait{from = From, steps = Steps} = Wait} = S) ->
    %% Fast path: the role waits for this sender. Every buffered message of
    %% this sender was checked against Steps when the wait began, so if Step
    %% is awaited this message is the oldest one that matches.
    case lists:member(Step, Steps) of
        true -> consume(Step, Payload, Wait, S);
        false when ?IS_STEP(Step) -> buffer(From, Step, Payload, S);
        false -> drop(bad_step, {'$choreo', Ref, From, Step, Payload}, S)
    end;
handle_role_info({'$choreo', Ref, From, Step, Payload} = Info,
                 #role{ref = Ref, peers = Peers} = S) ->
    case is_map_key(From, Peers) of
        true when ?IS_STEP(Step) -> buffer(From, Step, Payload, S);
        true -> drop(bad_step, Info, S);
        false -> drop(unknown_sender, Info, S)
    end;
handle_role_info({'$choreo', _Ref, _From, _Step, _Payload} = Info, S) ->
    drop(other_session, Info, S);
handle_role_info({timeout, TRef, '$choreo_within'},
                 #role{wait = #wait{timer = TRef, steps = Steps}} = S) ->
    {stop, {shutdown, {choreo_timeout, Steps}}, S#role{wait = none}};
handle_role_info({timeout, _TRef, '$choreo_within'}, S) ->
    %% A timer cancelled after it had fired.
    {noreply, S};
handle_role_info({'$choreo_go', Ref, Peers},
                 #role{ref = Ref, running = false} = S) ->
    go(Peers, S);
handle_role_info(Info, S) ->
    drop(unexpected, Info, S).

%% @doc The handle_call/3 of a role module. Roles take no calls.
-spec handle_role_call(Request :: term(), From :: gen_server:from(),
                       State :: role_state()) ->
          {reply, {error, unexpected_call}, role_state()}.
handle_role_call(Request, _From, S) ->
    {noreply, S1} = drop(unexpected_call, Request, S),
    {reply, {error, unexpected_call}, S1}.

%% @doc The handle_cast/2 of a role module. Roles take no casts.
-spec handle_role_cast(Message :: term(), State :: role_state()) ->
          {noreply, role_state()}.
handle_role_cast(Message, S) ->
    drop(unexpected_cast, Message, S).

%%--------------------------------------------------------------------
%% Generated code
%%--------------------------------------------------------------------

%% @doc Sends Payload as step Step to role To of the current frame.
-spec send(Ctx :: ctx(), To :: role(), Step :: step(), Payload :: term()) -> ok.
send(#ctx{trace = undefined, ref = Ref, me = Me, pids = Pids}, To, Step,
     Payload) ->
    _ = map_get(To, Pids) ! {'$choreo', Ref, Me, Step, Payload},
    ok;
send(#ctx{trace = Trace, ref = Ref, me = Me, pids = Pids, roles = Roles,
          session = Session}, To, Step, Payload) ->
    _ = map_get(To, Pids) ! {'$choreo', Ref, Me, Step, Payload},
    Trace ! {choreo_trace, Session,
             #{kind => send, role => Me, peer => map_get(To, Roles),
               step => Step, payload => Payload}},
    ok.

%% @doc The implementation module of the physical role running the frame:
%% callbacks of called choreographies go there too.
-spec impl(Ctx :: ctx()) -> module().
impl(#ctx{impl = undefined, me = Me}) ->
    erlang:error({no_impl_module, Me});
impl(#ctx{impl = Impl}) ->
    Impl.

%%--------------------------------------------------------------------
%% supervisor callback
%%--------------------------------------------------------------------

%% @private The session supervisor.
-spec init({session, [supervisor:child_spec()]}) ->
          {ok, {supervisor:sup_flags(), [supervisor:child_spec()]}}.
init({session, ChildSpecs}) ->
    %% Intensity 0: a role cannot be restarted in the middle of a session
    %% (its peers' state would no longer match its own), so the first
    %% abnormal exit of a role stops them all. Roles that finish exit with
    %% {shutdown, _}, which a transient child may do without a restart.
    {ok, {#{strategy => one_for_all, intensity => 0}, ChildSpecs}}.

%%--------------------------------------------------------------------
%% Internal: starting a role on another node
%%--------------------------------------------------------------------

%% @private The start function of a role's child spec when the role runs on
%% another node. Called in the session supervisor.
-spec start_role(Node :: node(), Module :: module(), Init :: role_init()) ->
          {ok, pid()} | {error, term()}.
start_role(Node, Module, Init) when Node =:= node() ->
    Module:start_link(Init);
start_role(Node, Module, Init) ->
    try erpc:call(Node, ?MODULE, start_remote_role, [self(), Module, Init],
                  ?REMOTE_START_TIMEOUT)
    catch
        error:{erpc, Reason} -> {error, Reason};
        Class:Reason -> {error, {Class, Reason}}
    end.

%% @private Runs on the role's node (through erpc). The role links itself to
%% the session supervisor in init_role/2, before this temporary process
%% unlinks from it and exits.
-spec start_remote_role(Sup :: pid(), Module :: module(),
                        Init :: role_init()) -> {ok, pid()} | {error, term()}.
start_remote_role(Sup, Module, Init) ->
    process_flag(trap_exit, true),
    case Module:start_link(Init#init{link = Sup}) of
        {ok, Pid} ->
            true = unlink(Pid),
            {ok, Pid};
        {error, _} = Error ->
            Error;
        Other ->
            {error, Other}
    end.

%%--------------------------------------------------------------------
%% Internal: the session owner
%%--------------------------------------------------------------------

%% @private The owner's start. Parent is the supervisor that called
%% start_link/3, or undefined when Caller called start/3.
-spec owner_init(Parent :: pid() | undefined, Caller :: pid() | undefined,
                 Ref :: reference(), Spec :: spec(), Args :: role_args(),
                 Opts :: options()) -> no_return().
owner_init(Parent0, Caller, Ref, #{roles := Roles} = Spec, Args, Opts) ->
    process_flag(trap_exit, true),
    Parent = case Parent0 of undefined -> self(); _ -> Parent0 end,
    _ = is_pid(Caller) andalso erlang:monitor(process, Caller),
    Session = {choreo_session, Ref, self()},
    Deadline = case maps:get(timeout, Opts, infinity) of
                   infinity -> undefined;
                   Ms -> erlang:start_timer(Ms, self(), '$choreo_deadline')
               end,
    O = #owner{parent = Parent, caller = Caller, ref = Ref, session = Session,
               deadline = Deadline},
    ChildSpecs = [child(Role, Module, Spec, Args, Opts, O)
                  || {Role, Module, _Arity} <- Roles],
    case supervisor:start_link(?MODULE, {session, ChildSpecs}) of
        {ok, Sup} ->
            Children = supervisor:which_children(Sup),
            Pids = maps:from_list([{Role, Pid}
                                   || {Role, Pid, _Type, _Modules} <- Children]),
            Pending = maps:from_list([{erlang:monitor(process, Pid), Role}
                                      || {Role, Pid} <- maps:to_list(Pids)]),
            %% Every role has started and is monitored: the roles may begin.
            _ = [Pid ! {'$choreo_go', Ref, Pids} || Pid <- maps:values(Pids)],
            _ = Parent =/= self() andalso
                    proc_lib:init_ack(Parent, {ok, self()}),
            owner_loop(O#owner{sup = Sup, roles = Pids, pending = Pending});
        {error, Reason} ->
            Error = start_error(Reason),
            case Parent =/= self() of
                true ->
                    proc_lib:init_ack(Parent, {error, Error}),
                    exit(normal);
                false ->
                    deliver({error, Error}, O)
            end
    end.

-spec child(role(), module(), spec(), role_args(), options(), #owner{}) ->
          supervisor:child_spec().
child(Role, Module, Spec, Args, Opts, #owner{ref = Ref, session = Session}) ->
    Impl = maps:get(Role, maps:get(impl, Opts, #{}),
                    maps:get(Role, maps:get(impl, Spec, #{}), undefined)),
    Init = #init{ref = Ref, session = Session, owner = self(), role = Role,
                 module = Module, impl = Impl,
                 trace = maps:get(trace, Opts, undefined),
                 args = maps:get(Role, Args, []),
                 roles = [R || {R, _, _} <- maps:get(roles, Spec)]},
    Start = case maps:find(Role, maps:get(nodes, Opts, #{})) of
                {ok, Node} -> {?MODULE, start_role, [Node, Module, Init]};
                error -> {Module, start_link, [Init]}
            end,
    %% brutal_kill: a role keeps nothing that needs a clean shutdown, and a
    %% session must end by its deadline.
    #{id => Role, start => Start, restart => transient,
      shutdown => brutal_kill, modules => [Module]}.

-spec start_error(term()) ->
          {role_down, role(), term()} | {session_down, term()}.
start_error({shutdown, {failed_to_start_child, Role, Reason}})
  when is_atom(Role) ->
    {role_down, Role, Reason};
start_error(Reason) ->
    {session_down, Reason}.

-spec owner_loop(#owner{}) -> no_return().
owner_loop(#owner{pending = Pending} = O) when map_size(Pending) =:= 0 ->
    finish(O);
owner_loop(#owner{parent = Parent, sup = Sup, deadline = Deadline} = O) ->
    receive
        {'DOWN', MRef, process, _, Reason}
          when is_map_key(MRef, O#owner.pending) ->
            owner_loop(role_down(MRef, Reason, O));
        {'DOWN', _, process, Caller, _} when Caller =:= O#owner.caller ->
            %% Nobody is left to take the result.
            stop_session(O),
            exit(normal);
        {timeout, Deadline, '$choreo_deadline'} ->
            owner_loop(fail(timeout, true, O));
        {'EXIT', Sup, _} ->
            %% The supervisor stopped the roles; their DOWNs tell why.
            owner_loop(O#owner{sup = undefined});
        {'EXIT', Parent, Reason} ->
            stop_session(O),
            exit(Reason);
        {'$choreo_roles', Alias} ->
            Alive = maps:with(maps:values(O#owner.pending), O#owner.roles),
            Alias ! {Alias, Alive},
            owner_loop(O);
        {system, From, Request} ->
            sys:handle_system_msg(Request, From, Parent, ?MODULE, [], O);
        Other ->
            ?LOG_NOTICE("choreo session ~0p dropped a message: ~0tP",
                        [O#owner.session, Other, 20], #{domain => [choreo]}),
            owner_loop(O)
    end.

-spec role_down(reference(), term(), #owner{}) -> #owner{}.
role_down(MRef, Reason, #owner{pending = Pending, results = Results} = O) ->
    {Role, Pending1} = maps:take(MRef, Pending),
    O1 = O#owner{pending = Pending1},
    case Reason of
        {shutdown, {choreo_result, Value}} ->
            O1#owner{results = Results#{Role => Value}};
        {shutdown, {choreo_timeout, _Steps}} ->
            fail({timeout, Role}, true, O1);
        _ ->
            %% A role that the supervisor stopped because another one failed
            %% is not the cause, if the cause is known.
            Primary = Reason =/= killed andalso Reason =/= shutdown,
            fail({role_down, Role, Reason}, Primary, O1)
    end.

%% Records why the session fails (the first primary cause wins) and stops
%% the supervisor, which stops every role.
-spec fail(error_reason(), boolean(), #owner{}) -> #owner{}.
fail(Error, Primary, #owner{error = Current} = O) ->
    O1 = case Current of
             none -> O#owner{error = {Error, Primary}};
             {_, false} when Primary -> O#owner{error = {Error, Primary}};
             _ -> O
         end,
    stop_sup(O1).

-spec stop_sup(#owner{}) -> #owner{}.
stop_sup(#owner{sup = Sup, stopping = false} = O) when is_pid(Sup) ->
    exit(Sup, shutdown),
    O#owner{stopping = true};
stop_sup(O) ->
    O.

%% Returns once the supervisor, and so every role, is gone.
-spec stop_session(#owner{}) -> ok.
stop_session(#owner{sup = undefined}) ->
    ok;
stop_session(#owner{sup = Sup} = O) ->
    _ = stop_sup(O),
    receive {'EXIT', Sup, _} -> ok end.

-spec finish(#owner{}) -> no_return().
finish(#owner{error = Error, results = Results} = O) ->
    ok = stop_session(O),
    deliver(case Error of
                none -> {ok, Results};
                {Reason, _} -> {error, Reason}
            end, O).

-spec deliver(result(), #owner{}) -> no_return().
deliver(Result, #owner{caller = Caller, ref = Ref}) when is_pid(Caller) ->
    Caller ! {'$choreo_result', Ref, Result},
    exit(normal);
deliver({ok, _}, _O) ->
    exit(normal);
deliver({error, Reason}, _O) ->
    exit(Reason).

%% @private
-spec system_continue(Parent :: pid(), Debug :: [sys:debug_option()],
                      State :: #owner{}) -> no_return().
system_continue(_Parent, _Debug, O) ->
    owner_loop(O).

%% @private
-spec system_terminate(Reason :: term(), Parent :: pid(),
                       Debug :: [sys:debug_option()], State :: #owner{}) ->
          no_return().
system_terminate(Reason, _Parent, _Debug, O) ->
    stop_session(O),
    exit(Reason).

%% @private
-spec system_code_change(State :: #owner{}, Module :: module(),
                         OldVsn :: term(), Extra :: term()) -> {ok, #owner{}}.
system_code_change(O, _Module, _OldVsn, _Extra) ->
    {ok, O}.

%%--------------------------------------------------------------------
%% Internal: validation of the arguments of a session
%%--------------------------------------------------------------------

-spec validate(spec(), role_args(), options()) -> ok | {error, error_reason()}.
validate(#{roles := Roles}, Args, Opts) when is_map(Args), is_map(Opts) ->
    Known = [Role || {Role, _Module, _Arity} <- Roles],
    case [Role || Role <- maps:keys(Args), not lists:member(Role, Known)] of
        [Unknown | _] ->
            {error, {badarg, Unknown, unknown_role}};
        [] ->
            case validate_args(Roles, Args) of
                ok -> validate_opts(Known, maps:to_list(Opts));
                {error, _} = Error -> Error
            end
    end;
validate(_Spec, Args, Opts) when is_map(Opts) ->
    {error, {badarg, Args}};
validate(_Spec, _Args, Opts) ->
    {error, {badopt, Opts}}.

-spec validate_args([{role(), module(), arity()}], role_args()) ->
          ok | {error, error_reason()}.
validate_args([], _Args) ->
    ok;
validate_args([{Role, _Module, Arity} | Roles], Args) ->
    case Args of
        #{Role := List} when is_list(List) ->
            case proper_length(List) of
                Arity -> validate_args(Roles, Args);
                _ -> {error, {badarg, Role, {arity, Arity}}}
            end;
        #{Role := _} ->
            {error, {badarg, Role, {arity, Arity}}};
        #{} when Arity =:= 0 ->
            validate_args(Roles, Args);
        #{} ->
            {error, {badarg, Role, {missing, Arity}}}
    end.

-spec proper_length(list()) -> non_neg_integer() | improper.
proper_length(List) ->
    try length(List) catch error:badarg -> improper end.

-spec validate_opts([role()], [{term(), term()}]) ->
          ok | {error, error_reason()}.
validate_opts(_Known, []) ->
    ok;
validate_opts(Known, [{Key, Value} | Opts]) ->
    case validate_opt(Known, Key, Value) of
        ok -> validate_opts(Known, Opts);
        {error, What} -> {error, {badopt, Key, What}}
    end.

-spec validate_opt([role()], term(), term()) -> ok | {error, term()}.
validate_opt(Known, Key, Map) when (Key =:= impl orelse Key =:= nodes),
                                   is_map(Map) ->
    case [{Role, V} || {Role, V} <- maps:to_list(Map),
                       not (lists:member(Role, Known) andalso is_atom(V))] of
        [] -> ok;
        [{Role, V} | _] ->
            case lists:member(Role, Known) of
                true -> {error, {bad_value, Role, V}};
                false -> {error, {unknown_role, Role}}
            end
    end;
validate_opt(_Known, timeout, infinity) ->
    ok;
validate_opt(_Known, timeout, Ms) when is_integer(Ms), Ms >= 0 ->
    ok;
validate_opt(_Known, trace, Pid) when is_pid(Pid) ->
    ok;
validate_opt(_Known, Key, Value)
  when Key =:= impl; Key =:= nodes; Key =:= timeout; Key =:= trace ->
    {error, {bad_value, Value}};
validate_opt(_Known, _Key, _Value) ->
    {error, unknown_option}.

%%--------------------------------------------------------------------
%% Internal: the driver of a role's projection
%%--------------------------------------------------------------------

-spec go(#{role() => pid()}, #role{}) ->
          {noreply, #role{}} | {stop, term(), #role{}}.
go(Peers, #role{ref = Ref, me = Me, session = Session, impl = Impl,
                trace = Trace, module = Module, args = Args} = S) ->
    Names = maps:map(fun(Role, _Pid) -> Role end, Peers),
    Ctx = #ctx{ref = Ref, me = Me, session = Session, impl = Impl,
               trace = Trace, peers = Peers, roles = Names, pids = Peers,
               names = Names},
    {_, Enter, _} = Code = code(Module, undefined),
    drive(Enter(Args, Ctx), Code, Ctx,
          S#role{running = true, args = [], peers = Peers}).

%% Runs the frame of Code with Ctx from the next() it returned, until it
%% must wait for a message or the role has its result.
-spec drive(next(), code(), ctx(), #role{}) ->
          {noreply, #role{}} | {stop, term(), #role{}}.
drive({recv, From, Steps, Label, Env, Within}, {_, _, Resume} = Code,
      #ctx{roles = Roles} = Ctx, #role{buffered = Buffered} = S) ->
    Phys = map_get(From, Roles),
    case Buffered =/= 0 andalso take(Phys, Steps, S) of
        {Step, Payload, S1} ->
            trace_recv(Phys, Step, Payload, S1),
            drive(Resume(Label, Step, Payload, Env, Ctx), Code, Ctx, S1);
        _ ->
            Timer = case Within of
                        infinity -> infinity;
                        Ms -> erlang:start_timer(Ms, self(), '$choreo_within')
                    end,
            {noreply, S#role{wait = #wait{from = Phys, steps = Steps,
                                          label = Label, env = Env,
                                          timer = Timer, code = Code,
                                          ctx = Ctx}}}
    end;
drive({call, Callee, Args, RoleMap, Label, Env}, Code, Ctx,
      #role{stack = Stack} = S) ->
    Ctx1 = compose(RoleMap, Ctx),
    {_, Enter, _} = Code1 = code(Callee, Code),
    drive(Enter(Args, Ctx1), Code1, Ctx1,
          S#role{stack = [{Code, Label, Env, Ctx} | Stack]});
drive({tail_call, Callee, Args, RoleMap}, Code, Ctx, S) ->
    Ctx1 = compose(RoleMap, Ctx),
    {_, Enter, _} = Code1 = code(Callee, Code),
    drive(Enter(Args, Ctx1), Code1, Ctx1, S);
drive({return, Value}, _Code, _Ctx,
      #role{stack = [{{_, _, Resume} = Code, Label, Env, Ctx} | Stack]} = S) ->
    drive(Resume(Label, return, Value, Env, Ctx), Code, Ctx,
          S#role{stack = Stack});
drive({return, Value}, _Code, _Ctx, #role{stack = []} = S) ->
    {stop, {shutdown, {choreo_result, Value}}, S#role{wait = none}};
drive(Next, {Module, _, _}, _Ctx, _S) ->
    erlang:error({bad_next, Module, Next}).

-spec code(module(), code() | undefined) -> code().
code(Module, {Module, _, _} = Code) ->
    Code;
code(Module, _Code) ->
    {Module, fun Module:enter/2, fun Module:resume/5}.

%% The context of a called frame: RoleMap (callee role => role of the
%% current frame) composed with the current frame's roles.
-spec compose(role_map(), ctx()) -> ctx().
compose(RoleMap, #ctx{names = RoleMap} = Ctx) ->
    %% Each role plays itself, as in a recursive call: the same frame roles.
    Ctx;
compose(RoleMap, #ctx{roles = Roles, peers = Peers} = Ctx) ->
    Phys = maps:map(fun(_Callee, Role) -> map_get(Role, Roles) end, RoleMap),
    Ctx#ctx{roles = Phys,
            pids = maps:map(fun(_Callee, R) -> map_get(R, Peers) end, Phys),
            names = maps:map(fun(Callee, _) -> Callee end, Phys)}.

-spec consume(step(), term(), #wait{}, #role{}) ->
          {noreply, #role{}} | {stop, term(), #role{}}.
consume(Step, Payload, #wait{from = From, label = Label, env = Env,
                             timer = Timer, code = {_, _, Resume} = Code,
                             ctx = Ctx}, S) ->
    _ = Timer =:= infinity orelse
            erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
    trace_recv(From, Step, Payload, S),
    %% The wait is left in place: the drive ends in a new wait or a stop.
    drive(Resume(Label, Step, Payload, Env, Ctx), Code, Ctx, S).

-spec trace_recv(role(), step(), term(), #role{}) -> ok.
trace_recv(_From, _Step, _Payload, #role{trace = undefined}) ->
    ok;
trace_recv(From, Step, Payload, #role{trace = Trace, session = Session,
                                      me = Me}) ->
    Trace ! {choreo_trace, Session,
             #{kind => recv, role => Me, peer => From, step => Step,
               payload => Payload}},
    ok.

-spec buffer(role(), step(), term(), #role{}) -> {noreply, #role{}}.
buffer(From, Step, Payload, #role{buffers = Buffers, buffered = N} = S) ->
    Queue = case Buffers of
                #{From := Q} -> Q;
                #{} -> queue:new()
            end,
    Buffers1 = Buffers#{From => queue:in({Step, Payload}, Queue)},
    {noreply, S#role{buffers = Buffers1, buffered = N + 1}}.

%% Takes the oldest buffered message from From whose step is in Steps.
-spec take(role(), [step(), ...], #role{}) ->
          {step(), term(), #role{}} | none.
take(From, Steps, #role{buffers = Buffers, buffered = N} = S) ->
    case Buffers of
        #{From := Queue} ->
            case take_oldest(Steps, Queue) of
                {Step, Payload, Queue1} ->
                    Buffers1 = case queue:is_empty(Queue1) of
                                   true -> maps:remove(From, Buffers);
                                   false -> Buffers#{From := Queue1}
                               end,
                    {Step, Payload,
                     S#role{buffers = Buffers1, buffered = N - 1}};
                none ->
                    none
            end;
        #{} ->
            none
    end.

%% The head of the queue is the usual answer (a sender that runs ahead
%% sends in the order the receiver consumes); otherwise the queue is
%% searched.
-spec take_oldest([step(), ...], queue:queue({step(), term()})) ->
          {step(), term(), queue:queue({step(), term()})} | none.
take_oldest(Steps, Queue) ->
    {{value, {Step, Payload}}, Rest} = queue:out(Queue),
    case lists:member(Step, Steps) of
        true ->
            {Step, Payload, Rest};
        false ->
            case lists:splitwith(fun({S, _}) -> not lists:member(S, Steps) end,
                                 queue:to_list(Rest)) of
                {_, []} ->
                    none;
                {Before, [{Found, FoundPayload} | After]} ->
                    {Found, FoundPayload,
                     queue:from_list([{Step, Payload} | Before ++ After])}
            end
    end.

-spec drop(atom(), term(), #role{}) -> {noreply, #role{}}.
drop(Why, Message, #role{me = Me, session = Session} = S) ->
    ?LOG_NOTICE("choreo role ~0p of session ~0p dropped a message (~0p): ~0tP",
                [Me, Session, Why, Message, 20], #{domain => [choreo]}),
    {noreply, S}.
