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
%%% Checkpoints (`checkpoint { B1 } rescue { B2 }'). Each participant keeps
%%% a stack of checkpoint frames (#cp{}: where B2 starts and with what, the
%%% frame stack below), pushed at entry in O(1): nothing is copied. Every
%%% instance of a checkpoint has a tag that its participants compute alike
%%% ({CpId, N, H}: the N-th instance of CpId under the parent instance whose
%%% hash is H), and messages sent inside a block carry the tag of the
%%% innermost instance, so that a message of an abandoned block is never
%%% consumed. A block commits when every participant has finished its part;
%%% the generated code says who knows it (the collector, which commits and
%%% tells the others, often with its next ordinary message); nothing goes
%%% through the owner then. A failure inside a block (an exception in the
%%% generated code or a callback, a pattern that does not match, an expired
%%% `within') is caught in the role process, which restores its state at
%%% entry, runs B2 and reports the failure to the owner; the owner tells the
%%% other participants to abandon the block, and replaces any participant
%%% that does not answer within ?GRACE ms (busy in a callback) by a new
%%% process under the session supervisor, started from the checkpoint frames
%%% that the old one kept in its process dictionary, with its buffered
%%% messages. See "Checkpoints" in docs/internals/runtime-contract.md.
%%%
%%% The path of a message that a role is waiting for (handle_role_info/2,
%%% consume/4, drive/4, send/4) is kept lean: no logging, no map rebuilt,
%%% no lookup of the projection module, tracing checked by a match. Code
%%% that never enters a checkpoint takes the same path as before they
%%% existed.
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

%% choreo_session (the direct back end's sessions)
-export([validate/3]).

%% supervisor callback
-export([init/1]).

%% Internal: the session owner (proc_lib and sys callbacks) and the start of
%% a role on another node (called by the session supervisor and by erpc)
-export([owner_init/6, system_continue/3, system_terminate/4,
         system_code_change/4, start_role/3, start_remote_role/3]).

-export_type([ctx/0, next/0, step/0, role/0, session/0, options/0,
              role_args/0, result/0, spec/0, error_reason/0, role_init/0,
              role_state/0, cp_tag/0, commit_plan/0]).

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

-type cp_id() :: pos_integer().
%% A checkpoint statement, numbered uniquely in its file.

-type cp_tag() :: {cp_id(), pos_integer(), non_neg_integer()}.
%% One instance of a checkpoint: {CpId, N, H}, the N-th instance of CpId
%% (with this role map) under the parent instance whose hash is H (0 at the
%% top). Its participants compute the same tag without talking.

-type commit_plan() :: {close, Awaited :: [role()], Notify :: [role()]}
                     | {report, Collector :: role()}
                     | {wait, Collector :: role()}.
%% How a participant learns the verdict of a block (roles of the frame):
%% the collector waits for a `done' report from each awaited role, commits
%% and tells Notify; a reporting role sends the collector `done' at the end
%% of its part; the others just wait.

-type next() :: {recv, From :: role(), Steps :: [step(), ...], label(), env(),
                 Within :: timeout()}
              | {recv, From :: role(), Steps :: [step(), ...], label(), env(),
                 Within :: timeout(),
                 Enters :: [{step(), [{cp_id(), Parts :: [role()],
                                       Rescue :: label()}, ...]}]}
              | {call, module(), Args :: [term()], role_map(), label(), env()}
              | {tail_call, module(), Args :: [term()], role_map()}
              | {return, Value :: term()}
              | {checkpoint, cp_id(), Parts :: [role()], Body :: label(),
                 Rescue :: label(), env()}
              | {checkpoint_end, cp_id(), commit_plan(), Join :: label(), env()}.
%% What a generated enter/2 or resume/5 asks the runtime to do next.

-type spec() :: #{name := atom(),
                  roles := [{role(), module(), arity()}],
                  impl => #{role() => module()},
                  direct => boolean()}.
%% A choreography as the generated API module describes it. `impl' holds the
%% default implementation module of each role; `direct' is true when its
%% roles come from the direct back end (their sessions are choreo_session's).

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

-type ctx_tag() :: none | root | cp_tag().

-record(ctx, {
    ref :: reference(),
    me :: role(),                     % the physical role running this frame
    session :: session(),
    impl :: module() | undefined,
    trace :: pid() | undefined,
    peers :: #{role() => pid()},      % physical role => pid
    roles :: role_map(),              % frame role => physical role
    pids :: #{role() => pid()},       % frame role => pid, for send/4
    names :: role_map(),              % frame role => itself
    %% The innermost checkpoint instance (its tag goes on every message), or
    %% `root' outside any once the role has used checkpoints (send/4 then
    %% takes the path that notes commit notices), or `none'.
    tag = none :: ctx_tag()
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

%% A checkpoint instance that a role has entered and not left.
-record(cp, {
    tag :: cp_tag(),
    id :: cp_id(),
    key :: term(),                    % what its instances are counted by
    parts :: [role()],                % physical participants
    code :: code(),                   % the frame that entered it...
    ctx :: ctx(),                     % ... its context outside the block
    stack :: [frame()],               % ... and the frames below it
    env :: env(),                     % the variables at entry
    rescue :: label(),                % where B2 starts
    counters = #{} :: #{term() => pos_integer()}  % instances inside it
}).

-record(wait, {
    from :: role(),                   % physical role
    steps :: [step(), ...],
    label :: label(),
    env :: env(),
    timer :: reference() | infinity,
    code :: code(),
    ctx :: ctx()                      % its tag is that of the awaited message
}).

%% A wait in a receive some of whose steps enter checkpoints first.
-record(ewait, {
    from :: role(),
    steps :: [step(), ...],
    label :: label(),
    env :: env(),
    timer :: reference() | infinity,
    code :: code(),
    ctx :: ctx(),
    tag :: none | cp_tag(),           % the tag of the other steps' messages
    enters :: [{step(), [{cp_id(), [role()], label()}], [cp_tag()]}]
}).

%% At the end of its part of a block: waiting for the verdict.
-record(vwait, {
    cp :: #cp{},
    decides = false :: boolean(),     % this role is the collector
    collector :: role() | undefined,  % physical, if another role decides
    awaiting = [] :: [role()],        % (collector) roles still to report
    notify = [] :: [role()],          % (collector) roles to tell
    label :: label(),                 % the join, after a commit
    env :: env(),
    code :: code()
}).

%% After abandoning a block: waiting for the owner's `go' to run B2.
-record(rwait, {
    tag :: cp_tag(),
    label :: label(),
    env :: env(),
    code :: code(),
    ctx :: ctx()
}).

-type buffer_key() :: role() | {role(), cp_tag()}.

%% A role's checkpoints. It is copied in the process dictionary as it
%% changes (and, inside a block, the buffers too), where the owner can read
%% it while the process is suspended (see suspend_inside/3).
-record(cpr, {
    cps = [] :: [#cp{}],              % the instances it is in, innermost first
    counters = #{} :: #{term() => pos_integer()},  % instances at the top
    mirrored = false :: boolean(),    % '$choreo_buffers' may be non-empty
    gen = 0 :: non_neg_integer(),     % generation of the peers' pids
    abandoned = #{} :: #{cp_tag() => true},  % rescued here: drop its messages
    rescued = #{} :: #{cp_tag() => true},    % told to rescue before entry
    committed = #{} :: #{cp_tag() => true},  % told to commit before the end
    dones = #{} :: #{cp_tag() => [role()]},  % `done' reports (collector)
    gone = #{} :: #{cp_tag() => true},       % `go' before it was awaited
    held = [] :: [term()]             % control messages before the start
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
    wait = none :: #wait{} | #ewait{} | #vwait{} | #rwait{} | none,
    stack = [] :: [frame()],
    buffered = 0 :: non_neg_integer(),
    buffers = #{} :: #{buffer_key() => queue:queue({step(), term()})},
    cp = none :: none | #cpr{}        % once the role has used a checkpoint
}).
-opaque role_state() :: #role{}.
%% The gen_server state of a role process.

%% A participant being replaced (see replace/3).
-record(swap, {
    role :: role(),
    old :: pid(),
    old_id :: term(),
    new :: pid(),
    tag :: cp_tag(),
    dict :: [{term(), term()}]
}).

-record(owner, {
    parent :: pid(),                  % self() unless started by start_link/3
    caller :: pid() | undefined,      % who gets the result (start/3)
    caller_mon = false :: reference() | false,  % its monitor
    ref :: reference(),
    session :: session(),
    sup :: pid() | undefined,         % undefined once it has exited
    stopping = false :: boolean(),
    roles = #{} :: #{role() => pid()},
    pending = #{} :: #{reference() => role()},
    results = #{} :: #{role() => term()},
    error = none :: none | {error_reason(), Primary :: boolean()},
    deadline :: reference() | undefined,
    %% Checkpoints: rescues waiting for the participants to answer, the
    %% instances already rescued, a replacement in progress.
    specs = #{} :: #{role() => supervisor:child_spec()},
    ids = #{} :: #{role() => term()},  % the supervisor's child ids
    rescues = #{} :: #{cp_tag() => {Waiting :: [role()], reference(), Parts :: [role()]}},
    rescued = #{} :: #{cp_tag() => true},
    swaps = [] :: [#swap{}],
    awaiting = [] :: [role()],        % roles still to learn the new pids
    gen = 0 :: non_neg_integer()
}).

-define(IS_STEP(S),
        ((is_integer(S) andalso S > 0)
         orelse (is_tuple(S) andalso tuple_size(S) =:= 2
                 andalso element(1, S) =:= select
                 andalso (is_atom(element(2, S))
                          orelse is_integer(element(2, S)))))).

-define(IS_TAG(T),
        (is_tuple(T) andalso tuple_size(T) =:= 3
         andalso is_integer(element(1, T)) andalso is_integer(element(2, T))
         andalso is_integer(element(3, T)))).

-define(REMOTE_START_TIMEOUT, 15000).

%% How long the owner lets a participant take to abandon a failed block
%% before it replaces it (it is busy, in a callback most likely).
-define(GRACE, 20).

%% Instance tags hash their parent into 32 bits.
-define(HASH_RANGE, 4294967296).

%% The min_heap_size (words) of a role once it enters a checkpoint: its
%% frames would make it collect garbage about once per message otherwise.
-define(CP_HEAP, 987).
%%--------------------------------------------------------------------
%% API
%%--------------------------------------------------------------------

%% @doc Runs one session to its end and returns each role's result.
-spec run(Spec :: spec(), Args :: role_args(), Opts :: options()) -> result().
run(#{direct := true} = Spec, Args, Opts) ->
    choreo_session:run(Spec, Args, Opts);
run(Spec, Args, Opts) ->
    case start(Spec, Args, Opts) of
        {ok, Session} -> await(Session, infinity);
        {error, _} = Error -> Error
    end.

%% @doc Starts a session and returns at once. Only the calling process can
%% await/2 it; the session stops if that process dies.
-spec start(Spec :: spec(), Args :: role_args(), Opts :: options()) ->
          {ok, session() | choreo_session:session()} | {error, error_reason()}.
start(#{direct := true} = Spec, Args, Opts) ->
    choreo_session:start(Spec, Args, Opts);
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
start_link(#{direct := true} = Spec, Args, Opts) ->
    choreo_session:start_link(Spec, Args, Opts);
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

%% @doc The handle_info/2 of a role module: envelopes, the start signal,
%% `within' timers and the messages of checkpoints.
-spec handle_role_info(Info :: term(), State :: role_state()) ->
          {noreply, role_state()} | {stop, term(), role_state()}.
handle_role_info({'$choreo', Ref, From, Step, Payload},
                 #role{ref = Ref,
                       wait = #wait{from = From, steps = Steps,
                                    ctx = #ctx{tag = CtxTag}} = Wait}
                 = S) when is_atom(CtxTag) ->
    %% Fast path: the role waits for this sender. Every buffered message of
    %% this sender was checked against Steps when the wait began, so if Step
    %% is awaited this message is the oldest one that matches.
    case lists:member(Step, Steps) of
        true -> consume(Step, Payload, Wait, S);
        false when ?IS_STEP(Step) -> buffer(From, none, Step, Payload, S);
        false -> drop(bad_step, {'$choreo', Ref, From, Step, Payload}, S)
    end;
handle_role_info({'$choreo', Ref, From, Step, Payload, Tag},
                 #role{ref = Ref,
                       wait = #wait{from = From, steps = Steps,
                                    ctx = #ctx{tag = Tag}} = Wait}
                 = S) ->
    %% The same inside a checkpoint: the message is of the awaited instance.
    case lists:member(Step, Steps) of
        true -> consume(Step, Payload, Wait, S);
        false when ?IS_STEP(Step) -> buffer(From, Tag, Step, Payload, S);
        false -> drop(bad_step, {'$choreo', Ref, From, Step, Payload, Tag}, S)
    end;
handle_role_info({'$choreo', Ref, From, Step, Payload} = Info,
                 #role{ref = Ref, peers = Peers} = S) ->
    case is_map_key(From, Peers) of
        true when ?IS_STEP(Step) -> envelope(From, none, Step, Payload, S);
        true -> drop(bad_step, Info, S);
        false -> drop(unknown_sender, Info, S)
    end;
handle_role_info({'$choreo', Ref, From, Step, Payload, Tag} = Info,
                 #role{ref = Ref, peers = Peers} = S) ->
    case is_map_key(From, Peers) of
        true when ?IS_STEP(Step), ?IS_TAG(Tag) ->
            envelope(From, Tag, Step, Payload, S);
        true -> drop(bad_step, Info, S);
        false -> drop(unknown_sender, Info, S)
    end;
handle_role_info({'$choreo', _Ref, _From, _Step, _Payload} = Info, S) ->
    drop(other_session, Info, S);
handle_role_info({'$choreo', _Ref, _From, _Step, _Payload, _Tag} = Info, S) ->
    drop(other_session, Info, S);
handle_role_info({'$choreo_cp', Ref, _, _} = Info,
                 #role{ref = Ref, running = false} = S) ->
    %% A replacement that has not started yet (see restart/6).
    #cpr{held = Held} = C = cpr(S),
    {noreply, S#role{cp = C#cpr{held = [Info | Held]}}};
handle_role_info({'$choreo_cp', Ref, What, Arg}, #role{ref = Ref} = S) ->
    cp_signal(What, Arg, S);
handle_role_info({timeout, TRef, '$choreo_within'},
                 #role{wait = #wait{timer = TRef, steps = Steps}} = S)
  when is_reference(TRef) ->
    case S of
        #role{cp = #cpr{cps = [_ | _]}} ->
            %% Inside a checkpoint: a failure of the innermost block.
            failed({choreo_timeout, Steps}, S#role{wait = none});
        _ ->
            {stop, {shutdown, {choreo_timeout, Steps}}, S#role{wait = none}}
    end;
handle_role_info({timeout, TRef, '$choreo_within'},
                 #role{wait = #ewait{timer = TRef, steps = Steps}} = S)
  when is_reference(TRef) ->
    %% (Outside the checkpoints it would enter.)
    case S of
        #role{cp = #cpr{cps = [_ | _]}} ->
            failed({choreo_timeout, Steps}, S#role{wait = none});
        _ ->
            {stop, {shutdown, {choreo_timeout, Steps}}, S#role{wait = none}}
    end;
handle_role_info({timeout, _TRef, '$choreo_within'}, S) ->
    %% A timer cancelled after it had fired.
    {noreply, S};
handle_role_info({'$choreo_go', Ref, Peers},
                 #role{ref = Ref, running = false} = S) ->
    go(Peers, S);
handle_role_info({'$choreo_peers', Ref, Peers, Gen}, #role{ref = Ref} = S) ->
    new_peers(Peers, Gen, S);
handle_role_info({'$choreo_restart', Ref, Tag, Dict, Peers, Gen, Mailbox},
                 #role{ref = Ref, running = false} = S) ->
    restart(Tag, Dict, Peers, Gen, Mailbox, S);
handle_role_info(Info, S) ->
    drop(unexpected, Info, S).

%% @doc The handle_call/3 of a role module. Roles take no calls: a call of
%% the right shape is answered `{error, unexpected_call}'; the role never
%% replies to a malformed From (gen_server would crash trying).
-spec handle_role_call(Request :: term(), From :: term(), State :: role_state()) ->
          {noreply, role_state()}.
handle_role_call(Request, From, S) ->
    _ = case From of
            {Pid, Tag} when is_pid(Pid) ->
                catch gen_server:reply({Pid, Tag}, {error, unexpected_call});
            _ ->
                ok
        end,
    drop(unexpected_call, Request, S).

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
send(#ctx{trace = undefined, tag = none, ref = Ref, me = Me, pids = Pids}, To,
     Step, Payload) ->
    _ = map_get(To, Pids) ! {'$choreo', Ref, Me, Step, Payload},
    ok;
send(#ctx{trace = Trace, ref = Ref, me = Me, pids = Pids, roles = Roles,
          session = Session, tag = Tag}, To, Step, Payload) ->
    _ = case Tag of
            none ->
                map_get(To, Pids) ! {'$choreo', Ref, Me, Step, Payload};
            root ->
                map_get(To, Pids) ! {'$choreo', Ref, Me, Step, Payload},
                noted(none, map_get(To, Roles));
            _ ->
                map_get(To, Pids) ! {'$choreo', Ref, Me, Step, Payload, Tag},
                noted(Tag, map_get(To, Roles))
        end,
    _ = Trace =:= undefined orelse
            (Trace ! {choreo_trace, Session,
                      #{kind => send, role => Me, peer => map_get(To, Roles),
                        step => Step, payload => Payload}}),
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
    %% Intensity 0: a role is never restarted by the supervisor in the
    %% middle of a session (its peers' state would no longer match its
    %% own), so the first abnormal exit of a role stops them all. Roles that
    %% finish exit with {shutdown, _}, which a transient child may do
    %% without a restart. A participant of a failed checkpoint that must be
    %% replaced is replaced by the owner (start_child/terminate_child), from
    %% the state the checkpoint saved.
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
    CallerMon = is_pid(Caller) andalso erlang:monitor(process, Caller),
    Session = {choreo_session, Ref, self()},
    Deadline = case maps:get(timeout, Opts, infinity) of
                   infinity -> undefined;
                   Ms -> erlang:start_timer(Ms, self(), '$choreo_deadline')
               end,
    O = #owner{parent = Parent, caller = Caller, ref = Ref, session = Session,
               deadline = Deadline, caller_mon = CallerMon},
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
            Specs = maps:from_list([{Id, C} || #{id := Id} = C <- ChildSpecs]),
            owner_loop(O#owner{sup = Sup, roles = Pids, pending = Pending,
                               specs = Specs,
                               ids = maps:map(fun(Role, _) -> Role end, Specs)});
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
owner_loop(#owner{parent = Parent, sup = Sup, deadline = Deadline,
                  ref = Ref} = O) ->
    receive
        {'DOWN', MRef, process, _, Reason}
          when is_map_key(MRef, O#owner.pending) ->
            owner_loop(role_down(MRef, Reason, O));
        {'DOWN', CallerMon, process, _, _} when CallerMon =:= O#owner.caller_mon ->
            %% Nobody is left to take the result.
            stop_session(O),
            exit(normal);
        {timeout, Deadline, '$choreo_deadline'} when is_reference(Deadline) ->
            owner_loop(fail(timeout, true, O));
        {'$choreo_cp', Ref, What, Arg} ->
            owner_loop(cp_message(What, Arg, O));
        {timeout, _TRef, {'$choreo_grace', Tag}} ->
            owner_loop(grace(Tag, O));
        {'EXIT', Sup, _} = Info when is_pid(Sup) ->
            %% The supervisor stopped the roles; their DOWNs tell why. (A
            %% message of this shape from anyone else is dropped.)
            case is_process_alive(Sup) of
                false -> owner_loop(O#owner{sup = undefined});
                true -> owner_loop(owner_drop(Info, O))
            end;
        {'EXIT', Parent, Reason} = Info when Parent =/= self() ->
            case is_process_alive(Parent) of
                false ->
                    stop_session(O),
                    exit(Reason);
                true ->
                    owner_loop(owner_drop(Info, O))
            end;
        {'$choreo_roles', Alias} when is_reference(Alias) ->
            Alive = maps:with(maps:values(O#owner.pending), O#owner.roles),
            Alias ! {Alias, Alive},
            owner_loop(O);
        {system, From, Request} ->
            sys:handle_system_msg(Request, From, Parent, ?MODULE, [], O);
        Other ->
            owner_loop(owner_drop(Other, O))
    end.

-spec owner_drop(term(), #owner{}) -> #owner{}.
owner_drop(Message, O) ->
    ?LOG_NOTICE("choreo session ~0p dropped a message: ~0tP",
                [O#owner.session, Message, 20], #{domain => [choreo]}),
    O.

-spec role_down(reference(), term(), #owner{}) -> #owner{}.
role_down(MRef, Reason, #owner{pending = Pending, results = Results, ref = Ref} = O) ->
    {Role, Pending1} = maps:take(MRef, Pending),
    O1 = swapped(Role, O#owner{pending = Pending1}),
    case Reason of
        {shutdown, {choreo_result, Ref, Value}} ->
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
%% Internal: checkpoints, in the owner
%%--------------------------------------------------------------------

%% A participant failed inside a block and runs its rescue: the others must
%% abandon it (each answers `ack'); a late report of the same instance is a
%% role that failed before it heard of the rescue, and rescues too.
-spec cp_message(atom(), term(), #owner{}) -> #owner{}.
cp_message(_What, _Arg, #owner{stopping = true} = O) ->
    O;
cp_message(failed, {Tag, Role, Parts, _Reason},
           #owner{rescued = Rescued, ref = Ref, roles = Pids,
                  rescues = Rescues} = O) ->
    case Rescued of
        #{Tag := _} ->
            O;
        #{} ->
            Others = [R || R <- Parts, R =/= Role, is_map_key(R, Pids)],
            _ = [map_get(R, Pids) ! {'$choreo_cp', Ref, rescue, Tag}
                 || R <- Others],
            O1 = O#owner{rescued = Rescued#{Tag => true},
                         rescues = Rescues#{Tag => {Others, grace_timer(Tag), Parts}}},
            case Others of
                [] -> rescue_go(Tag, O1);
                _ -> O1
            end
    end;
cp_message(ack, {Tag, Role}, O) ->
    answered(Tag, Role, O);
cp_message(peers_ack, {Role, Gen}, #owner{gen = Gen, awaiting = Awaiting} = O) ->
    handover(O#owner{awaiting = lists:delete(Role, Awaiting)});
cp_message(What, Arg, O) ->
    ?LOG_NOTICE("choreo session ~0p dropped a message: ~0tP",
                [O#owner.session, {'$choreo_cp', What, Arg}, 20],
                #{domain => [choreo]}),
    O.

-spec grace_timer(cp_tag()) -> reference().
grace_timer(Tag) ->
    erlang:start_timer(?GRACE, self(), {'$choreo_grace', Tag}).

%% Role has abandoned the block Tag (or will skip it).
-spec answered(cp_tag(), role(), #owner{}) -> #owner{}.
answered(Tag, Role, #owner{rescues = Rescues} = O) ->
    case Rescues of
        #{Tag := {Waiting, Timer, Parts}} ->
            case lists:delete(Role, Waiting) of
                [] -> rescue_go(Tag, O);
                Left -> O#owner{rescues = Rescues#{Tag := {Left, Timer, Parts}}}
            end;
        #{} ->
            O
    end.

%% Every participant has abandoned the block Tag (or will skip it): they may
%% run B2, and go on after it.
-spec rescue_go(cp_tag(), #owner{}) -> #owner{}.
rescue_go(Tag, #owner{rescues = Rescues, roles = Pids, ref = Ref} = O) ->
    {_, Timer, Parts} = map_get(Tag, Rescues),
    _ = erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
    _ = [map_get(R, Pids) ! {'$choreo_cp', Ref, go, Tag} || R <- Parts],
    O#owner{rescues = maps:remove(Tag, Rescues)}.

%% Participants that have not abandoned the block Tag after ?GRACE ms: those
%% still inside it are busy, and replaced.
-spec grace(cp_tag(), #owner{}) -> #owner{}.
grace(Tag, #owner{rescues = Rescues, stopping = false, swaps = []} = O) ->
    case Rescues of
        #{Tag := {Waiting0, _, Parts}} ->
            %% A role that has ended meanwhile will not answer.
            Alive = maps:values(O#owner.pending),
            case [R || R <- Waiting0, lists:member(R, Alive)] of
                [] ->
                    rescue_go(Tag, O);
                Waiting ->
                    Busy = [{R, Pid, Dict} || R <- Waiting,
                                              {Pid, Dict} <- suspend_inside(R, Tag, O)],
                    O1 = O#owner{rescues = Rescues#{Tag := {Waiting, grace_timer(Tag),
                                                            Parts}}},
                    case Busy of
                        [] -> O1;
                        _ -> replace(Tag, Busy, O1)
                    end
            end;
        #{} ->
            O
    end;
grace(Tag, #owner{rescues = Rescues, stopping = false} = O) ->
    %% A replacement is in progress: later.
    case Rescues of
        #{Tag := {Waiting, _, Parts}} ->
            O#owner{rescues = Rescues#{Tag := {Waiting, grace_timer(Tag), Parts}}};
        #{} ->
            O
    end;
grace(_Tag, O) ->
    O.

%% Suspends Role if it is still inside the block Tag (and then returns its
%% pid and process dictionary); a role on another node cannot be replaced,
%% and is waited for.
-spec suspend_inside(role(), cp_tag(), #owner{}) -> [{pid(), [{term(), term()}]}].
suspend_inside(Role, Tag, #owner{roles = Pids, pending = Pending}) ->
    Pid = map_get(Role, Pids),
    Alive = lists:member(Role, maps:values(Pending)),
    case Alive andalso node(Pid) =:= node() andalso
             catch erlang:suspend_process(Pid) of
        true ->
            case erlang:process_info(Pid, dictionary) of
                {dictionary, Dict} ->
                    #cpr{cps = Cps} = proplists:get_value('$choreo_cpr', Dict, #cpr{}),
                    case lists:keymember(Tag, #cp.tag, Cps) of
                        true ->
                            [{Pid, Dict}];
                        false ->
                            true = erlang:resume_process(Pid),
                            []
                    end;
                undefined ->
                    []
            end;
        _ ->
            []
    end.

%% Replaces busy participants of the failed block Tag: a new process for
%% each, started under the session supervisor; every other role learns the
%% new pids and answers; then the old processes (suspended meanwhile, so
%% that what is sent to them waits in their mailboxes) are killed, and each
%% new one gets the old one's state and messages (see restart/6).
-spec replace(cp_tag(), [{role(), pid(), [{term(), term()}]}], #owner{}) ->
          #owner{}.
replace(Tag, Busy, #owner{sup = Sup, gen = Gen0} = O) ->
    Gen = Gen0 + 1,
    Started = lists:foldl(
                fun({Role, Old, Dict}, {Swaps, Acc}) ->
                        #owner{specs = Specs, ids = Ids} = Acc,
                        Id = {Role, Gen},
                        Spec = (map_get(Role, Specs))#{id := Id},
                        case supervisor:start_child(Sup, Spec) of
                            {ok, New} ->
                                MRef = erlang:monitor(process, New),
                                Pending = maps:filter(
                                            fun(_, R) -> R =/= Role end,
                                            Acc#owner.pending),
                                {[#swap{role = Role, old = Old,
                                        old_id = map_get(Role, Ids), new = New,
                                        tag = Tag, dict = Dict} | Swaps],
                                 Acc#owner{pending = Pending#{MRef => Role},
                                           roles = (Acc#owner.roles)#{Role := New},
                                           ids = Ids#{Role := Id}}};
                            {error, Reason} ->
                                {Swaps, fail({role_down, Role, Reason}, true, Acc)}
                        end
                end, {[], O#owner{gen = Gen}}, Busy),
    {Swaps, O1} = Started,
    %% The old processes are no longer the roles: their exits are not
    %% failures (their monitors are dropped with the pending entries).
    _ = [erlang:demonitor(M, [flush]) || {M, R} <- maps:to_list(O#owner.pending),
                                         lists:keymember(R, #swap.role, Swaps)],
    Replaced = [R || #swap{role = R} <- Swaps],
    Others = [R || R <- lists:usort(maps:values(O1#owner.pending)),
                   not lists:member(R, Replaced)],
    #owner{roles = Pids, ref = Ref, rescues = Rescues} = O1,
    _ = [map_get(R, Pids) ! {'$choreo_peers', Ref, Pids, Gen} || R <- Others],
    O2 = handover(O1#owner{swaps = Swaps, awaiting = Others}),
    case Rescues of
        #{Tag := {Waiting, Timer, Parts}} ->
            case Waiting -- Replaced of
                [] -> rescue_go(Tag, O2);
                Left -> O2#owner{rescues = Rescues#{Tag := {Left, Timer, Parts}}}
            end;
        #{} ->
            O2
    end.

%% Once every other role knows the new pids, nothing more is sent to the
%% old processes: each new one gets the old one's mailbox, and starts.
-spec handover(#owner{}) -> #owner{}.
handover(#owner{swaps = []} = O) ->
    O;
handover(#owner{awaiting = [_ | _]} = O) ->
    O;
handover(#owner{stopping = true} = O) ->
    O#owner{swaps = []};
handover(#owner{swaps = Swaps, sup = Sup, ref = Ref, roles = Pids, gen = Gen} = O) ->
    _ = [begin
             Mailbox = case erlang:process_info(Old, messages) of
                           {messages, Ms} -> Ms;
                           undefined -> []
                       end,
             _ = is_pid(Sup) andalso
                     begin
                         _ = supervisor:terminate_child(Sup, OldId),
                         supervisor:delete_child(Sup, OldId)
                     end,
             New ! {'$choreo_restart', Ref, Tag, Dict, Pids, Gen, Mailbox}
         end || #swap{old = Old, old_id = OldId, new = New, tag = Tag,
                      dict = Dict} <- Swaps],
    O#owner{swaps = []}.

%% A role that ends (or fails) while the others learn new pids: not awaited.
-spec swapped(role(), #owner{}) -> #owner{}.
swapped(Role, #owner{awaiting = Awaiting} = O) ->
    case lists:member(Role, Awaiting) of
        true -> handover(O#owner{awaiting = lists:delete(Role, Awaiting)});
        false -> O
    end.
%%--------------------------------------------------------------------
%% Internal: validation of the arguments of a session
%%--------------------------------------------------------------------

%% @private Checks the arguments and options of a session.
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

-type handled() :: {noreply, #role{}} | {stop, term(), #role{}}.

%% Generated code runs directly outside any checkpoint (the path that code
%% without checkpoints takes, as lean as before they existed), and under a
%% try inside one (resume/8, enter/5).
-define(RESUME(Resume, Label, Step, Msg, Env, Code, Ctx, S),
        case S of
            #role{cp = #cpr{cps = [_ | _]}} ->
                resume(Resume, Label, Step, Msg, Env, Code, Ctx, S);
            _ ->
                drive(Resume(Label, Step, Msg, Env, Ctx), Code, Ctx, S)
        end).
-define(ENTER(Enter, Args, Code, Ctx, S),
        case S of
            #role{cp = #cpr{cps = [_ | _]}} -> enter(Enter, Args, Code, Ctx, S);
            _ -> drive(Enter(Args, Ctx), Code, Ctx, S)
        end).
%% Before a role waits: commit notices that no message has carried.
-define(FLUSH(S),
        case S of
            #role{cp = none} -> S;
            _ -> flush(S)
        end).

-spec go(#{role() => pid()}, #role{}) -> handled().
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
-spec drive(next(), code(), ctx(), #role{}) -> handled().
drive({recv, From, Steps, Label, Env, Within}, {_, _, Resume} = Code,
      #ctx{roles = Roles, tag = none} = Ctx, #role{buffered = Buffered} = S) ->
    Phys = map_get(From, Roles),
    case Buffered =/= 0 andalso take(Phys, none, Steps, S) of
        {Step, Payload, S1} ->
            trace_recv(Phys, Step, Payload, S1),
            ?RESUME(Resume, Label, Step, Payload, Env, Code, Ctx, S1);
        _ ->
            Timer = case Within of
                        infinity -> infinity;
                        Ms -> erlang:start_timer(Ms, self(), '$choreo_within')
                    end,
            S1 = S#role{wait = #wait{from = Phys, steps = Steps, label = Label,
                                     env = Env, timer = Timer, code = Code,
                                     ctx = Ctx}},
            {noreply, ?FLUSH(S1)}
    end;
drive({recv, From, Steps, Label, Env, Within}, {_, _, Resume} = Code,
      #ctx{roles = Roles, tag = CtxTag} = Ctx, #role{buffered = Buffered} = S) ->
    %% Inside a checkpoint, or at the top once the role has used one.
    Phys = map_get(From, Roles),
    Tag = env_tag(CtxTag),
    case Buffered =/= 0 andalso take(Phys, Tag, Steps, S) of
        {Step, Payload, S1} ->
            trace_recv(Phys, Step, Payload, S1),
            ?RESUME(Resume, Label, Step, Payload, Env, Code, Ctx, S1);
        _ ->
            Timer = case Within of
                        infinity -> infinity;
                        Ms -> erlang:start_timer(Ms, self(), '$choreo_within')
                    end,
            S1 = S#role{wait = #wait{from = Phys, steps = Steps, label = Label,
                                     env = Env, timer = Timer, code = Code,
                                     ctx = Ctx}},
            {noreply, flush(S1)}
    end;
drive({recv, From, Steps, Label, Env, Within, Enters}, Code, Ctx, S) ->
    recv_entering(From, Steps, Label, Env, Within, Enters, Code, Ctx, S);
drive({call, Callee, Args, RoleMap, Label, Env}, Code, Ctx,
      #role{stack = Stack} = S) ->
    Ctx1 = compose(RoleMap, Ctx),
    {_, Enter, _} = Code1 = code(Callee, Code),
    S1 = S#role{stack = [{Code, Label, Env, Ctx} | Stack]},
    ?ENTER(Enter, Args, Code1, Ctx1, S1);
drive({tail_call, Callee, Args, RoleMap}, Code, Ctx, S) ->
    Ctx1 = compose(RoleMap, Ctx),
    {_, Enter, _} = Code1 = code(Callee, Code),
    ?ENTER(Enter, Args, Code1, Ctx1, S);
drive({return, Value}, _Code, _Ctx,
      #role{stack = [{{_, _, Resume} = Code, Label, Env, Ctx} | Stack]} = S) ->
    S1 = S#role{stack = Stack},
    case S of
        #role{cp = none} ->
            drive(Resume(Label, return, Value, Env, Ctx), Code, Ctx, S1);
        _ ->
            Ctx1 = refresh(Ctx, S),
            ?RESUME(Resume, Label, return, Value, Env, Code, Ctx1, S1)
    end;
drive({return, Value}, _Code, _Ctx, #role{stack = []} = S) ->
    case S of
        #role{cp = #cpr{cps = [_ | _]}} ->
            erlang:error({return_inside_checkpoint, Value});
        #role{ref = Ref} ->
            %% The session ref: a callback that exits with a reason of this
            %% shape cannot pass for a role that finished.
            S1 = S#role{wait = none},
            {stop, {shutdown, {choreo_result, Ref, Value}}, ?FLUSH(S1)}
    end;
drive({checkpoint, CpId, Parts, Body, Rescue, Env}, Code, Ctx, S) ->
    checkpoint(CpId, Parts, Body, Rescue, Env, Code, Ctx, S);
drive({checkpoint_end, CpId, Plan, Join, Env}, Code, Ctx,
      #role{cp = #cpr{cps = [#cp{id = CpId} = Cp | _]}} = S) ->
    block_end(Cp, Plan, Join, Env, Code, Ctx, S);
drive(Next, {Module, _, _}, _Ctx, _S) ->
    erlang:error({bad_next, Module, Next}).

%% Calls generated code and drives what it returns. Inside a checkpoint an
%% exception is a failure of the innermost block, not of the role.
-spec resume(fun(), label(), step() | return, term(), env(), code(), ctx(),
             #role{}) -> handled().
resume(Resume, Label, Step, Msg, Env, Code, Ctx,
       #role{cp = #cpr{cps = [_ | _]}} = S) ->
    try Resume(Label, Step, Msg, Env, Ctx) of
        Next -> drive(Next, Code, Ctx, S)
    catch
        Class:Reason:Stack -> failed({Class, Reason, Stack}, S)
    end;
resume(Resume, Label, Step, Msg, Env, Code, Ctx, S) ->
    drive(Resume(Label, Step, Msg, Env, Ctx), Code, Ctx, S).

-spec enter(fun(), [term()], code(), ctx(), #role{}) -> handled().
enter(Enter, Args, Code, Ctx, S) ->
    try Enter(Args, Ctx) of
        Next -> drive(Next, Code, Ctx, S)
    catch
        Class:Reason:Stack -> failed({Class, Reason, Stack}, S)
    end.

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

%% A context made before the pids of the peers last changed (a participant
%% of a checkpoint was replaced) gets the new ones.
-spec refresh(ctx(), #role{}) -> ctx().
refresh(#ctx{peers = Peers} = Ctx, #role{peers = Peers}) ->
    Ctx;
refresh(#ctx{roles = Roles} = Ctx, #role{peers = Peers}) ->
    Ctx#ctx{peers = Peers,
            pids = maps:map(fun(_Role, R) -> map_get(R, Peers) end, Roles)}.

-spec consume(step(), term(), #wait{}, #role{}) -> handled().
consume(Step, Payload, #wait{from = From, label = Label, env = Env,
                             timer = Timer, code = {_, _, Resume} = Code,
                             ctx = Ctx}, S) ->
    _ = Timer =:= infinity orelse
            erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
    trace_recv(From, Step, Payload, S),
    %% The wait is left in place: the drive ends in a new wait or a stop.
    ?RESUME(Resume, Label, Step, Payload, Env, Code, Ctx, S).

-spec trace_recv(role(), step(), term(), #role{}) -> ok.
trace_recv(_From, _Step, _Payload, #role{trace = undefined}) ->
    ok;
trace_recv(From, Step, Payload, #role{trace = Trace, session = Session,
                                      me = Me}) ->
    Trace ! {choreo_trace, Session,
             #{kind => recv, role => Me, peer => From, step => Step,
               payload => Payload}},
    ok.

%% An envelope that the current wait does not take at once.
-spec envelope(role(), none | cp_tag(), step(), term(), #role{}) -> handled().
envelope(From, Tag, Step, Payload,
         #role{wait = #vwait{collector = From, decides = false, cp = Cp},
               ref = Ref} = S) ->
    case implies(Tag, Cp) of
        true ->
            %% The collector sent it after the block: the block committed.
            %% Then the message goes where it would have, had it come later.
            case commit(S) of
                {noreply, S1} ->
                    handle_role_info(case Tag of
                                         none -> {'$choreo', Ref, From, Step, Payload};
                                         _ -> {'$choreo', Ref, From, Step, Payload, Tag}
                                     end, S1);
                Stop ->
                    Stop
            end;
        false ->
            keep(From, Tag, Step, Payload, S)
    end;
envelope(From, Tag, Step, Payload,
         #role{wait = #ewait{from = From} = W} = S) ->
    case stale(Tag, S) of
        true -> {noreply, S};
        false -> arrive(Step, Payload, Tag, W, S)
    end;
envelope(From, Tag, Step, Payload, S) ->
    keep(From, Tag, Step, Payload, S).

%% Buffers a message, unless it is of an abandoned block.
-spec keep(role(), none | cp_tag(), step(), term(), #role{}) -> handled().
keep(From, Tag, Step, Payload, S) ->
    case stale(Tag, S) of
        true -> {noreply, S};
        false -> buffer(From, Tag, Step, Payload, S)
    end.

%% A message of an abandoned block: it is dropped, never consumed.
-spec stale(none | cp_tag(), #role{}) -> boolean().
stale(none, _S) -> false;
stale(_Tag, #role{cp = none}) -> false;
stale(Tag, #role{cp = #cpr{abandoned = Abandoned}}) -> is_map_key(Tag, Abandoned).

-spec buffer(role(), none | cp_tag(), step(), term(), #role{}) ->
          {noreply, #role{}}.
buffer(From, Tag, Step, Payload, #role{buffers = Buffers, buffered = N} = S) ->
    Key = buffer_key(From, Tag),
    Queue = case Buffers of
                #{Key := Q} -> Q;
                #{} -> queue:new()
            end,
    Buffers1 = Buffers#{Key => queue:in({Step, Payload}, Queue)},
    {noreply, mirror_buffers(S#role{buffers = Buffers1, buffered = N + 1})}.

-spec buffer_key(role(), none | cp_tag()) -> buffer_key().
buffer_key(From, none) -> From;
buffer_key(From, Tag) -> {From, Tag}.

%% Takes the oldest buffered message from From with tag Tag whose step is
%% in Steps.
-spec take(role(), none | cp_tag(), [step(), ...], #role{}) ->
          {step(), term(), #role{}} | none.
take(From, Tag, Steps, #role{buffers = Buffers, buffered = N} = S) ->
    Key = buffer_key(From, Tag),
    case Buffers of
        #{Key := Queue} ->
            case take_oldest(Steps, Queue) of
                {Step, Payload, Queue1} ->
                    Buffers1 = case queue:is_empty(Queue1) of
                                   true -> maps:remove(Key, Buffers);
                                   false -> Buffers#{Key := Queue1}
                               end,
                    {Step, Payload,
                     mirror_buffers(S#role{buffers = Buffers1,
                                           buffered = N - 1})};
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

%%--------------------------------------------------------------------
%% Internal: checkpoints, in a role
%%--------------------------------------------------------------------

-spec env_tag(ctx_tag()) -> none | cp_tag().
env_tag(none) -> none;
env_tag(root) -> none;
env_tag(Tag) -> Tag.

%% The checkpoint state of a role (the first checkpoint creates it).
-spec cpr(#role{}) -> #cpr{}.
cpr(#role{cp = none}) ->
    _ = process_flag(min_heap_size, ?CP_HEAP),
    #cpr{};
cpr(#role{cp = C}) -> C.

%% Updates it, and its copy in the process dictionary, where the owner reads
%% it if it must replace this process (see suspend_inside/3).
-spec set_cpr(#cpr{}, #role{}) -> #role{}.
set_cpr(C, S) ->
    _ = put('$choreo_cpr', C),
    S#role{cp = C}.

-spec cps(#role{}) -> [#cp{}].
cps(#role{cp = none}) -> [];
cps(#role{cp = #cpr{cps = Cps}}) -> Cps.

%% Entry: a new instance under the innermost one, then B1 (or B2 at once if
%% the owner already said that this instance failed).
-spec checkpoint(cp_id(), [role()], label(), label(), env(), code(), ctx(),
                 #role{}) -> handled().
checkpoint(CpId, Parts, Body, Rescue, Env, {_, _, Resume} = Code, Ctx, S) ->
    case push(CpId, Parts, Rescue, Env, Code, Ctx, S) of
        {entered, Inside, S1} ->
            resume(Resume, Body, return, checkpoint, Env, Code, Inside, S1);
        {rescue, Tag, Outside, S1} ->
            to_rescue(Tag, Rescue, Env, Code, Outside, S1)
    end.

%% Pushes the frame of a new instance: {entered, the context inside, S}, or,
%% if the owner already said that this instance failed (another participant
%% failed in it before this role got there), {rescue, the context outside,
%% S} with the instance abandoned.
-spec push(cp_id(), [role()], label(), env(), code(), ctx(), #role{}) ->
          {entered, ctx(), #role{}} | {rescue, cp_tag(), ctx(), #role{}}.
push(CpId, Parts, Rescue, Env, Code,
     #ctx{roles = Roles, names = Names, tag = CtxTag} = Ctx,
     #role{stack = Stack} = S) ->
    %% A frame whose roles are the physical ones (the top, a recursive
    %% call) counts its instances per checkpoint; any other per role map,
    %% so that every participant counts the same instances.
    {Key, Phys} = case Roles =:= Names of
                      true -> {CpId, Parts};
                      false -> {{CpId, Roles},
                                [map_get(R, Roles) || R <- Parts]}
                  end,
    Outside = case CtxTag of
                  none -> Ctx#ctx{tag = root};
                  _ -> Ctx
              end,
    case cpr(S) of
        #cpr{cps = [], counters = Counters, rescued = Rescued} = C ->
            N = maps:get(Key, Counters, 0) + 1,
            Tag = {CpId, N, parent_hash(CpId, Key, none)},
            Counters1 = Counters#{Key => N},
            case is_map_key(Tag, Rescued) of
                false ->
                    Cp = #cp{tag = Tag, id = CpId, key = Key, parts = Phys,
                             code = Code, ctx = Outside, stack = Stack, env = Env,
                             rescue = Rescue},
                    S1 = set_cpr(C#cpr{cps = [Cp], counters = Counters1}, S),
                    {entered, Ctx#ctx{tag = Tag}, mirror_all(S1)};
                true ->
                    told(Tag, Key, Outside, C#cpr{counters = Counters1}, S)
            end;
        #cpr{cps = [#cp{tag = Parent, counters = Counters} = P | Cps],
             rescued = Rescued} = C ->
            N = maps:get(Key, Counters, 0) + 1,
            Tag = {CpId, N, parent_hash(CpId, Key, Parent)},
            P1 = P#cp{counters = Counters#{Key => N}},
            case is_map_key(Tag, Rescued) of
                false ->
                    Cp = #cp{tag = Tag, id = CpId, key = Key, parts = Phys,
                             code = Code, ctx = Outside, stack = Stack, env = Env,
                             rescue = Rescue},
                    {entered, Ctx#ctx{tag = Tag},
                     set_cpr(C#cpr{cps = [Cp, P1 | Cps]}, S)};
                true ->
                    told(Tag, Key, Outside, C#cpr{cps = [P1 | Cps]}, S)
            end
    end.

%% The instance Tag (just counted in C) is one the owner said failed.
-spec told(cp_tag(), term(), ctx(), #cpr{}, #role{}) ->
          {rescue, cp_tag(), ctx(), #role{}}.
told(Tag, Key, Outside, #cpr{rescued = Rescued} = C, S) ->
    C1 = skip_instance(Key, C#cpr{rescued = maps:remove(Tag, Rescued)}),
    {rescue, Tag, Outside, abandon_tags([Tag], set_cpr(C1, S))}.

-spec parent_hash(cp_id(), term(), none | cp_tag()) -> non_neg_integer().
parent_hash(CpId, CpId, none) -> 0;
parent_hash(_CpId, Key, none) -> erlang:phash2(Key, ?HASH_RANGE);
parent_hash(_CpId, Key, Parent) -> erlang:phash2({Parent, Key}, ?HASH_RANGE).

%% After a rescue the next instance of the same checkpoint skips a number:
%% every participant does the same, and a waiting participant cannot take a
%% message sent after the rescue for one sent after a commit (implies/2).
-spec skip_instance(term(), #cpr{}) -> #cpr{}.
skip_instance(Key, #cpr{cps = [], counters = Counters} = C) ->
    C#cpr{counters = Counters#{Key => maps:get(Key, Counters, 0) + 1}};
skip_instance(Key, #cpr{cps = [#cp{counters = Counters} = P | Rest]} = C) ->
    C#cpr{cps = [P#cp{counters = Counters#{Key => maps:get(Key, Counters, 0) + 1}}
                 | Rest]}.

%% A receive that starts the block of checkpoints (outer first): they are
%% entered when the message is taken.
-type entry() :: {cp_id(), Parts :: [role()], Rescue :: label()}.

-spec enter_chain([entry()], env(), code(), ctx(), #role{}) ->
          {entered, ctx(), #role{}} | {rescue, cp_tag(), label(), ctx(), #role{}}.
enter_chain([], _Env, _Code, Ctx, S) ->
    {entered, Ctx, S};
enter_chain([{CpId, Parts, Rescue} | Chain], Env, Code, Ctx, S) ->
    case push(CpId, Parts, Rescue, Env, Code, Ctx, S) of
        {entered, Inside, S1} -> enter_chain(Chain, Env, Code, Inside, S1);
        {rescue, Tag, Outside, S1} -> {rescue, Tag, Rescue, Outside, S1}
    end.

%% The tags that the instances of a chain would have if entered now.
-spec would_be([entry()], ctx(), #role{}) -> [cp_tag()].
would_be(Chain, #ctx{roles = Roles, names = Names}, S) ->
    {Parent, Counters} = case cpr(S) of
                             #cpr{cps = [], counters = Top} -> {none, Top};
                             #cpr{cps = [#cp{tag = P, counters = C} | _]} -> {P, C}
                         end,
    would_be(Chain, Roles =:= Names, Roles, Parent, Counters).

-spec would_be([entry()], boolean(), role_map(), none | cp_tag(), map()) ->
          [cp_tag()].
would_be([], _Ident, _Roles, _Parent, _Counters) ->
    [];
would_be([{CpId, _, _} | Chain], Ident, Roles, Parent, Counters) ->
    Key = case Ident of
              true -> CpId;
              false -> {CpId, Roles}
          end,
    Tag = {CpId, maps:get(Key, Counters, 0) + 1, parent_hash(CpId, Key, Parent)},
    [Tag | would_be(Chain, Ident, Roles, Tag, #{})].

%% The part of a chain that enters the instance Tag, if it is one of them.
-spec chain_to(cp_tag(), [{step(), [entry()], [cp_tag()]}]) -> [[entry()]].
chain_to(Tag, Entries) ->
    [lists:sublist(Chain, length(Tags) - length(After) + 1)
     || {_, Chain, Tags} <- Entries,
        After <- [lists:dropwhile(fun(T) -> T =/= Tag end, Tags)],
        After =/= []].

%% Waits in a receive some of whose steps enter checkpoints.
-spec recv_entering(role(), [step(), ...], label(), env(), timeout(),
                    [{step(), [entry()]}], code(), ctx(), #role{}) -> handled().
recv_entering(From, Steps, Label, Env, Within, Enters, Code,
              #ctx{roles = Roles, tag = CtxTag} = Ctx, S) ->
    Phys = map_get(From, Roles),
    Entries = case Enters of
                  [{Step0, [_] = Chain0}] -> [{Step0, Chain0, would_be(Chain0, Ctx, S)}];
                  _ -> [{St, Ch, would_be(Ch, Ctx, S)} || {St, Ch} <- Enters]
              end,
    Told = case cpr(S) of
               #cpr{rescued = Rescued} when map_size(Rescued) > 0 ->
                   [Ch || {_, _, Tags} <- Entries, T <- Tags,
                          is_map_key(T, Rescued), Ch <- chain_to(T, Entries)];
               _ ->
                   []
           end,
    case Told of
        [Chain | _] ->
            %% The owner said that one of them failed: into its rescue.
            {rescue, Tag, Rescue, Outside, S1} = enter_chain(Chain, Env, Code, Ctx, S),
            to_rescue(Tag, Rescue, Env, Code, Outside, S1);
        [] ->
            Tag = env_tag(CtxTag),
            Wait = #ewait{from = Phys, steps = Steps, label = Label, env = Env,
                          timer = infinity, code = Code, ctx = Ctx, tag = Tag,
                          enters = Entries},
            case S#role.buffered =/= 0 andalso take_entering(Phys, Wait, S) of
                {Step, Payload, MsgTag, S1} ->
                    arrive(Step, Payload, MsgTag, Wait, S1);
                _ ->
                    Timer = case Within of
                                infinity -> infinity;
                                Ms -> erlang:start_timer(Ms, self(), '$choreo_within')
                            end,
                    {noreply, flush(S#role{wait = Wait#ewait{timer = Timer}})}
            end
    end.

%% The oldest buffered message for such a receive.
-spec take_entering(role(), #ewait{}, #role{}) ->
          {step(), term(), none | cp_tag(), #role{}} | none.
take_entering(From, #ewait{steps = Steps, tag = Tag, enters = Enters}, S) ->
    Plain = Steps -- [Step || {Step, _, _} <- Enters],
    Tries = [{Tag, Plain} || Plain =/= []]
        ++ [{lists:last(Tags), [Step]} || {Step, _, Tags} <- Enters],
    take_first(From, Tries, S).

-spec take_first(role(), [{none | cp_tag(), [step(), ...]}], #role{}) ->
          {step(), term(), none | cp_tag(), #role{}} | none.
take_first(_From, [], _S) ->
    none;
take_first(From, [{Tag, Steps} | Tries], S) ->
    case take(From, Tag, Steps, S) of
        {Step, Payload, S1} -> {Step, Payload, Tag, S1};
        none -> take_first(From, Tries, S)
    end.

%% A message for a receive that may enter checkpoints: enter them, then go
%% on as after any message.
-spec arrive(step(), term(), none | cp_tag(), #ewait{}, #role{}) -> handled().
arrive(Step, Payload, MsgTag, #ewait{from = From, label = Label, env = Env,
                                     timer = Timer, tag = Tag, enters = Enters,
                                     steps = Steps,
                                     code = {_, _, Resume} = Code, ctx = Ctx},
       S) ->
    case [Chain || {St, Chain, Tags} <- Enters, St =:= Step,
                   lists:last(Tags) =:= MsgTag] of
        [Chain | _] ->
            _ = Timer =:= infinity orelse
                    erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
            case enter_chain(Chain, Env, Code, Ctx, S#role{wait = none}) of
                {entered, Inside, S1} ->
                    trace_recv(From, Step, Payload, S1),
                    resume(Resume, Label, Step, Payload, Env, Code, Inside, S1);
                {rescue, Failed, Rescue, Outside, S1} ->
                    %% A message of a block that failed: dropped.
                    to_rescue(Failed, Rescue, Env, Code, Outside, S1)
            end;
        [] when MsgTag =:= Tag ->
            case lists:member(Step, Steps) of
                true ->
                    consume(Step, Payload,
                            #wait{from = From, steps = Steps, label = Label, env = Env,
                                  timer = Timer, code = Code, ctx = Ctx}, S);
                false -> buffer(From, MsgTag, Step, Payload, S)
            end;
        [] ->
            buffer(From, MsgTag, Step, Payload, S)
    end.

%% The end of this role's part of a block.
-spec block_end(#cp{}, commit_plan(), label(), env(), code(), ctx(), #role{}) ->
          handled().
block_end(Cp, {close, [], Notify}, Join, Env, Code, #ctx{roles = Roles}, S) ->
    commit(Cp, [map_get(R, Roles) || R <- Notify], Join, Env, Code, S);
block_end(#cp{tag = Tag} = Cp, {close, Awaited, Notify}, Join, Env, Code,
          #ctx{roles = Roles}, #role{cp = #cpr{dones = Dones} = C} = S) ->
    Tell = [map_get(R, Roles) || R <- Notify],
    case [map_get(R, Roles) || R <- Awaited] -- maps:get(Tag, Dones, []) of
        [] ->
            commit(Cp, Tell, Join, Env, Code,
                   set_cpr(C#cpr{dones = maps:remove(Tag, Dones)}, S));
        Left ->
            verdict(#vwait{cp = Cp, decides = true, awaiting = Left,
                           notify = Tell, label = Join, env = Env, code = Code}, S)
    end;
block_end(#cp{tag = Tag} = Cp, {report, Collector}, Join, Env, Code,
          #ctx{ref = Ref, roles = Roles, pids = Pids}, #role{me = Me} = S) ->
    _ = map_get(Collector, Pids) ! {'$choreo_cp', Ref, done, {Tag, Me}},
    verdict(#vwait{cp = Cp, collector = map_get(Collector, Roles), label = Join,
                   env = Env, code = Code}, S);
block_end(Cp, {wait, Collector}, Join, Env, Code, #ctx{roles = Roles}, S) ->
    verdict(#vwait{cp = Cp, collector = map_get(Collector, Roles), label = Join,
                   env = Env, code = Code}, S).

%% Waits for the verdict, unless it has come already.
-spec verdict(#vwait{}, #role{}) -> handled().
verdict(#vwait{cp = #cp{tag = Tag}} = W,
        #role{cp = #cpr{committed = Committed} = C} = S)
  when is_map_key(Tag, Committed) ->
    commit(set_cpr(C#cpr{committed = maps:remove(Tag, Committed)},
                   S#role{wait = W}));
verdict(#vwait{collector = Collector, cp = Cp, decides = false} = W,
        #role{buffered = Buffered, buffers = Buffers} = S)
  when Buffered > 0 ->
    %% A message of the collector sent after the block may be here already.
    Told = lists:any(fun({From, T}) when From =:= Collector -> implies(T, Cp);
                        (_) -> false
                     end, maps:keys(Buffers)),
    case Told of
        true -> commit(S#role{wait = W});
        false -> {noreply, flush(S#role{wait = W})}
    end;
verdict(W, S) ->
    {noreply, flush(S#role{wait = W})}.

%% Whether a message with tag Tag from the collector of instance Cp tells
%% that Cp committed: it was sent in the next instance of the same
%% checkpoint under the same parent (a checkpoint in a loop). After a
%% rescue the next instance skips a number (see skip_instance/2), so that
%% the rescue of Cp, or anything in it, never looks like its commit.
-spec implies(none | cp_tag(), #cp{} | cp_tag()) -> boolean().
implies(Tag, #cp{tag = Cp}) ->
    implies(Tag, Cp);
implies({CpId, N1, H}, {CpId, N, H}) ->
    N1 =:= N + 1;
implies(_Tag, _Cp) ->
    false.

%% The verdict is commit: leave the block and go on after it.
-spec commit(#role{}) -> handled().
commit(#role{wait = #vwait{cp = Cp, decides = true, notify = Notify,
                           label = Join, env = Env, code = Code}} = S) ->
    commit(Cp, Notify, Join, Env, Code, S#role{wait = none});
commit(#role{wait = #vwait{cp = Cp, label = Join, env = Env, code = Code}} = S) ->
    commit(Cp, [], Join, Env, Code, S#role{wait = none}).

-spec commit(#cp{}, [role()], label(), env(), code(), #role{}) -> handled().
commit(#cp{tag = Tag, ctx = Ctx} = Cp, Notify, Join, Env, {_, _, Resume} = Code,
       #role{cp = #cpr{cps = [Cp | Cps]} = C} = S) ->
    _ = Notify =:= [] orelse
            %% The others learn it from the next message this role sends
            %% them after the block (send/4 notes it), or from a notice
            %% before it waits (flush/1).
            case get('$choreo_pending') of
                undefined -> put('$choreo_pending', [{Tag, Notify}]);
                Pending -> put('$choreo_pending', [{Tag, Notify} | Pending])
            end,
    S1 = set_cpr(C#cpr{cps = Cps}, S),
    resume(Resume, Join, return, commit, Env, Code, refresh(Ctx, S1), S1).

%% Notes that the message just sent to To tells it that a block committed.
-spec noted(none | cp_tag(), role()) -> ok.
noted(Tag, To) ->
    case get('$choreo_pending') of
        undefined ->
            ok;
        [{Cp, [To]}] ->
            %% The usual case: one block, one role to tell.
            _ = implies(Tag, Cp) andalso erase('$choreo_pending'),
            ok;
        Pending ->
            case note(Pending, Tag, To) of
                [] -> _ = erase('$choreo_pending'), ok;
                Pending1 -> _ = put('$choreo_pending', Pending1), ok
            end
    end.

-spec note([{cp_tag(), [role()]}], none | cp_tag(), role()) ->
          [{cp_tag(), [role()]}].
note([], _Tag, _To) ->
    [];
note([{Cp, Roles} = Entry | Rest], Tag, To) ->
    case lists:member(To, Roles) andalso implies(Tag, Cp) of
        true ->
            case lists:delete(To, Roles) of
                [] -> note(Rest, Tag, To);
                Roles1 -> [{Cp, Roles1} | note(Rest, Tag, To)]
            end;
        false ->
            [Entry | note(Rest, Tag, To)]
    end.

%% Before the role waits: commit notices that no message has carried.
-spec flush(#role{}) -> #role{}.
flush(#role{ref = Ref, peers = Peers} = S) ->
    _ = case erase('$choreo_pending') of
            undefined ->
                ok;
            Pending ->
                [map_get(R, Peers) ! {'$choreo_cp', Ref, commit, Tag}
                 || {Tag, Roles} <- lists:reverse(Pending), R <- Roles]
        end,
    S.

%% The messages of checkpoints: commit notices, `done' reports (to a
%% collector) and the owner's order to abandon a block.
-spec cp_signal(atom(), term(), #role{}) -> handled().
cp_signal(commit, Tag, #role{wait = #vwait{cp = #cp{tag = Tag}}} = S) ->
    commit(S);
cp_signal(commit, Tag, S) when ?IS_TAG(Tag) ->
    %% Before this role got to the end of its part (it takes part in the
    %% rescue only, and has not reached the block yet).
    #cpr{committed = Committed} = C = cpr(S),
    {noreply, set_cpr(C#cpr{committed = Committed#{Tag => true}}, S)};
cp_signal(rescue, Tag, #role{ref = Ref, me = Me, session = Session} = S)
  when ?IS_TAG(Tag) ->
    {choreo_session, _, Owner} = Session,
    Owner ! {'$choreo_cp', Ref, ack, {Tag, Me}},
    #cpr{cps = Cps, abandoned = Abandoned, rescued = Rescued} = C = cpr(S),
    case lists:keymember(Tag, #cp.tag, Cps) of
        true ->
            rescue(Tag, S);
        false when is_map_key(Tag, Abandoned) ->
            {noreply, S};
        false ->
            S1 = set_cpr(C#cpr{rescued = Rescued#{Tag => true}}, S),
            case S1 of
                #role{wait = #ewait{enters = Entries, env = Env,
                                   code = Code, ctx = Ctx, timer = Timer}} ->
                    case chain_to(Tag, Entries) of
                        [Chain | _] ->
                            %% Waiting for the message that would enter it:
                            %% into its rescue instead.
                            _ = Timer =:= infinity orelse
                                    erlang:cancel_timer(Timer, [{async, true},
                                                                {info, false}]),
                            {rescue, Tag, Label, Outside, S2} =
                                enter_chain(Chain, Env, Code, Ctx, S1#role{wait = none}),
                            to_rescue(Tag, Label, Env, Code, Outside, S2);
                        [] ->
                            {noreply, S1}
                    end;
                _ ->
                    {noreply, S1}
            end
    end;
cp_signal(go, Tag, #role{wait = #rwait{tag = Tag, label = Label, env = Env,
                                       code = {_, _, Resume} = Code, ctx = Ctx}} = S) ->
    resume(Resume, Label, return, rescue, Env, Code, refresh(Ctx, S), S#role{wait = none});
cp_signal(go, Tag, S) when ?IS_TAG(Tag) ->
    #cpr{gone = Gone} = C = cpr(S),
    {noreply, set_cpr(C#cpr{gone = Gone#{Tag => true}}, S)};
cp_signal(done, {Tag, From}, #role{peers = Peers} = S)
  when ?IS_TAG(Tag), is_atom(From) ->
    case is_map_key(From, Peers) of
        true -> handle_done(Tag, From, S);
        false -> drop(unknown_sender, {'$choreo_cp', done, {Tag, From}}, S)
    end;
cp_signal(What, Arg, S) ->
    drop(bad_checkpoint_message, {'$choreo_cp', What, Arg}, S).

-spec handle_done(cp_tag(), role(), #role{}) -> handled().
handle_done(Tag, From,
            #role{wait = #vwait{cp = #cp{tag = Tag}, decides = true,
                                awaiting = Awaiting} = W} = S) ->
    case lists:delete(From, Awaiting) of
        [] -> commit(S#role{wait = W#vwait{awaiting = []}});
        Left -> {noreply, S#role{wait = W#vwait{awaiting = Left}}}
    end;
handle_done(Tag, From, S) ->
    case stale(Tag, S) of
        true ->
            {noreply, S};
        false ->
            #cpr{dones = Dones} = C = cpr(S),
            Dones1 = Dones#{Tag => [From | maps:get(Tag, Dones, [])]},
            {noreply, set_cpr(C#cpr{dones = Dones1}, S)}
    end.

%% A failure inside the innermost block: report it to the owner, and run
%% the rescue from the state at entry.
-spec failed(term(), #role{}) -> handled().
failed(Reason, #role{cp = #cpr{cps = [#cp{tag = Tag, parts = Parts} | _]},
                     ref = Ref, me = Me, session = Session} = S) ->
    ?LOG_NOTICE("choreo role ~0p of session ~0p failed in checkpoint ~0p, "
                "which it rescues: ~0tP", [Me, Session, Tag, Reason, 30],
                #{domain => [choreo]}),
    {choreo_session, _, Owner} = Session,
    Owner ! {'$choreo_cp', Ref, failed, {Tag, Me, Parts, Reason}},
    rescue(Tag, S).

%% Abandons the instance Tag (and those inside it) and runs its B2 with the
%% variables at entry, in the frame that entered it.
-spec rescue(cp_tag(), #role{}) -> handled().
rescue(Tag, #role{cp = #cpr{cps = Cps} = C} = S) ->
    {Inner, [#cp{code = Code, ctx = Ctx, stack = Stack,
                 env = Env, rescue = Label, key = Key} | Outer]} =
        lists:splitwith(fun(#cp{tag = T}) -> T =/= Tag end, Cps),
    S1 = abandon_tags([Tag | [T || #cp{tag = T} <- Inner]],
                      set_cpr(skip_instance(Key, C#cpr{cps = Outer}),
                              cancel_wait(S))),
    to_rescue(Tag, Label, Env, Code, refresh(Ctx, S1), S1#role{stack = Stack}).

%% B2 starts once the owner says that every participant has abandoned the
%% block (`go'): no participant may go on after the block while another one
%% still waits for a message that would enter it.
-spec to_rescue(cp_tag(), label(), env(), code(), ctx(), #role{}) -> handled().
to_rescue(Tag, Label, Env, {_, _, Resume} = Code, Ctx,
          #role{cp = #cpr{gone = Gone} = C} = S) ->
    case is_map_key(Tag, Gone) of
        true ->
            S1 = set_cpr(C#cpr{gone = maps:remove(Tag, Gone)}, S#role{wait = none}),
            resume(Resume, Label, return, rescue, Env, Code, Ctx, S1);
        false ->
            {noreply, flush(S#role{wait = #rwait{tag = Tag, label = Label, env = Env,
                                                 code = Code, ctx = Ctx}})}
    end.

-spec cancel_wait(#role{}) -> #role{}.
cancel_wait(#role{wait = #wait{timer = Timer}} = S) when Timer =/= infinity ->
    _ = erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
    S#role{wait = none};
cancel_wait(#role{wait = #ewait{timer = Timer}} = S) when Timer =/= infinity ->
    _ = erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
    S#role{wait = none};
cancel_wait(S) ->
    S#role{wait = none}.

%% Marks instances as abandoned: their buffered messages are dropped, and
%% so will be those that come later.
-spec abandon_tags([cp_tag()], #role{}) -> #role{}.
abandon_tags(Tags, #role{buffers = Buffers, buffered = N,
                         cp = #cpr{abandoned = Abandoned, dones = Dones,
                                   committed = Committed} = C} = S) ->
    Gone = maps:from_list([{T, true} || T <- Tags]),
    {Stale, Kept} = lists:partition(
                      fun({{_From, T}, _Q}) -> is_map_key(T, Gone);
                         (_) -> false
                      end, maps:to_list(Buffers)),
    Dropped = lists:sum([queue:len(Q) || {_, Q} <- Stale]),
    C1 = C#cpr{abandoned = maps:merge(Abandoned, Gone),
               dones = maps:without(Tags, Dones),
               committed = maps:without(Tags, Committed)},
    mirror_buffers(set_cpr(C1, S#role{buffers = maps:from_list(Kept),
                                      buffered = N - Dropped})).

%% Inside a block the buffers are mirrored in the process dictionary too,
%% for a replacement (see restart/6).
-spec mirror_buffers(#role{}) -> #role{}.
mirror_buffers(#role{cp = #cpr{cps = [_ | _]} = C, buffers = Buffers} = S) ->
    _ = put('$choreo_buffers', Buffers),
    case C of
        #cpr{mirrored = true} -> S;
        _ -> set_cpr(C#cpr{mirrored = true}, S)
    end;
mirror_buffers(S) ->
    S.

%% Entering a block from the top: the mirror of the buffers is made right.
-spec mirror_all(#role{}) -> #role{}.
mirror_all(#role{buffered = 0, cp = #cpr{mirrored = false}} = S) ->
    S;
mirror_all(#role{buffered = 0, cp = C} = S) ->
    _ = erase('$choreo_buffers'),
    set_cpr(C#cpr{mirrored = false}, S);
mirror_all(S) ->
    mirror_buffers(S).

%% The owner replaced a participant of a failed block: new pids.
-spec new_peers(#{role() => pid()}, non_neg_integer(), #role{}) -> handled().
new_peers(Peers, Gen, #role{running = false} = S) ->
    %% A replacement that has not started: restart/6 brings peers too.
    #cpr{gen = Old} = C = cpr(S),
    case Gen > Old of
        true -> {noreply, S#role{peers = Peers, cp = C#cpr{gen = Gen}}};
        false -> {noreply, S}
    end;
new_peers(Peers, Gen, #role{ref = Ref, me = Me, session = Session,
                            wait = Wait} = S) ->
    C = cpr(S),
    S1 = set_cpr(C#cpr{gen = Gen}, S#role{peers = Peers}),
    Wait1 = case Wait of
                #wait{ctx = Ctx} -> Wait#wait{ctx = refresh(Ctx, S1)};
                #ewait{ctx = Ctx} -> Wait#ewait{ctx = refresh(Ctx, S1)};
                _ -> Wait
            end,
    {choreo_session, _, Owner} = Session,
    Owner ! {'$choreo_cp', Ref, peers_ack, {Me, Gen}},
    {noreply, S1#role{wait = Wait1}}.

%% The start of a replacement: the state the old process kept for the
%% block Tag, its buffered messages and its mailbox, then B2.
-spec restart(cp_tag(), [{term(), term()}], #{role() => pid()},
              non_neg_integer(), [term()], #role{}) -> handled().
restart(Tag, Dict, Peers, Gen, Mailbox, #role{buffers = Direct} = S) ->
    #cpr{held = Held, gen = Gen0} = Mine = cpr(S),
    Old = proplists:get_value('$choreo_cpr', Dict, #cpr{}),
    Buffers = proplists:get_value('$choreo_buffers', Dict, #{}),
    {Peers1, Gen1} = case Gen0 > Gen of
                         true -> {S#role.peers, Gen0};
                         false -> {Peers, Gen}
                     end,
    _ = Mine,
    S0 = set_cpr(Old#cpr{held = [], gen = Gen1, mirrored = false},
                 S#role{running = true, args = [], peers = Peers1,
                        buffers = Buffers,
                        buffered = lists:sum([queue:len(Q)
                                              || Q <- maps:values(Buffers)])}),
    %% Oldest first, per sender: what the old process had buffered, its
    %% mailbox, then what came here directly.
    S1 = lists:foldl(fun stash/2, mirror_buffers(S0), Mailbox),
    S2 = maps:fold(fun(Key, Q, Acc) ->
                           {From, T} = case Key of
                                           {_, _} -> Key;
                                           _ -> {Key, none}
                                       end,
                           lists:foldl(fun({Step, Payload}, Acc1) ->
                                               {noreply, Acc2} =
                                                   keep(From, T, Step, Payload, Acc1),
                                               Acc2
                                       end, Acc, queue:to_list(Q))
                   end, S1, Direct),
    Signals = [M || {'$choreo_cp', _, _, _} = M <- Mailbox] ++ lists:reverse(Held),
    case lists:keymember(Tag, #cp.tag, cps(S2)) of
        true -> replay(Signals, rescue(Tag, S2));
        false -> replay(Signals, {noreply, S2})
    end.

%% An envelope of the old mailbox, into the buffers.
-spec stash(term(), #role{}) -> #role{}.
stash({'$choreo', Ref, From, Step, Payload}, #role{ref = Ref} = S) ->
    {noreply, S1} = keep(From, none, Step, Payload, S),
    S1;
stash({'$choreo', Ref, From, Step, Payload, Tag}, #role{ref = Ref} = S)
  when ?IS_TAG(Tag) ->
    {noreply, S1} = keep(From, Tag, Step, Payload, S),
    S1;
stash(_Other, S) ->
    S.

-spec replay([term()], handled()) -> handled().
replay([], Result) ->
    Result;
replay([M | Ms], {noreply, S}) ->
    replay(Ms, handle_role_info(M, S));
replay(_Ms, Stop) ->
    Stop.
