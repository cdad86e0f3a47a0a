%%% The driver of a role process of the generic back end.
%%%
%%% A role is a gen_server generated per role. Its callbacks delegate (via
%%% choreo_runtime's init/2, handle_role_info/2, handle_role_call/3 and
%%% handle_role_cast/2) to init/2, handle_info/2, handle_call/3 and
%%% handle_cast/2 here, which drive the role's projection: the generated
%%% enter/2 and resume/5 return a next() that says what to do. Messages
%%% that arrive before their step wait in a FIFO buffer per sender.
%%%
%%% Checkpoints (`checkpoint { B1 } rescue { B2 }'), a role's side. Each
%%% participant keeps a stack of checkpoint frames (#cp{}: where B2 starts
%%% and with what, the frame stack below), pushed at entry in O(1): nothing
%%% is copied. Every instance of a checkpoint has a tag that its
%%% participants compute alike (choreo_checkpoint), and messages sent
%%% inside a block carry the tag of the innermost instance, so that a
%%% message of an abandoned block is never consumed. A block commits when
%%% every participant has finished its part; the generated code says who
%%% knows it (the collector, which commits and tells the others, often with
%%% its next ordinary message); nothing goes through the owner then. A
%%% failure inside a block (an exception in the generated code or a
%%% callback, a pattern that does not match, an expired `within') is caught
%%% in the role process, which restores its state at entry, runs B2 and
%%% reports the failure to the owner (choreo_owner), which tells the other
%%% participants to abandon the block. See "Checkpoints" in
%%% docs/internals/runtime-contract.md.
%%%
%%% The path of a message that a role is waiting for (handle_info/2,
%%% consume/4, drive/4, send/4) is kept lean: no logging, no map rebuilt,
%%% no lookup of the projection module, tracing checked by a match. Code
%%% that never enters a checkpoint takes the same path as before they
%%% existed.
%%%
%%% Messages are logged at `notice' with the metadata `domain => [choreo]'
%%% when dropped, so that a logger filter on that domain can silence them.
-module(choreo_role).

-include_lib("kernel/include/logger.hrl").

%% The gen_server callbacks of a role (through choreo_runtime)
-export([init/2, handle_info/2, handle_call/3, handle_cast/2]).

%% Generated code (through choreo_runtime)
-export([send/4, impl/1]).

%% Generated code for role families (through choreo_runtime)
-export([send/5, broadcast/4, size/2, index/1, start_members/5]).

%% choreo_owner: the argument of a role's start, the start of a role on
%% another node (through erpc), and what a busy participant kept
-export([init_arg/1, start_remote/3, inside/2]).

%% choreo_owner: a member of a family (a process each, not supervised)
-export([start_member/1]).

-export_type([ctx/0, next/0, role_init/0, role_state/0]).

-type role() :: choreo_runtime:role().
-type peer() :: choreo_family:peer().
%% A role, or a member of a family ({Family, I}).
-type step() :: choreo_runtime:step().
-type session() :: choreo_runtime:session().
-type cp_id() :: choreo_checkpoint:cp_id().
-type cp_tag() :: choreo_checkpoint:tag().
-type commit_plan() :: choreo_checkpoint:commit_plan().
-type entry() :: choreo_checkpoint:entry().

-type label() :: pos_integer().
-type env() :: tuple().
-type role_map() :: #{role() => peer()}.

-type next() :: {recv, From :: peer(), Steps :: [step(), ...], label(), env(),
                 Within :: timeout()}
              | {recv, From :: peer(), Steps :: [step(), ...], label(), env(),
                 Within :: timeout(),
                 Enters :: [{step(), [{cp_id(), Parts :: [role()],
                                       Rescue :: label()}, ...]}]}
              | {call, module(), Args :: [term()], role_map(), label(), env()}
              | {tail_call, module(), Args :: [term()], role_map()}
              | {gather, Family :: role(), step(), label(), env(), Within :: timeout()}
              | {call, module(), Args :: [term()], role_map(), label(), env(), news()}
              | {tail_call, module(), Args :: [term()], role_map(), news()}
              | {return, Value :: term()}
              | {checkpoint, cp_id(), Parts :: [role()], Body :: label(),
                 Rescue :: label(), env()}
              | {checkpoint_end, cp_id(), commit_plan(), Join :: label(), env()}.
%% What a generated enter/2 or resume/5 asks the runtime to do next.

-type ctx_tag() :: none | root | cp_tag().

-type news() :: [{Family :: role(), choreo_family:members() | none}].
%% The families started with `new' for a call that this role knows.

-type pids() :: #{role() => pid() | choreo_family:members() | none | new | undefined}.
%% A family's entry is the tuple of its members' pids; `none' in a member's
%% own family; `new' for a family started during the session that the role
%% has not met; `undefined' before the start.

-record(ctx, {
    ref :: reference(),
    me :: peer(),                     % the physical role running this frame
    session :: session(),
    impl :: module() | undefined,
    trace :: pid() | undefined,
    peers :: pids(),                  % physical role => pid
    roles :: role_map(),              % frame role => physical role
    pids :: pids(),                   % frame role => pid, for send/4
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
    role :: peer(),
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
    tag :: cp_tag(),                  % {CpId, N, H}
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
    from :: peer(),                   % physical role
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

%% A gather: one message of `step' from each member of `family'.
-record(gwait, {
    family :: role(),                 % physical
    size :: non_neg_integer(),        % its number of members
    step :: step(),
    tag :: none | cp_tag(),           % of the awaited messages
    gather :: choreo_family:gather(),
    label :: label(),
    env :: env(),
    timer :: reference() | infinity,
    code :: code(),
    ctx :: ctx()
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

-type buffer_key() :: peer() | {peer(), none | cp_tag()}.

%% What a role keeps of its checkpoints besides its frames and counters
%% (the `cps' and `counters' of #role{}, which change at every block): what
%% the rarer events (rescues, early verdicts, replacements) leave.
-record(cpr, {
    gen = 0 :: non_neg_integer(),     % generation of the peers' pids
    abandoned = #{} :: #{cp_tag() => true},  % rescued here: drop its messages
    rescued = #{} :: #{cp_tag() => true},    % told to rescue before entry
    committed = #{} :: #{cp_tag() => true},  % told to commit before the end
    dones = #{} :: #{cp_tag() => [role()]},  % `done' reports (collector)
    gone = #{} :: #{cp_tag() => true},       % `go' before it was awaited
    held = [] :: [term()]             % control messages before the start
}).

%% The state of a role, copied at every change of its wait and of its
%% checkpoint frames: what does not change is kept small (the owner is in
%% the session, the start arguments in `running' until the start), and the
%% frames and counters of checkpoints are fields of their own, so that a
%% block in a loop copies this record once where it waits for its next
%% message and once where it enters the next instance (after_top/5,
%% enter_top/10, in_top/6).
%%
%% Once the role has used checkpoints, its frames, counters and #cpr{} are
%% copied in the process dictionary ('$choreo_cpr', as {Frames, Counters,
%% #cpr{}}) when they change, except at a commit (see set_cpr/2), and its
%% buffers too ('$choreo_buffers'), where the owner can read them if it must
%% replace this process while it is busy (choreo_owner:busy_inside/3).
-record(role, {
    ref :: reference(),
    session :: session(),
    me :: peer(),
    module :: module(),
    impl :: module() | undefined,
    trace :: pid() | undefined,
    peers :: pids(),
    running = {false, []} :: {false, Args :: [term()]} | true,
    wait = none :: #wait{} | #ewait{} | #gwait{} | #vwait{} | #rwait{} | none,
    stack = [] :: [frame()],
    buffered = 0 :: non_neg_integer(),
    buffers = #{} :: #{buffer_key() => queue:queue({step(), term()})},
    cps = [] :: [#cp{}],              % the instances it is in, innermost first
    counters = #{} :: #{term() => pos_integer()},  % instances at the top
    cp = none :: none | #cpr{}        % once the role has used a checkpoint
}).
-opaque role_state() :: #role{}.
%% The gen_server state of a role process.


-define(IS_STEP(S),
        ((is_integer(S) andalso S > 0)
         orelse (is_tuple(S) andalso tuple_size(S) =:= 2
                 andalso ((element(1, S) =:= select
                           andalso (is_atom(element(2, S))
                                    orelse is_integer(element(2, S))))
                          orelse (element(1, S) =:= new
                                  andalso is_atom(element(2, S))))))).

-define(IS_TAG(T),
        (is_tuple(T) andalso tuple_size(T) =:= 3
         andalso is_integer(element(1, T)) andalso is_integer(element(2, T))
         andalso is_integer(element(3, T)))).

%% Small helpers of the path of every message, inlined: a call each costs
%% about as much as its body.
-compile({inline, [trace_recv/4, stale/2, env_tag/1, set_cpr/2, snapshot/1,
                   implies/2, mirror_buffers/1, refresh/2,
                   wait_entering/4, flush/1, close/8, owe/2]}).

%% The min_heap_size (words) of a role once it enters a checkpoint: its
%% frames would make it collect garbage about once per message otherwise.
%% Measured on ping_pong with a checkpoint per round (bench.checkpoint_bench):
%% 233 (the default) 1.86 times ping_pong's time, 987 1.60, 2584 1.52, 4181
%% 1.51; 2584 words (20 KB) is where the gain levels off.
-define(CP_HEAP, 2584).

%%--------------------------------------------------------------------
%% The gen_server callbacks of a role
%%--------------------------------------------------------------------

%% @doc The init/1 of a role module. Nothing of the projection runs until
%% the owner sends the peers; envelopes that come earlier are buffered.
-spec init(Module :: module(), Init :: role_init()) -> {ok, role_state()}.
init(Module, #init{module = Module, link = Link, owner = Owner, ref = Ref,
                   role = Role} = Init) ->
    %% Linked to the owner: if the owner is killed, so is the role; and the
    %% owner learns the reason of every role's end, even during the start.
    true = link(Owner),
    Owner ! {'$choreo_up', Ref, Role, self()},
    _ = is_pid(Link) andalso link(Link),
    #init{ref = Ref, session = Session, owner = Owner, role = Me, impl = Impl,
          trace = Trace, args = Args, roles = Roles} = Init,
    {ok, #role{ref = Ref, session = Session, me = Me, module = Module,
               impl = Impl, trace = Trace, running = {false, Args},
               peers = maps:from_list([{R, undefined} || R <- Roles])}}.

%% @doc The handle_info/2 of a role module: envelopes, the start signal,
%% `within' timers and the messages of checkpoints.
-spec handle_info(Info :: term(), State :: role_state()) ->
          {noreply, role_state()} | {stop, term(), role_state()}.
handle_info({'$choreo', Ref, From, Step, Payload},
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
handle_info({'$choreo', Ref, {Family, I} = From, Step, Payload},
                 #role{ref = Ref, wait = #gwait{family = Family, size = N, step = Step,
                                                tag = none}} = S)
  when is_integer(I), I >= 1, I =< N ->
    %% The same for a gather from a family: a message of the awaited step
    %% from one of its members.
    gathered(From, I, Payload, S);
handle_info({'$choreo', Ref, From, Step, Payload, Tag},
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
handle_info({'$choreo', Ref, From, Step, Payload, {CpId, N1, H} = Tag},
                 #role{ref = Ref,
                       wait = #vwait{collector = From, decides = false,
                                     cp = #cp{tag = {CpId, N, H}}}} = S)
  when N1 =:= N + 1, ?IS_STEP(Step) ->
    %% The collector's message of the next instance of the checkpoint this
    %% role waits for the verdict of (a checkpoint in a loop): the block
    %% committed (implies/2), and the message goes where it would have, had
    %% it come later.
    case S of
        #role{cps = [#cp{ctx = Ctx} = Cp],
              wait = #vwait{cp = Cp, label = Join, env = Env,
                            code = {_, _, Resume} = Code}} ->
            %% Out of the last block: the message in hand goes with the drive
            %% (after_top/5).
            Ctx1 = refresh(Ctx, S),
            after_top(Resume(Join, return, commit, Env, Ctx1), Code, Ctx1, S,
                      {From, Tag, Step, Payload});
        #role{wait = #vwait{cp = Cp, label = Join, env = Env, code = Code}} ->
            case commit(Cp, [], Join, Env, Code, S) of
                {noreply, S1} -> dispatch(From, Tag, Step, Payload, S1);
                Stop -> Stop
            end
    end;
handle_info({'$choreo', Ref, From, Step, Payload} = Info,
                 #role{ref = Ref, peers = Peers} = S) ->
    case is_map_key(From, Peers) orelse choreo_family:is_sender(From, Peers) of
        true when ?IS_STEP(Step) -> envelope(From, none, Step, Payload, S);
        true -> drop(bad_step, Info, S);
        false -> drop(unknown_sender, Info, S)
    end;
handle_info({'$choreo', Ref, From, Step, Payload, Tag} = Info,
                 #role{ref = Ref, peers = Peers} = S) ->
    case is_map_key(From, Peers) orelse choreo_family:is_sender(From, Peers) of
        true when ?IS_STEP(Step), ?IS_TAG(Tag) ->
            envelope(From, Tag, Step, Payload, S);
        true -> drop(bad_step, Info, S);
        false -> drop(unknown_sender, Info, S)
    end;
handle_info({'$choreo', _Ref, _From, _Step, _Payload} = Info, S) ->
    drop(other_session, Info, S);
handle_info({'$choreo', _Ref, _From, _Step, _Payload, _Tag} = Info, S) ->
    drop(other_session, Info, S);
handle_info({'$choreo_cp', Ref, _, _} = Info,
                 #role{ref = Ref, running = {false, _}} = S) ->
    %% A replacement that has not started yet (see restart/6).
    #cpr{held = Held} = C = cpr(S),
    {noreply, S#role{cp = C#cpr{held = [Info | Held]}}};
handle_info({'$choreo_cp', Ref, What, Arg}, #role{ref = Ref} = S) ->
    cp_signal(What, Arg, S);
handle_info({timeout, TRef, '$choreo_within'},
                 #role{wait = #wait{timer = TRef, steps = Steps}} = S)
  when is_reference(TRef) ->
    case S of
        #role{cps = [_ | _]} ->
            %% Inside a checkpoint: a failure of the innermost block.
            failed({choreo_timeout, Steps}, S#role{wait = none});
        _ ->
            {stop, {shutdown, {choreo_timeout, Steps}}, S#role{wait = none}}
    end;
handle_info({timeout, TRef, '$choreo_within'},
                 #role{wait = #ewait{timer = TRef, steps = Steps}} = S)
  when is_reference(TRef) ->
    %% (Outside the checkpoints it would enter.)
    case S of
        #role{cps = [_ | _]} ->
            failed({choreo_timeout, Steps}, S#role{wait = none});
        _ ->
            {stop, {shutdown, {choreo_timeout, Steps}}, S#role{wait = none}}
    end;
handle_info({timeout, TRef, '$choreo_within'},
                 #role{wait = #gwait{timer = TRef, step = Step}} = S)
  when is_reference(TRef) ->
    case S of
        #role{cps = [_ | _]} ->
            failed({choreo_timeout, [Step]}, S#role{wait = none});
        _ ->
            {stop, {shutdown, {choreo_timeout, [Step]}}, S#role{wait = none}}
    end;
handle_info({timeout, _TRef, '$choreo_within'}, S) ->
    %% A timer cancelled after it had fired.
    {noreply, S};
handle_info({'$choreo_go', Ref, Peers},
                 #role{ref = Ref, running = {false, _}} = S) ->
    go(Peers, S);
handle_info({'$choreo_peers', Ref, Peers, Gen}, #role{ref = Ref} = S) ->
    new_peers(Peers, Gen, S);
handle_info({'$choreo_restart', Ref, Tag, Dict, Peers, Gen, Mailbox},
                 #role{ref = Ref, running = {false, _}} = S) ->
    restart(Tag, Dict, Peers, Gen, Mailbox, S);
handle_info(Info, S) ->
    drop(unexpected, Info, S).

%% @doc The handle_call/3 of a role module. Roles take no calls: a call of
%% the right shape is answered `{error, unexpected_call}'; the role never
%% replies to a malformed From (gen_server would crash trying).
-spec handle_call(Request :: term(), From :: term(), State :: role_state()) ->
          {noreply, role_state()}.
handle_call(Request, From, S) ->
    _ = case From of
            {Pid, Tag} when is_pid(Pid) ->
                catch gen_server:reply({Pid, Tag}, {error, unexpected_call});
            _ ->
                ok
        end,
    drop(unexpected_call, Request, S).

%% @doc The handle_cast/2 of a role module. Roles take no casts.
-spec handle_cast(Message :: term(), State :: role_state()) ->
          {noreply, role_state()}.
handle_cast(Message, S) ->
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
send(#ctx{trace = undefined, tag = {_, _, _} = Tag, ref = Ref, me = Me, pids = Pids,
          roles = Roles}, To, Step, Payload) ->
    %% Inside a checkpoint, untraced: the path of every message of a block.
    _ = map_get(To, Pids) ! {'$choreo', Ref, Me, Step, Payload, Tag},
    noted(Tag, To, Roles);
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


%% @private Runs on the role's node (through erpc). The role links itself to
%% the session supervisor in init/2, before this temporary process
%% unlinks from it and exits.
-spec start_remote(Sup :: pid(), Module :: module(),
                        Init :: role_init()) -> {ok, pid()} | {error, term()}.
start_remote(Sup, Module, Init) ->
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


%% @private The argument of a role module's start_link/1, built by the
%% owner.
-spec init_arg(#{ref := reference(), session := session(), owner := pid(),
                 role := peer(), module := module(),
                 impl := module() | undefined, trace := pid() | undefined,
                 args := [term()], roles := [role()]}) -> role_init().
init_arg(#{ref := Ref, session := Session, owner := Owner, role := Role,
           module := Module, impl := Impl, trace := Trace, args := Args,
           roles := Roles}) ->
    #init{ref = Ref, session = Session, owner = Owner, role = Role,
          module = Module, impl = Impl, trace = Trace, args = Args,
          roles = Roles}.

%% @private Whether the process dictionary Dict of a role (a snapshot the
%% owner took) says that the role is inside the checkpoint instance Tag.
-spec inside(cp_tag(), [{term(), term()}]) -> boolean().
inside(Tag, Dict) ->
    case proplists:get_value('$choreo_cpr', Dict) of
        {Cps, _, _} -> lists:keymember(Tag, #cp.tag, Cps);
        _ -> false
    end.

%%--------------------------------------------------------------------
%% Internal: the driver of a role's projection
%%--------------------------------------------------------------------

-type handled() :: {noreply, #role{}} | {stop, term(), #role{}}.

%% Generated code runs directly outside any checkpoint (the path that code
%% without checkpoints takes, as lean as before they existed), and under a
%% try inside one (resume/8, enter/5).
-define(RESUME(Resume, Label, Step, Msg, Env, Code, Ctx, S),
        case S of
            #role{cps = [_ | _]} ->
                try Resume(Label, Step, Msg, Env, Ctx) of
                    Next__ -> drive(Next__, Code, Ctx, S)
                catch
                    Class__:Reason__:Stack__ -> failed({Class__, Reason__, Stack__}, S)
                end;
            _ ->
                drive(Resume(Label, Step, Msg, Env, Ctx), Code, Ctx, S)
        end).
-define(ENTER(Enter, Args, Code, Ctx, S),
        case S of
            #role{cps = [_ | _]} -> enter(Enter, Args, Code, Ctx, S);
            _ -> drive(Enter(Args, Ctx), Code, Ctx, S)
        end).
%% Before a role waits: commit notices that no message has carried.
-define(FLUSH(S),
        case S of
            #role{cp = none} -> S;
            _ -> flush(S)
        end).

-spec go(pids() | {frame, pids(), role_map(), pids()}, #role{}) -> handled().
go({frame, Peers, Roles, Pids}, S) ->
    member_go(Peers, Roles, Pids, S);
go(Peers, #role{ref = Ref, me = Me, session = Session, impl = Impl,
                trace = Trace, module = Module, running = {false, Args}} = S) ->
    Names = maps:map(fun(Role, _Pid) -> Role end, Peers),
    Ctx = #ctx{ref = Ref, me = Me, session = Session, impl = Impl,
               trace = Trace, peers = Peers, roles = Names, pids = Peers,
               names = Names},
    {_, Enter, _} = Code = code(Module, undefined),
    drive(Enter(Args, Ctx), Code, Ctx, S#role{running = true, peers = Peers}).

%% Runs the frame of Code with Ctx from the next() it returned, until it
%% must wait for a message or the role has its result.
-spec drive(next(), code(), ctx(), #role{}) -> handled().
drive({recv, From, Steps, Label, Env, Within}, {_, _, Resume} = Code,
      #ctx{roles = Roles, tag = none} = Ctx, #role{buffered = Buffered} = S) ->
    Phys = phys(From, Roles),
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
    Phys = phys(From, Roles),
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
        #role{cps = [_ | _]} ->
            erlang:error({return_inside_checkpoint, Value});
        #role{ref = Ref} ->
            %% The session ref: a callback that exits with a reason of this
            %% shape cannot pass for a role that finished.
            S1 = S#role{wait = none},
            ok = member_done(S1),
            {stop, {shutdown, {choreo_result, Ref, Value}}, ?FLUSH(S1)}
    end;
drive({checkpoint, CpId, Parts, Body, Rescue, Env}, Code, Ctx, S) ->
    checkpoint(CpId, Parts, Body, Rescue, Env, Code, Ctx, S);
drive({checkpoint_end, CpId, Plan, Join, Env}, Code, Ctx,
      #role{cps = [#cp{tag = {CpId, _, _}} = Cp | _]} = S) ->
    block_end(Cp, Plan, Join, Env, Code, Ctx, S);
drive({gather, Family, Step, Label, Env, Within}, Code, Ctx, S) ->
    gather(Family, Step, Label, Env, Within, Code, Ctx, S);
drive({call, Callee, Args, RoleMap, Label, Env, News}, Code, Ctx,
      #role{stack = Stack} = S) ->
    %% A call with families started for it (`new').
    Ctx1 = compose(RoleMap, with_members(News, Ctx)),
    {_, Enter, _} = Code1 = code(Callee, Code),
    S1 = S#role{stack = [{Code, Label, Env, Ctx} | Stack]},
    ?ENTER(Enter, Args, Code1, Ctx1, S1);
drive({tail_call, Callee, Args, RoleMap, News}, Code, Ctx, S) ->
    drive({tail_call, Callee, Args, RoleMap}, Code, with_members(News, Ctx), S);
drive(Next, {Module, _, _}, _Ctx, _S) ->
    erlang:error({bad_next, Module, Next}).

%% Calls generated code and drives what it returns. Inside a checkpoint an
%% exception is a failure of the innermost block, not of the role.
-spec resume(fun(), label(), step() | return, term(), env(), code(), ctx(),
             #role{}) -> handled().
resume(Resume, Label, Step, Msg, Env, Code, Ctx,
       #role{cps = [_ | _]} = S) ->
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
    {Phys, Pids} = choreo_family:compose(RoleMap, Roles, Peers),
    Ctx#ctx{roles = Phys, pids = Pids,
            names = maps:map(fun(Callee, _) -> Callee end, Phys)}.

%% A context made before the pids of the peers last changed (a participant
%% of a checkpoint was replaced) gets the new ones.
-spec refresh(ctx(), #role{}) -> ctx().
refresh(#ctx{peers = Peers} = Ctx, #role{peers = Peers}) ->
    Ctx;
refresh(#ctx{roles = Roles} = Ctx, #role{peers = Peers}) ->
    Ctx#ctx{peers = Peers,
            pids = maps:map(fun(_Role, R) -> choreo_family:pid(R, Peers) end, Roles)}.

-spec consume(step(), term(), #wait{}, #role{}) -> handled().
consume(Step, Payload, #wait{from = From, label = Label, env = Env,
                             timer = Timer, code = {_, _, Resume} = Code,
                             ctx = Ctx}, S) ->
    _ = Timer =:= infinity orelse
            erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
    trace_recv(From, Step, Payload, S),
    %% The wait is left in place: the drive ends in a new wait or a stop.
    ?RESUME(Resume, Label, Step, Payload, Env, Code, Ctx, S).

-spec trace_recv(peer(), step(), term(), #role{}) -> ok.
trace_recv(_From, _Step, _Payload, #role{trace = undefined}) ->
    ok;
trace_recv(From, Step, Payload, #role{trace = Trace, session = Session,
                                      me = Me}) ->
    Trace ! {choreo_trace, Session,
             #{kind => recv, role => Me, peer => From, step => Step,
               payload => Payload}},
    ok.

%% An envelope that the current wait does not take at once.
-spec envelope(peer(), none | cp_tag(), step(), term(), #role{}) -> handled().
envelope(From, Tag, Step, Payload,
         #role{wait = #vwait{collector = From, decides = false, cp = Cp}} = S) ->
    case implies(Tag, Cp) of
        true ->
            %% The collector sent it after the block: the block committed.
            %% Then the message goes where it would have, had it come later.
            case commit(S) of
                {noreply, S1} -> dispatch(From, Tag, Step, Payload, S1);
                Stop -> Stop
            end;
        false ->
            keep(From, Tag, Step, Payload, S)
    end;
envelope({Family, I} = From, Tag, Step, Payload,
         #role{wait = #gwait{family = Family, size = N, step = Step, tag = Tag}} = S)
  when I =< N ->
    gathered(From, I, Payload, S);
envelope(From, Tag, Step, Payload,
         #role{wait = #ewait{from = From} = W} = S) ->
    case stale(Tag, S) of
        true -> {noreply, S};
        false -> arrive(Step, Payload, Tag, W, S)
    end;
envelope(From, Tag, Step, Payload, S) ->
    keep(From, Tag, Step, Payload, S).

%% An envelope that handle_info/2 has checked already (its sender is a
%% peer, its step and tag have the right shape), to the current wait: what
%% handle_info/2 would do with it.
-spec dispatch(peer(), none | cp_tag(), step(), term(), #role{}) -> handled().
dispatch(From, Tag, Step, Payload,
         #role{wait = #wait{from = From, steps = Steps, ctx = #ctx{tag = CtxTag}} = Wait}
         = S) when Tag =:= CtxTag; Tag =:= none, is_atom(CtxTag) ->
    case lists:member(Step, Steps) of
        true -> consume(Step, Payload, Wait, S);
        false -> buffer(From, Tag, Step, Payload, S)
    end;
dispatch(From, Tag, Step, Payload, #role{wait = #ewait{from = From} = W} = S) ->
    case stale(Tag, S) of
        true -> {noreply, S};
        false -> arrive(Step, Payload, Tag, W, S)
    end;
dispatch(From, Tag, Step, Payload, S) ->
    envelope(From, Tag, Step, Payload, S).

%% Drives a role's code after the commit of its last open block, with the
%% committed frame still on S (S is updated once, below, rather than once
%% for the commit and once more for what comes next), and with Hand, the
%% message that told the commit (the collector's first message of the next
%% instance of a checkpoint in a loop), if there is one. When the code comes,
%% through tail calls, to the next instance of a checkpoint at the top of a
%% loop, the frame of the new instance replaces the committed one:
%%
%% - without a message in hand, when the code enters it (what checkpoint/8
%%   does);
%% - with one, when the code waits in the receive that the message enters:
%%   the instance is entered and the message consumed there, as arrive/5
%%   would once the role waited (and does for a buffered message: no wait,
%%   no #ewait{}). Nothing is buffered, so the message is the oldest of its
%%   sender.
%%
%% Anything else drives as usual from S without the committed frame, and
%% the message in hand is dispatched after (dispatch/5).
-spec after_top(next(), code(), ctx(), #role{},
                none | {owed, cp_tag(), [role()]} | {peer(), cp_tag(), step(), term()}) ->
          handled().
after_top({tail_call, Callee, Args, RoleMap}, Code, Ctx, S, Hand) ->
    %% (Outside any block: no try, see ?ENTER.)
    Ctx1 = compose(RoleMap, Ctx),
    {_, Enter, _} = Code1 = code(Callee, Code),
    after_top(Enter(Args, Ctx1), Code1, Ctx1, S, Hand);
after_top({checkpoint, CpId, Parts, Body, Rescue, Env}, Code,
          #ctx{roles = Roles, names = Roles, tag = root} = Ctx,
          #role{cp = #cpr{rescued = Rescued}} = S, none)
  when map_size(Rescued) =:= 0 ->
    enter_top(CpId, Parts, Rescue, Env, Code, Ctx, S, Body, return, checkpoint);
after_top({checkpoint, CpId, Parts, Body, Rescue, Env}, {Module, _, _} = Code,
          #ctx{roles = Roles, names = Roles, tag = root} = Ctx,
          #role{cps = [#cp{code = {Module, _, _}}], cp = #cpr{rescued = Rescued}} = S,
          {owed, {CpId, _, 0}, _} = Owed)
  when map_size(Rescued) =:= 0 ->
    %% The next instance of the checkpoint whose commit the roles of Owed
    %% are owed: the first part of its B1 tells them (state_machine
    %% .carries_notices), unless it fails first (enter_top/10).
    enter_top(CpId, Parts, Rescue, Env, Code, Ctx, S, Body, return, checkpoint, Owed);
after_top({recv, From, _Steps, Label, Env, _Within, [{Step, [{CpId, Parts, Rescue}]}]},
          Code, #ctx{roles = Roles, names = Roles, tag = root} = Ctx,
          #role{counters = Counters, buffered = 0, cp = #cpr{rescued = Rescued}} = S,
          {From, {CpId, N, 0}, Step, Payload})
  when is_atom(From), map_size(Rescued) =:= 0, N =:= map_get(CpId, Counters) + 1 ->
    %% (The frame's roles are the physical ones: From is the sender's name.)
    %% (A `within' timer would be started and cancelled at once: none.)
    trace_recv(From, Step, Payload, S),
    enter_top(CpId, Parts, Rescue, Env, Code, Ctx, S, Label, Step, Payload);
after_top(Next, Code, Ctx, S, none) ->
    drive(Next, Code, Ctx, S#role{cps = [], wait = none});
after_top(Next, Code, Ctx, S, {owed, Tag, Notify}) ->
    ok = owe(Tag, Notify),
    drive(Next, Code, Ctx, S#role{cps = [], wait = none});
after_top(Next, Code, Ctx, S, {From, Tag, Step, Payload}) ->
    case drive(Next, Code, Ctx, S#role{cps = [], wait = none}) of
        {noreply, S1} -> dispatch(From, Tag, Step, Payload, S1);
        Stop -> Stop
    end.

%% Buffers a message, unless it is of an abandoned block.
-spec keep(peer(), none | cp_tag(), step(), term(), #role{}) -> handled().
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

-spec buffer(peer(), none | cp_tag(), step(), term(), #role{}) ->
          {noreply, #role{}}.
buffer(From, Tag, Step, Payload, #role{buffers = Buffers, buffered = N} = S) ->
    Key = buffer_key(From, Tag),
    Queue = case Buffers of
                #{Key := Q} -> Q;
                #{} -> queue:new()
            end,
    Buffers1 = Buffers#{Key => queue:in({Step, Payload}, Queue)},
    {noreply, mirror_buffers(S#role{buffers = Buffers1, buffered = N + 1})}.

-spec buffer_key(peer(), none | cp_tag()) -> buffer_key().
buffer_key({_, _} = Member, none) -> {Member, none};
buffer_key(From, none) -> From;
buffer_key(From, Tag) -> {From, Tag}.

%% Takes the oldest buffered message from From with tag Tag whose step is
%% in Steps.
-spec take(peer(), none | cp_tag(), [step(), ...], #role{}) ->
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

%% The same rate-limited log and flood guard as the direct back end's roles.
-spec drop(atom(), term(), #role{}) -> {noreply, #role{}}.
drop(Why, Message, #role{me = Me} = S) ->
    drop = choreo_session:drop(Why, Message, Me),
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
%% it if it must replace this process (choreo_owner:busy_inside/3). A commit
%% (commit/6) does not update the copy: until the next change the copy may
%% show, innermost, frames of instances that have committed. The owner never
%% asks about those (an instance where a participant failed never commits),
%% and a replacement that finds them on top of the failed instance
%% abandons them with it, as it abandons the instances inside it.
-spec set_cpr(#cpr{}, #role{}) -> #role{}.
set_cpr(C, S) ->
    snapshot(S#role{cp = C}).

%% The same, after a change of the frames or counters. The copy is
%% {Frames, Counters, #cpr{}}.
-spec snapshot(#role{}) -> #role{}.
snapshot(#role{cps = Cps, counters = Counters, cp = C} = S) ->
    _ = put('$choreo_cpr', {Cps, Counters, C}),
    S.

%% Entry: a new instance under the innermost one, then B1 (or B2 at once if
%% the owner already said that this instance failed).
-spec checkpoint(cp_id(), [role()], label(), label(), env(), code(), ctx(),
                 #role{}) -> handled().
checkpoint(CpId, Parts, Body, Rescue, Env, Code,
           #ctx{roles = Roles, names = Roles, tag = root} = Ctx,
           #role{cps = [], cp = #cpr{rescued = Rescued}} = S)
  when map_size(Rescued) =:= 0 ->
    %% The usual entry (enter_top/10).
    enter_top(CpId, Parts, Rescue, Env, Code, Ctx, S, Body, return, checkpoint);
checkpoint(CpId, Parts, Body, Rescue, Env, {_, _, Resume} = Code, Ctx, S) ->
    case push(CpId, Parts, Rescue, Env, Code, Ctx, S) of
        {entered, Inside, S1} ->
            resume(Resume, Body, return, checkpoint, Env, Code, Inside, S1);
        {rescue, Tag, Outside, S1} ->
            to_rescue(Tag, Rescue, Env, Code, Outside, S1)
    end.

%% The usual entry, what push/7 does for it: an instance at the top of a
%% frame whose roles are the physical ones (a checkpoint in a loop), with no
%% instance open (or, from after_top/5, the one just committed) and no
%% rescue announced (the caller matched those); then B1 from Label, under
%% the try of resume/8. S gets the new frame together with the wait that B1
%% comes to (in_top/6): one copy of the state for both. The copy in the
%% process dictionary (set_cpr/2) is made before B1 runs.
-spec enter_top(cp_id(), [role()], label(), env(), code(), ctx(), #role{},
                label(), step() | return, term()) -> handled().
enter_top(CpId, Parts, Rescue, Env, Code, Ctx, S, Label, Step, Msg) ->
    enter_top(CpId, Parts, Rescue, Env, Code, Ctx, S, Label, Step, Msg, none).

%% The same, with a commit notice owed by the first part of B1 (after_top/5):
%% if B1 fails, it may have failed before it sent it, and the notice is
%% noted as still to send (a role that gets it after the message that
%% carried it drops it: see cp_signal/3).
-spec enter_top(cp_id(), [role()], label(), env(), code(), ctx(), #role{},
                label(), step() | return, term(), none | {owed, cp_tag(), [role()]}) ->
          handled().
enter_top(CpId, Parts, Rescue, Env, {_, _, Resume} = Code, Ctx,
          #role{stack = Stack, counters = Counters, cp = C} = S, Label, Step, Msg, Owed) ->
    {N, Counters1} = case Counters of
                         #{CpId := N0} -> {N0 + 1, Counters#{CpId := N0 + 1}};
                         #{} -> {1, Counters#{CpId => 1}}
                     end,
    Tag = {CpId, N, 0},
    Cps = [#cp{tag = Tag, key = CpId, parts = Parts, code = Code, ctx = Ctx,
               stack = Stack, env = Env, rescue = Rescue}],
    _ = put('$choreo_cpr', {Cps, Counters1, C}),
    Inside = Ctx#ctx{tag = Tag},
    try Resume(Label, Step, Msg, Env, Inside) of
        Next -> in_top(Next, Code, Inside, S, Cps, Counters1)
    catch
        Class:Reason:Trace ->
            _ = Owed =:= none orelse owe(element(2, Owed), element(3, Owed)),
            failed({Class, Reason, Trace},
                   S#role{cps = Cps, counters = Counters1, wait = none})
    end.

%% What the first part of B1 entered by enter_top/10 comes to, with S still
%% without the new frame (Cps, Counters). The usual ends of it, a receive
%% with nothing buffered and the end of a role's part that waits for the
%% verdict, are what drive/4 and block_end/7 do for them, with one copy of S.
%% (The frame's roles are the physical ones: a role of the frame is its own
%% physical name.)
-spec in_top(next(), code(), ctx(), #role{}, [#cp{}], #{term() => pos_integer()}) ->
          handled().
in_top({recv, From, Steps, Label, Env, infinity}, Code, Ctx,
       #role{buffered = 0} = S, Cps, Counters) when is_atom(From) ->
    {noreply, flush(S#role{cps = Cps, counters = Counters,
                           wait = #wait{from = From, steps = Steps,
                                        label = Label, env = Env, timer = infinity,
                                        code = Code, ctx = Ctx}})};
in_top({checkpoint_end, CpId, {wait, Collector}, Join, Env}, Code, _Ctx,
       #role{buffered = 0, cp = #cpr{committed = Committed}} = S,
       [#cp{tag = {CpId, _, _}} = Cp] = Cps, Counters) when map_size(Committed) =:= 0 ->
    {noreply, flush(S#role{cps = Cps, counters = Counters,
                           wait = #vwait{cp = Cp, collector = Collector,
                                         label = Join, env = Env, code = Code}})};
in_top(Next, Code, Ctx, S, Cps, Counters) ->
    drive(Next, Code, Ctx, S#role{cps = Cps, counters = Counters, wait = none}).

%% Pushes the frame of a new instance: {entered, the context inside, S}, or,
%% if the owner already said that this instance failed (another participant
%% failed in it before this role got there), {rescue, the context outside,
%% S} with the instance abandoned.
-spec push(cp_id(), [role()], label(), env(), code(), ctx(), #role{}) ->
          {entered, ctx(), #role{}} | {rescue, cp_tag(), ctx(), #role{}}.
push(CpId, Parts, Rescue, Env, Code,
     #ctx{roles = Roles, names = Names, tag = CtxTag} = Ctx,
     #role{stack = Stack, cp = Cpr, cps = Cps0, counters = Top} = S) ->
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
    case Cpr of
        none ->
            %% The role's first checkpoint.
            {entered, Inside, S1} =
                push(CpId, Parts, Rescue, Env, Code, Ctx, S#role{cp = cpr(S)}),
            {entered, Inside, mirror_all(S1)};
        #cpr{rescued = Rescued} when Cps0 =:= [] ->
            N = case Top of
                    #{Key := N0} -> N0 + 1;
                    #{} -> 1
                end,
            Counters1 = Top#{Key => N},
            Tag = choreo_checkpoint:tag(CpId, N, Key, none),
            case Rescued of
                #{Tag := _} ->
                    told(Tag, Key, Outside, S#role{counters = Counters1});
                #{} ->
                    Cp = #cp{tag = Tag, key = Key, parts = Phys,
                             code = Code, ctx = Outside, stack = Stack, env = Env,
                             rescue = Rescue},
                    {entered, Ctx#ctx{tag = Tag},
                     snapshot(S#role{cps = [Cp], counters = Counters1})}
            end;
        #cpr{rescued = Rescued} ->
            [#cp{tag = Parent, counters = Counters} = P | Cps] = Cps0,
            N = maps:get(Key, Counters, 0) + 1,
            Tag = choreo_checkpoint:tag(CpId, N, Key, Parent),
            P1 = P#cp{counters = Counters#{Key => N}},
            case is_map_key(Tag, Rescued) of
                false ->
                    Cp = #cp{tag = Tag, key = Key, parts = Phys,
                             code = Code, ctx = Outside, stack = Stack, env = Env,
                             rescue = Rescue},
                    {entered, Ctx#ctx{tag = Tag}, snapshot(S#role{cps = [Cp, P1 | Cps]})};
                true ->
                    told(Tag, Key, Outside, S#role{cps = [P1 | Cps]})
            end
    end.

%% The instance Tag (just counted in S) is one the owner said failed.
-spec told(cp_tag(), term(), ctx(), #role{}) -> {rescue, cp_tag(), ctx(), #role{}}.
told(Tag, Key, Outside, #role{cp = #cpr{rescued = Rescued} = C} = S) ->
    S1 = skip_instance(Key, S#role{cp = C#cpr{rescued = maps:remove(Tag, Rescued)}}),
    %% (abandon_tags/2 updates the copy in the process dictionary.)
    {rescue, Tag, Outside, abandon_tags([Tag], S1)}.

%% After a rescue the next instance of the same checkpoint skips a number:
%% every participant does the same, and a waiting participant cannot take a
%% message sent after the rescue for one sent after a commit (implies/2).
-spec skip_instance(term(), #role{}) -> #role{}.
skip_instance(Key, #role{cps = [], counters = Counters} = S) ->
    S#role{counters = Counters#{Key => maps:get(Key, Counters, 0) + 1}};
skip_instance(Key, #role{cps = [#cp{counters = Counters} = P | Rest]} = S) ->
    S#role{cps = [P#cp{counters = Counters#{Key => maps:get(Key, Counters, 0) + 1}}
                  | Rest]}.

-spec enter_chain([entry()], env(), code(), ctx(), #role{}) ->
          {entered, ctx(), #role{}} | {rescue, cp_tag(), label(), ctx(), #role{}}.
enter_chain([], _Env, _Code, Ctx, S) ->
    {entered, Ctx, S};
enter_chain([{CpId, Parts, Rescue}], Env, Code, Ctx, S) ->
    case push(CpId, Parts, Rescue, Env, Code, Ctx, S) of
        {entered, _, _} = Entered -> Entered;
        {rescue, Tag, Outside, S1} -> {rescue, Tag, Rescue, Outside, S1}
    end;
enter_chain([{CpId, Parts, Rescue} | Chain], Env, Code, Ctx, S) ->
    case push(CpId, Parts, Rescue, Env, Code, Ctx, S) of
        {entered, Inside, S1} -> enter_chain(Chain, Env, Code, Inside, S1);
        {rescue, Tag, Outside, S1} -> {rescue, Tag, Rescue, Outside, S1}
    end.

%% The tags that the instances of a chain would have if entered now.
-spec would_be([entry()], ctx(), #role{}) -> [cp_tag()].
would_be([{CpId, _, _}], #ctx{roles = Roles, names = Roles},
         #role{cps = [], counters = Counters}) ->
    %% The usual case: one checkpoint, at the top of a frame whose roles are
    %% the physical ones (a loop).
    N = case Counters of
            #{CpId := N0} -> N0 + 1;
            #{} -> 1
        end,
    [{CpId, N, 0}];  % choreo_checkpoint:tag(CpId, N, CpId, none)
would_be(Chain, #ctx{roles = Roles, names = Names}, S) ->
    {Parent, Counters} = case S of
                             #role{cps = [], counters = Top} -> {none, Top};
                             #role{cps = [#cp{tag = P, counters = C} | _]} -> {P, C}
                         end,
    choreo_checkpoint:would_be(Chain, Roles =:= Names, Roles, Parent, Counters).

%% Waits in a receive some of whose steps enter checkpoints.
-spec recv_entering(role(), [step(), ...], label(), env(), timeout(),
                    [{step(), [entry()]}], code(), ctx(), #role{}) -> handled().
recv_entering(From, Steps, Label, Env, Within, [{Step0, [{CpId, _, _}] = Chain0}], Code,
              #ctx{roles = Roles, names = Roles, tag = root} = Ctx,
              #role{cps = [], counters = Counters, cp = #cpr{rescued = Rescued},
                    buffered = Buffered} = S)
  when map_size(Rescued) =:= 0 ->
    %% The usual case: a step enters one checkpoint at the top of a frame
    %% whose roles are the physical ones (a loop), no rescue announced: the
    %% tag it would have is that of would_be/3, computed here.
    N = case Counters of
            #{CpId := N0} -> N0 + 1;
            #{} -> 1
        end,
    Wait = #ewait{from = map_get(From, Roles), steps = Steps, label = Label, env = Env,
                  timer = infinity, code = Code, ctx = Ctx, tag = none,
                  enters = [{Step0, Chain0, [{CpId, N, 0}]}]},
    wait_entering(Buffered, Within, Wait, S);
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
                          is_map_key(T, Rescued), Ch <- choreo_checkpoint:chain_to(T, Entries)];
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
            wait_entering(S#role.buffered, Within, Wait, S)
    end.

%% Takes a buffered message for such a receive, or waits.
-spec wait_entering(non_neg_integer(), timeout(), #ewait{}, #role{}) -> handled().
wait_entering(Buffered, Within, #ewait{from = Phys} = Wait, S) ->
    case Buffered =/= 0 andalso take_entering(Phys, Wait, S) of
        {Step, Payload, MsgTag, S1} ->
            arrive(Step, Payload, MsgTag, Wait, S1);
        _ when Within =:= infinity ->
            {noreply, flush(S#role{wait = Wait})};
        _ ->
            Timer = erlang:start_timer(Within, self(), '$choreo_within'),
            {noreply, flush(S#role{wait = Wait#ewait{timer = Timer}})}
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
arrive(Step, Payload, MsgTag,
       #ewait{from = From, label = Label, env = Env, timer = Timer,
              enters = [{Step, [{CpId, Parts, Rescue}], [MsgTag]}],
              code = Code,
              ctx = #ctx{roles = Roles, names = Roles, tag = root} = Ctx},
       #role{cps = [], cp = #cpr{rescued = Rescued}} = S)
  when map_size(Rescued) =:= 0 ->
    %% The usual case: the message enters one checkpoint at the top of a
    %% frame whose roles are the physical ones (a loop).
    _ = Timer =:= infinity orelse
            erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
    trace_recv(From, Step, Payload, S),
    enter_top(CpId, Parts, Rescue, Env, Code, Ctx, S, Label, Step, Payload);
arrive(Step, Payload, MsgTag, #ewait{from = From, label = Label, env = Env,
                                     timer = Timer, tag = Tag, enters = Enters,
                                     steps = Steps,
                                     code = {_, _, Resume} = Code, ctx = Ctx},
       S) ->
    Chains = case Enters of
                 [{Step, [_] = Chain1, [MsgTag]}] ->
                     %% One step enters one checkpoint: the usual case.
                     [Chain1];
                 _ ->
                     [Chain || {St, Chain, Tags} <- Enters, St =:= Step,
                               lists:last(Tags) =:= MsgTag]
             end,
    case Chains of
        [Chain | _] ->
            _ = Timer =:= infinity orelse
                    erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
            %% The wait is left in place: the drive ends in a new wait.
            case enter_chain(Chain, Env, Code, Ctx, S) of
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
block_end(#cp{tag = {_, _, 0} = Tag, ctx = Ctx} = Cp, {close, [], Notify, Notify}, Join, Env,
          {_, _, Resume} = Code, #ctx{roles = Roles, names = Roles}, #role{cps = [Cp]} = S) ->
    %% Every role to tell gets a message from this role in the first part of
    %% B1 (state_machine.carries_notices): if the code comes straight to the
    %% next instance of this checkpoint (a loop), those messages tell it, and
    %% the notice is not noted as still to send (after_top/5).
    Ctx1 = refresh(Ctx, S),
    after_top(Resume(Join, return, commit, Env, Ctx1), Code, Ctx1, S, {owed, Tag, Notify});
block_end(Cp, {close, Awaited, Notify, _Carried}, Join, Env, Code, Ctx, S) ->
    close(Cp, Awaited, Notify, Join, Env, Code, Ctx, S);
block_end(Cp, {close, Awaited, Notify}, Join, Env, Code, Ctx, S) ->
    close(Cp, Awaited, Notify, Join, Env, Code, Ctx, S);
block_end(#cp{tag = Tag} = Cp, {report, Collector}, Join, Env, Code,
          #ctx{ref = Ref, roles = Roles, pids = Pids}, #role{me = Me} = S) ->
    _ = map_get(Collector, Pids) ! {'$choreo_cp', Ref, done, {Tag, Me}},
    verdict(#vwait{cp = Cp, collector = map_get(Collector, Roles), label = Join,
                   env = Env, code = Code}, S);
block_end(Cp, {wait, Collector}, Join, Env, Code, #ctx{roles = Roles}, S) ->
    verdict(#vwait{cp = Cp, collector = map_get(Collector, Roles), label = Join,
                   env = Env, code = Code}, S).

%% The end of the collector's part: commit once every awaited role has
%% reported (inlined into block_end/7).
-spec close(#cp{}, [role()], [role()], label(), env(), code(), ctx(), #role{}) ->
          handled().
close(Cp, [], Notify, Join, Env, Code, #ctx{roles = Roles, names = Names}, S) ->
    Tell = case Roles of
               Names -> Notify;
               _ -> [map_get(R, Roles) || R <- Notify]
           end,
    commit(Cp, Tell, Join, Env, Code, S);
close(#cp{tag = Tag} = Cp, Awaited, Notify, Join, Env, Code,
      #ctx{roles = Roles}, #role{cp = #cpr{dones = Dones} = C} = S) ->
    Tell = [map_get(R, Roles) || R <- Notify],
    case [map_get(R, Roles) || R <- Awaited] -- maps:get(Tag, Dones, []) of
        [] ->
            commit(Cp, Tell, Join, Env, Code,
                   set_cpr(C#cpr{dones = maps:remove(Tag, Dones)}, S));
        Left ->
            verdict(#vwait{cp = Cp, decides = true, awaiting = Left,
                           notify = Tell, label = Join, env = Env, code = Code}, S)
    end.

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

%% Whether a message with tag Tag from the collector of the instance Cp
%% tells that Cp committed (see choreo_checkpoint:implies/2).
-spec implies(none | cp_tag(), #cp{} | cp_tag()) -> boolean().
implies(Tag, #cp{tag = Cp}) ->
    choreo_checkpoint:implies(Tag, Cp);
implies(Tag, Cp) ->
    choreo_checkpoint:implies(Tag, Cp).

%% The verdict is commit: leave the block and go on after it.
-spec commit(#role{}) -> handled().
commit(#role{wait = #vwait{cp = Cp, decides = true, notify = Notify,
                           label = Join, env = Env, code = Code}} = S) ->
    commit(Cp, Notify, Join, Env, Code, S);
commit(#role{wait = #vwait{cp = Cp, label = Join, env = Env, code = Code}} = S) ->
    commit(Cp, [], Join, Env, Code, S).

-spec commit(#cp{}, [role()], label(), env(), code(), #role{}) -> handled().
commit(#cp{tag = Tag, ctx = Ctx} = Cp, Notify, Join, Env, {_, _, Resume} = Code,
       #role{cps = [Cp | Cps]} = S) ->
    ok = owe(Tag, Notify),
    %% The copy in the process dictionary is left as it is: it shows the
    %% committed frame until the next change (see set_cpr/2).
    Ctx1 = refresh(Ctx, S),
    case Cps of
        [] ->
            %% Out of the last block (no try, see resume/8).
            after_top(Resume(Join, return, commit, Env, Ctx1), Code, Ctx1, S, none);
        _ ->
            resume(Resume, Join, return, commit, Env, Code, Ctx1,
                   S#role{cps = Cps, wait = none})
    end.

%% Notes that the roles of Notify are still to be told that the block Tag
%% committed: they learn it from the next message this role sends them after
%% the block (send/4 notes it), or from a notice before it waits (flush/1).
%% ([] when none: the key stays, so that the dictionary does not grow and
%% shrink at every block.)
-spec owe(cp_tag(), [role()]) -> ok.
owe(_Tag, []) ->
    ok;
owe(Tag, Notify) ->
    _ = case put('$choreo_pending', [{Tag, Notify}]) of
            [] -> ok;
            undefined -> ok;
            Pending -> put('$choreo_pending', [{Tag, Notify} | Pending])
        end,
    ok.

%% The same, with To a role of the frame whose roles are Roles. The usual
%% case (a checkpoint in a loop whose collector tells the one other
%% participant with its next message) is matched here without a call.
-spec noted(cp_tag(), role(), role_map()) -> ok.
noted({CpId, N1, H}, To, Roles) ->
    case get('$choreo_pending') of
        [] ->
            ok;
        undefined ->
            ok;
        [{{CpId, N, H}, [Phys]}] when N1 =:= N + 1 ->
            _ = map_get(To, Roles) =:= Phys andalso put('$choreo_pending', []),
            ok;
        _ ->
            noted({CpId, N1, H}, map_get(To, Roles))
    end.

%% Notes that the message just sent to To tells it that a block committed.
-spec noted(none | cp_tag(), peer()) -> ok.
noted(Tag, To) ->
    case get('$choreo_pending') of
        [] ->
            ok;
        undefined ->
            ok;
        [{Cp, [To]}] ->
            %% The usual case: one block, one role to tell.
            _ = implies(Tag, Cp) andalso put('$choreo_pending', []),
            ok;
        Pending ->
            _ = put('$choreo_pending', choreo_checkpoint:note(Pending, Tag, To)),
            ok
    end.

%% Before the role waits: commit notices that no message has carried.
-spec flush(#role{}) -> #role{}.
flush(S) ->
    case get('$choreo_pending') of
        [] -> S;
        undefined -> S;
        Pending -> flush(Pending, S)
    end.

-spec flush([{cp_tag(), [role()]}], #role{}) -> #role{}.
flush(Pending, #role{ref = Ref, peers = Peers} = S) ->
    _ = put('$choreo_pending', []),
    _ = [map_get(R, Peers) ! {'$choreo_cp', Ref, commit, Tag}
         || {Tag, Roles} <- lists:reverse(Pending), R <- Roles],
    S.

%% The messages of checkpoints: commit notices, `done' reports (to a
%% collector) and the owner's order to abandon a block.
-spec cp_signal(atom(), term(), #role{}) -> handled().
cp_signal(commit, Tag, #role{wait = #vwait{cp = #cp{tag = Tag}}} = S) ->
    commit(S);
cp_signal(commit, {CpId, N, 0}, #role{counters = Counters} = S)
  when is_integer(N), is_map_key(CpId, Counters), map_get(CpId, Counters) > N ->
    %% An instance at the top that this role has left, and so learnt the
    %% verdict of: a notice that a message carried already (enter_top/11).
    {noreply, S};
cp_signal(commit, Tag, S) when ?IS_TAG(Tag) ->
    %% Before this role got to the end of its part (it takes part in the
    %% rescue only, and has not reached the block yet).
    #cpr{committed = Committed} = C = cpr(S),
    {noreply, set_cpr(C#cpr{committed = Committed#{Tag => true}}, S)};
cp_signal(rescue, Tag, #role{ref = Ref, me = Me, session = Session, cps = Cps} = S)
  when ?IS_TAG(Tag) ->
    choreo_runtime:owner(Session) ! {'$choreo_cp', Ref, ack, {Tag, Me}},
    #cpr{abandoned = Abandoned, rescued = Rescued} = C = cpr(S),
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
                    case choreo_checkpoint:chain_to(Tag, Entries) of
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
failed(Reason, #role{cps = [#cp{tag = Tag, parts = Parts} | _],
                     ref = Ref, me = Me, session = Session} = S) ->
    ?LOG_NOTICE("choreo role ~0p of session ~0p failed in checkpoint ~0p, "
                "which it rescues: ~0tP", [Me, Session, Tag, Reason, 30],
                #{domain => [choreo]}),
    choreo_runtime:owner(Session) ! {'$choreo_cp', Ref, failed,
                                     {Tag, Me, self(), Parts, Reason}},
    rescue(Tag, S).

%% Abandons the instance Tag (and those inside it) and runs its B2 with the
%% variables at entry, in the frame that entered it.
-spec rescue(cp_tag(), #role{}) -> handled().
rescue(Tag, #role{cps = Cps} = S) ->
    {Inner, [#cp{code = Code, ctx = Ctx, stack = Stack,
                 env = Env, rescue = Label, key = Key} = Cp | Outer]} =
        lists:splitwith(fun(#cp{tag = T}) -> T =/= Tag end, Cps),
    %% Until B2 starts, a replacement of this process (if it was busy while
    %% the owner waited for it) still finds the frame here.
    _ = put('$choreo_rescuing', {Tag, Cp}),
    %% (abandon_tags/2 updates the copy in the process dictionary.)
    S1 = abandon_tags([Tag | [T || #cp{tag = T} <- Inner]],
                      skip_instance(Key, cancel_wait(S#role{cps = Outer}))),
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

%% Once a role has used checkpoints its buffers are mirrored in the process
%% dictionary too, for a replacement (see restart/6). Messages are buffered
%% only when they come before their step: not on the usual path.
-spec mirror_buffers(#role{}) -> #role{}.
mirror_buffers(#role{cp = #cpr{}, buffers = Buffers} = S) ->
    _ = put('$choreo_buffers', Buffers),
    S;
mirror_buffers(S) ->
    S.

%% The first checkpoint: the mirror is made right (buffers of before).
-spec mirror_all(#role{}) -> #role{}.
mirror_all(#role{buffered = 0} = S) ->
    S;
mirror_all(S) ->
    mirror_buffers(S).

%% The owner replaced a participant of a failed block: new pids.
-spec new_peers(#{role() => pid()}, non_neg_integer(), #role{}) -> handled().
new_peers(Peers, Gen, #role{running = {false, _}} = S) ->
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
    choreo_runtime:owner(Session) ! {'$choreo_cp', Ref, peers_ack, {Me, Gen}},
    {noreply, S1#role{wait = Wait1}}.

%% The start of a replacement: the state the old process kept for the
%% block Tag, its buffered messages and its mailbox, then B2.
-spec restart(cp_tag(), [{term(), term()}], #{role() => pid()},
              non_neg_integer(), [term()], #role{}) -> handled().
restart(Tag, Dict, Peers, Gen, Mailbox, #role{buffers = Direct} = S) ->
    #cpr{held = Held, gen = Gen0} = Mine = cpr(S),
    {OldCps, OldCounters, Old} =
        case proplists:get_value('$choreo_cpr', Dict) of
            {Cs, Ns, #cpr{} = O} -> {Cs, Ns, O};
            _ -> {[], #{}, #cpr{}}
        end,
    Buffers = proplists:get_value('$choreo_buffers', Dict, #{}),
    {Peers1, Gen1} = case Gen0 > Gen of
                         true -> {S#role.peers, Gen0};
                         false -> {Peers, Gen}
                     end,
    _ = Mine,
    S0 = set_cpr(Old#cpr{held = [], gen = Gen1},
                 S#role{running = true, peers = Peers1, cps = OldCps,
                        counters = OldCounters,
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
    case lists:keymember(Tag, #cp.tag, S2#role.cps) of
        true ->
            replay(Signals, rescue(Tag, S2));
        false ->
            case proplists:get_value('$choreo_rescuing', Dict) of
                {Tag, #cp{code = Code, ctx = Ctx, stack = Stack, env = Env,
                          rescue = Label}} ->
                    %% The old process came back from its callback and
                    %% abandoned the block itself before the snapshot:
                    %% where it was, waiting for `go'.
                    replay(Signals, to_rescue(Tag, Label, Env, Code,
                                              refresh(Ctx, S2),
                                              S2#role{stack = Stack}));
                _ ->
                    replay(Signals, {noreply, S2})
            end
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
    replay(Ms, handle_info(M, S));
replay(_Ms, Stop) ->
    Stop.


%%--------------------------------------------------------------------
%% Role families (choreo_family holds what does not need a role's state)
%%--------------------------------------------------------------------

%% The physical name of a frame's peer (a role, or member I of a family).
-compile({inline, [phys/2]}).
-spec phys(peer(), role_map()) -> peer().
phys(From, Roles) when is_atom(From) -> map_get(From, Roles);
phys({Family, I}, Roles) -> {map_get(Family, Roles), I}.

%% @private The process of member I of a family, started by the owner (not
%% under the session supervisor: starting 10,000 members must be cheap, so
%% nothing is asked of the supervisor, and a member does not say it is up:
%% the owner monitors it from its spawn). Like any role it is linked to the
%% owner (the owner's death kills it); it unlinks when it ends well
%% (member_done/1), so that the owner gets one message per member, the
%% 'DOWN' that names it. When the owner gave it its start signal's content
%% already (Go), it runs its part up to its first wait at once, then
%% collects its garbage (what starting took, so that a member waiting for
%% long keeps the smallest heap); else it waits for the signal like any role.
-spec start_member({pos_integer(), [term()], {module(), role_init(), term()}}) ->
          no_return().
start_member({I, Args, {Module, #init{role = Family, owner = Owner} = Init, Go}}) ->
    %% What proc_lib would have put (gen_server:enter_loop/3 needs a parent).
    _ = put('$ancestors', [Owner]),
    _ = put('$initial_call', {Module, init, 1}),
    true = link(Owner),
    #init{ref = Ref, session = Session, impl = Impl, trace = Trace, roles = Roles} = Init,
    S = #role{ref = Ref, session = Session, me = {Family, I},
              module = Module, impl = Impl, trace = Trace, running = {false, Args},
              peers = maps:from_list([{R, undefined} || R <- Roles])},
    case Go of
        undefined ->
            gen_server:enter_loop(Module, [], S);
        _ ->
            case go(Go, S) of
                {noreply, S1} ->
                    _ = erlang:garbage_collect(),
                    gen_server:enter_loop(Module, [], S1);
                {stop, Reason, _} ->
                    exit(Reason)
            end
    end.

%% A member that ends well unlinks from the owner (see start_member/1).
-spec member_done(#role{}) -> ok.
member_done(#role{me = {_, _}, session = Session}) ->
    true = unlink(choreo_runtime:owner(Session)),
    ok;
member_done(_S) ->
    ok.

%% The start of a member of a family started with `new': its first frame is
%% the called choreography's, whose roles and pids the starting role gave.
-spec member_go(pids(), role_map(), pids(), #role{}) -> handled().
member_go(Peers, Roles, Pids, #role{ref = Ref, me = Me, session = Session,
                                    impl = Impl, trace = Trace, module = Module,
                                    running = {false, Args}} = S) ->
    Ctx = #ctx{ref = Ref, me = Me, session = Session, impl = Impl,
               trace = Trace, peers = Peers, roles = Roles, pids = Pids,
               names = maps:map(fun(Role, _) -> Role end, Roles)},
    {_, Enter, _} = Code = code(Module, undefined),
    drive(Enter(Args, Ctx), Code, Ctx, S#role{running = true, peers = Peers}).

%% The frame's context with the members of families started for a call.
-spec with_members(news(), ctx()) -> ctx().
with_members([], Ctx) ->
    Ctx;
with_members([{Family, Members} | News],
             #ctx{roles = Roles, names = Names, peers = Peers, pids = Pids} = Ctx) ->
    with_members(News, Ctx#ctx{roles = Roles#{Family => Family},
                               names = Names#{Family => Family},
                               peers = Peers#{Family => Members},
                               pids = Pids#{Family => Members}}).

%% @doc Sends Payload as step Step to member I of family Family of the frame.
-spec send(Ctx :: ctx(), Family :: role(), I :: pos_integer(), Step :: step(),
           Payload :: term()) -> ok.
send(#ctx{trace = undefined, tag = none, ref = Ref, me = Me, pids = Pids}, Family,
     I, Step, Payload) ->
    _ = element(I, map_get(Family, Pids)) ! {'$choreo', Ref, Me, Step, Payload},
    ok;
send(#ctx{trace = Trace, ref = Ref, me = Me, pids = Pids, roles = Roles,
          session = Session, tag = Tag}, Family, I, Step, Payload) ->
    Pid = element(I, map_get(Family, Pids)),
    To = {map_get(Family, Roles), I},
    _ = case Tag of
            none ->
                Pid ! {'$choreo', Ref, Me, Step, Payload};
            root ->
                Pid ! {'$choreo', Ref, Me, Step, Payload},
                noted(none, To);
            _ ->
                Pid ! {'$choreo', Ref, Me, Step, Payload, Tag},
                noted(Tag, To)
        end,
    _ = Trace =:= undefined orelse
            (Trace ! {choreo_trace, Session,
                      #{kind => send, role => Me, peer => To, step => Step,
                        payload => Payload}}),
    ok.

%% @doc Sends Payload as step Step to every member of Family, in member
%% order (one message each; none when the family has no member).
-spec broadcast(Ctx :: ctx(), Family :: role(), Step :: step(), Payload :: term()) -> ok.
broadcast(#ctx{trace = undefined, tag = none, ref = Ref, me = Me, pids = Pids}, Family,
          Step, Payload) ->
    Members = map_get(Family, Pids),
    send_all(1, tuple_size(Members), Members, {'$choreo', Ref, Me, Step, Payload});
broadcast(#ctx{pids = Pids} = Ctx, Family, Step, Payload) ->
    lists:foreach(fun(I) -> send(Ctx, Family, I, Step, Payload) end,
                  lists:seq(1, tuple_size(map_get(Family, Pids)))).

-spec send_all(pos_integer(), non_neg_integer(), choreo_family:members(), term()) -> ok.
send_all(I, N, _Members, _Msg) when I > N ->
    ok;
send_all(I, N, Members, Msg) ->
    _ = element(I, Members) ! Msg,
    send_all(I + 1, N, Members, Msg).

%% @doc The number of members of family Family of the frame.
-spec size(Ctx :: ctx(), Family :: role()) -> non_neg_integer().
size(#ctx{pids = Pids}, Family) ->
    tuple_size(map_get(Family, Pids)).

%% @doc The number of the member running the frame.
-spec index(Ctx :: ctx()) -> pos_integer().
index(#ctx{me = {_Family, I}}) ->
    I.

%% @doc `new F[A.(E)]' at A: starts the members of family Family for a
%% call (Size is a member count or a list of argument lists, else the role
%% fails with `{badarg, Size}'); they play role Family of the callee, whose
%% roles are RoleMap (callee role => peer of this frame, Family itself and
%% the families of Known, started before it for the same call). The owner
%% starts them; returns their pids.
-spec start_members(Ctx :: ctx(), {Family :: role(), Module :: module(),
                                   Impl :: module(), Arity :: arity()},
                    Size :: term(), RoleMap :: role_map(), Known :: news()) ->
          choreo_family:members().
start_members(#ctx{ref = Ref, session = Session} = Ctx, {Family, Module, Impl, Arity},
              Size, RoleMap, Known) ->
    Starts = case choreo_family:starts(Size, Arity) of
                 {ok, Lists} -> Lists;
                 {error, _} -> erlang:error({badarg, Size})
             end,
    #ctx{roles = Roles, pids = Pids, peers = Peers} =
        compose(RoleMap, with_members([{Family, none} | Known], Ctx)),
    Owner = choreo_runtime:owner(Session),
    MRef = erlang:monitor(process, Owner, [{alias, demonitor}]),
    Owner ! {'$choreo_start', Ref, MRef,
             {Family, Module, Impl, Starts, node(), {frame, Peers, Roles, Pids}}},
    receive
        {MRef, {ok, Members}} ->
            true = erlang:demonitor(MRef, [flush]),
            Members;
        {MRef, stopping} ->
            %% The session is ending: this role is about to be stopped.
            true = erlang:demonitor(MRef, [flush]),
            exit(shutdown);
        {'DOWN', MRef, process, _, _} ->
            exit(shutdown)
    end.

%% A gather: one message of Step from each member of the frame's Family,
%% whatever order they come in; the list of their payloads in member order
%% goes to Label. What came before the gather is in the buffers.
-spec gather(role(), step(), label(), env(), timeout(), code(), ctx(), #role{}) ->
          handled().
gather(Family, Step, Label, Env, Within, {_, _, Resume} = Code,
       #ctx{roles = Roles, pids = Pids, tag = CtxTag} = Ctx, S) ->
    Phys = map_get(Family, Roles),
    N = tuple_size(map_get(Family, Pids)),
    Tag = env_tag(CtxTag),
    case gather_buffered(Phys, 1, N, Tag, Step, choreo_family:gather_new(N), S) of
        {{done, Values}, S1} ->
            ?RESUME(Resume, Label, Step, Values, Env, Code, Ctx, S1);
        {{more, G}, S1} ->
            Timer = case Within of
                        infinity -> infinity;
                        Ms -> erlang:start_timer(Ms, self(), '$choreo_within')
                    end,
            W = #gwait{family = Phys, size = N, step = Step, tag = Tag, gather = G,
                       label = Label, env = Env, timer = Timer, code = Code,
                       ctx = Ctx},
            {noreply, ?FLUSH(S1#role{wait = W})}
    end.

-spec gather_buffered(role(), pos_integer(), non_neg_integer(), none | cp_tag(), step(),
                      choreo_family:gather(), #role{}) ->
          {{done, [term()]} | {more, choreo_family:gather()}, #role{}}.
gather_buffered(_Family, _I, 0, _Tag, _Step, _G, S) ->
    {{done, []}, S};
gather_buffered(_Family, _I, _N, _Tag, _Step, G, #role{buffered = 0} = S) ->
    {{more, G}, S};
gather_buffered(_Family, I, N, _Tag, _Step, G, S) when I > N ->
    {{more, G}, S};
gather_buffered(Family, I, N, Tag, Step, G, S) ->
    case take({Family, I}, Tag, [Step], S) of
        {Step, Payload, S1} ->
            trace_recv({Family, I}, Step, Payload, S1),
            case choreo_family:gather_put(I, Payload, G) of
                {done, _} = Done -> {Done, S1};
                {more, G1} -> gather_buffered(Family, I + 1, N, Tag, Step, G1, S1)
            end;
        none ->
            gather_buffered(Family, I + 1, N, Tag, Step, G, S)
    end.

%% A message of the awaited gather from member I (From).
-spec gathered(peer(), pos_integer(), term(), #role{}) -> handled().
gathered(From, I, Payload,
         #role{wait = #gwait{step = Step, tag = Tag, gather = G, label = Label,
                             env = Env, timer = Timer,
                             code = {_, _, Resume} = Code, ctx = Ctx} = W} = S) ->
    case choreo_family:gather_put(I, Payload, G) of
        taken ->
            %% A second message of the step from that member: for a later
            %% gather (a loop).
            keep(From, Tag, Step, Payload, S);
        {more, G1} ->
            trace_recv(From, Step, Payload, S),
            {noreply, S#role{wait = W#gwait{gather = G1}}};
        {done, Values} ->
            trace_recv(From, Step, Payload, S),
            _ = Timer =:= infinity orelse
                    erlang:cancel_timer(Timer, [{async, true}, {info, false}]),
            ?RESUME(Resume, Label, Step, Values, Env, Code, Ctx, S#role{wait = none})
    end.
