%%% The owner of a session of the generic back end, and its session
%%% supervisor.
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
%%%   intensity 0, one transient child per role (choreo_role drives them).
%%% - Checkpoints: a participant that fails inside a block reports it here;
%%%   the owner tells the other participants to abandon the block, and
%%%   replaces any participant that does not answer within ?GRACE ms (busy
%%%   in a callback) by a new process under the session supervisor. See
%%%   "Checkpoints" in docs/internals/runtime-contract.md.
%%%
%%% Messages it does not expect are logged at `notice' with the metadata
%%% `domain => [choreo]' and dropped.
-module(choreo_owner).

-behaviour(supervisor).

-include_lib("kernel/include/logger.hrl").

%% The owner's start (proc_lib), from choreo_runtime:start/3 and start_link/3
-export([init/6]).

%% sys callbacks of the owner
-export([system_continue/3, system_terminate/4, system_code_change/4]).

%% supervisor callback (the session supervisor)
-export([init/1]).


-type role() :: choreo_runtime:role().
-type cp_tag() :: choreo_checkpoint:tag().
-type spec() :: choreo_runtime:spec().
-type role_args() :: choreo_runtime:role_args().
-type options() :: choreo_runtime:options().
-type error_reason() :: choreo_runtime:error_reason().
-type result() :: choreo_runtime:result().
-type session() :: choreo_runtime:session().
-type role_init() :: choreo_runtime:role_init().
-type peer() :: choreo_runtime:peer().

%% A participant being replaced (see replace/3).
-record(swap, {
    role :: role(),
    old :: pid(),
    old_id :: term(),
    new :: pid(),
    tag :: cp_tag()
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
    pending = #{} :: #{pid() => role()},  % running roles (linked to the owner)
    %% Roles on other nodes still starting (the processes that start them):
    %% the roles begin (`go') once none is left.
    starting = #{} :: #{role() => pid()},
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
    gen = 0 :: non_neg_integer(),
    forgotten = [] :: [pid()],        % replaced, or not waited for
    asked = [] :: [reference()],      % roles/1 before every role was up
    %% Role families: the session's spec, arguments and options (for the
    %% members, started once the other roles are up, and those `new'
    %% starts), the size of each family of the session, the members of every
    %% family started (the session's and `new' ones), how many are running.
    %% A member's monitor is tagged with its name (see member_down/4): no map
    %% of 10,000 monitors is kept; the members' results, in the order they
    %% came, are put in member order at the end.
    spec :: spec() | undefined,
    args = #{} :: role_args(),
    opts = #{} :: options(),
    sizes = #{} :: #{role() => non_neg_integer()},
    families = [] :: [{role(), tuple()}],
    alive = 0 :: non_neg_integer(),
    member_results = [] :: [{choreo_family:member(), term()}]
}).


-define(REMOTE_START_TIMEOUT, 15000).

%% How long the owner lets a participant take to abandon a failed block
%% before it replaces it (it is busy, in a callback most likely).
-define(GRACE, 20).

%%--------------------------------------------------------------------
%% Internal: the session owner
%%--------------------------------------------------------------------

%% @private The owner's start. Parent is the supervisor that called
%% start_link/3, or undefined when Caller called start/3 (which monitors
%% this process and sends the session ref).
%%
%% Roles on this node start under the session supervisor, at once. A role on
%% another node is started by a process of its own (erpc, which can block
%% while that node does not answer), so that nothing keeps the owner from
%% its deadline. Every role links itself to the owner and says it is up.
-spec init(Parent :: pid() | undefined, Caller :: pid() | undefined,
           Ref :: reference() | undefined, Spec :: spec(), Args :: role_args(),
           Opts :: options()) -> no_return().
init(Parent0, Caller, Ref0, #{roles := Roles} = Spec, Args, Opts) ->
    process_flag(trap_exit, true),
    CallerMon = is_pid(Caller) andalso erlang:monitor(process, Caller),
    Ref = case Ref0 of
              undefined ->
                  receive
                      {'$choreo_ref', Caller, R} -> R;
                      {'DOWN', CallerMon, process, _, _} -> exit(normal)
                  end;
              _ ->
                  Ref0
          end,
    Parent = case Parent0 of undefined -> self(); _ -> Parent0 end,
    Session = choreo_runtime:session(Ref, self()),
    Deadline = case maps:get(timeout, Opts, infinity) of
                   infinity -> undefined;
                   Ms -> erlang:start_timer(Ms, self(), '$choreo_deadline')
               end,
    O = #owner{parent = Parent, caller = Caller, ref = Ref, session = Session,
               deadline = Deadline, caller_mon = CallerMon, spec = Spec, args = Args,
               opts = Opts},
    Nodes = maps:get(nodes, Opts, #{}),
    %% A role each; the members of families are started apart (start_go/2).
    Families = maps:get(families, Spec, []),
    {Local, Remote} = lists:partition(
                        fun({Role, _, _}) -> maps:get(Role, Nodes, node()) =:= node() end,
                        [R || {Role, _, _} = R <- Roles, not lists:member(Role, Families)]),
    ChildSpecs = [child(Role, Module, Spec, Args, Opts, O)
                  || {Role, Module, _Arity} <- Local],
    case supervisor:start_link(?MODULE, {session, ChildSpecs}) of
        {ok, Sup} ->
            %% Each local role said it is up before its start returned.
            Pids = maps:from_list([receive {'$choreo_up', Ref, Role, Pid} -> {Role, Pid} end
                                   || {Role, _, _} <- Local]),
            Starting = maps:from_list(
                         [{Role, start_remote(Sup, map_get(Role, Nodes), Module,
                                              init_arg(Role, Module, Spec, Args, Opts, O))}
                          || {Role, Module, _} <- Remote]),
            Specs = maps:from_list([{Id, C} || #{id := Id} = C <- ChildSpecs]),
            owner_loop(go(O#owner{sup = Sup, roles = Pids, starting = Starting,
                                  pending = maps:from_list([{P, R} || {R, P} <- maps:to_list(Pids)]),
                                  specs = Specs,
                                  ids = maps:map(fun(Role, _) -> Role end, Specs)}));
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

%% Once every role has started (and is linked to the owner), the roles may
%% begin.
-spec go(#owner{}) -> #owner{}.
go(#owner{starting = Starting} = O) when map_size(Starting) > 0 ->
    O;
go(#owner{roles = Pids, parent = Parent, asked = Asked} = O0) ->
    %% (The members of families start here: see start_go/2.)
    O = start_go(Pids, O0),
    _ = Parent =/= self() andalso proc_lib:init_ack(Parent, {ok, self()}),
    lists:foldl(fun roles/2, O#owner{asked = []}, lists:reverse(Asked)).

%% roles/1: the pids of the running roles, once every role is up.
-spec roles(reference(), #owner{}) -> #owner{}.
roles(Alias, #owner{starting = Starting, stopping = false, asked = Asked} = O)
  when map_size(Starting) > 0 ->
    O#owner{asked = [Alias | Asked]};
roles(Alias, #owner{pending = Pending, roles = Pids} = O) ->
    Alias ! {Alias, maps:merge(maps:with(maps:values(Pending), Pids), alive_members(O))},
    O.

%% Starts Role on Node from a process of its own, which reports failures;
%% the role itself says when it is up.
-spec start_remote(pid(), node(), module(), role_init()) -> pid().
start_remote(Sup, Node, Module, Init) ->
    Owner = self(),
    proc_lib:spawn(fun() ->
                           case start_role(Node, Sup, Module, Init) of
                               {ok, _} -> ok;
                               {error, Reason} ->
                                   Owner ! {'$choreo_start_failed', self(), Reason}
                           end
                   end).

-spec child(role(), module(), spec(), role_args(), options(), #owner{}) ->
          supervisor:child_spec().
child(Role, Module, Spec, Args, Opts, O) ->
    Init = init_arg(Role, Module, Spec, Args, Opts, O),
    %% brutal_kill: a role keeps nothing that needs a clean shutdown, and a
    %% session must end by its deadline.
    #{id => Role, start => {Module, start_link, [Init]}, restart => transient,
      shutdown => brutal_kill, modules => [Module]}.

-spec init_arg(role(), module(), spec(), role_args(), options(), #owner{}) ->
          role_init().
init_arg(Role, Module, Spec, Args, Opts, #owner{ref = Ref, session = Session}) ->
    Impl = maps:get(Role, maps:get(impl, Opts, #{}),
                    maps:get(Role, maps:get(impl, Spec, #{}), undefined)),
    choreo_role:init_arg(
      #{ref => Ref, session => Session, owner => self(), role => Role,
        module => Module, impl => Impl,
        trace => maps:get(trace, Opts, undefined),
        args => maps:get(Role, Args, []),
        roles => [R || {R, _, _} <- maps:get(roles, Spec)]}).

-spec start_error(term()) ->
          {role_down, role(), term()} | {session_down, term()}.
start_error({shutdown, {failed_to_start_child, Role, Reason}})
  when is_atom(Role) ->
    {role_down, Role, Reason};
start_error(Reason) ->
    {session_down, Reason}.

-spec owner_loop(#owner{}) -> no_return().
owner_loop(#owner{pending = Pending, starting = Starting, alive = 0} = O)
  when map_size(Pending) =:= 0, map_size(Starting) =:= 0 ->
    finish(O);
owner_loop(#owner{parent = Parent, sup = Sup, deadline = Deadline,
                  ref = Ref} = O) ->
    receive
        {'EXIT', Pid, Reason} when is_map_key(Pid, O#owner.pending) ->
            owner_loop(role_down(Pid, Reason, O));
        {'$choreo_up', Ref, Role, Pid} when is_map_key(Role, O#owner.starting),
                                            is_pid(Pid) ->
            owner_loop(up(Role, Pid, O));
        {'$choreo_up', Ref, _Role, Pid} when is_map_key(Pid, O#owner.pending) ->
            %% A role of this node (read at the start) or a replacement.
            owner_loop(O);
        {'$choreo_up', Ref, _Role, Pid} when O#owner.stopping, is_pid(Pid) ->
            %% Up on another node after the session failed.
            exit(Pid, kill),
            owner_loop(O);
        {'$choreo_start_failed', Starter, Reason} ->
            owner_loop(start_failed(Starter, Reason, O));
        {{Kind, Ref, Family, I}, _MRef, process, _Pid, Reason}
          when Kind =:= '$choreo_member'; Kind =:= '$choreo_new' ->
            owner_loop(member_down(Kind, {Family, I}, Reason, O));
        {'$choreo_start', Ref, Alias, Request} when is_reference(Alias) ->
            owner_loop(start_new(Alias, Request, O));
        {'DOWN', CallerMon, process, _, _} when CallerMon =:= O#owner.caller_mon ->
            %% Nobody is left to take the result.
            stop_session(O),
            exit(normal);
        {timeout, Deadline, '$choreo_deadline'} when is_reference(Deadline) ->
            %% The deadline holds whatever the roles on other nodes do: they
            %% are told to stop, not waited for.
            owner_loop(forget_remote(fail(timeout, true, O)));
        {'$choreo_cp', Ref, What, Arg} ->
            owner_loop(cp_message(What, Arg, O));
        {timeout, _TRef, {'$choreo_grace', Tag}} ->
            owner_loop(grace(Tag, O));
        {'EXIT', Sup, _} = Info when is_pid(Sup) ->
            %% The supervisor stopped the roles; their exits tell why. (A
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
        {'EXIT', _Pid, _Reason} = Info ->
            %% From a former role (its exit after it was replaced, or after
            %% it was forgotten) or anyone else.
            owner_loop(exited(Info, O));
        {'$choreo_roles', Alias} when is_reference(Alias) ->
            owner_loop(roles(Alias, O));
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

%% A role on another node is up.
-spec up(role(), pid(), #owner{}) -> #owner{}.
up(Role, Pid, #owner{roles = Pids, pending = Pending, starting = Starting} = O) ->
    go(O#owner{roles = Pids#{Role => Pid}, pending = Pending#{Pid => Role},
               starting = maps:remove(Role, Starting)}).

-spec start_failed(pid(), term(), #owner{}) -> #owner{}.
start_failed(Starter, Reason, #owner{starting = Starting} = O) ->
    case [R || {R, P} <- maps:to_list(Starting), P =:= Starter] of
        [Role] ->
            fail({role_down, Role, Reason}, true,
                 O#owner{starting = maps:remove(Role, Starting)});
        [] ->
            owner_drop({'$choreo_start_failed', Starter, Reason}, O)
    end.

%% An exit that is not of a running role: a role replaced or forgotten
%% (dropped quietly), or junk.
-spec exited({'EXIT', pid(), term()}, #owner{}) -> #owner{}.
exited({'EXIT', Pid, _} = Info, #owner{forgotten = Forgotten} = O) ->
    case lists:member(Pid, Forgotten) of
        true -> O#owner{forgotten = lists:delete(Pid, Forgotten)};
        false when O#owner.families =/= [] -> O;  % a member's: its 'DOWN' tells
        false -> owner_drop(Info, O)
    end.

%% Roles on other nodes are told to stop and no longer waited for (their
%% node may not answer).
-spec forget_remote(#owner{}) -> #owner{}.
forget_remote(#owner{pending = Pending, forgotten = Forgotten} = O) ->
    Remote = [P || P <- maps:keys(Pending), node(P) =/= node()],
    O#owner{pending = maps:without(Remote, Pending), forgotten = Remote ++ Forgotten}.

-spec role_down(pid(), term(), #owner{}) -> #owner{}.
role_down(Pid, Reason, #owner{pending = Pending, results = Results, ref = Ref} = O) ->
    {Role, Pending1} = maps:take(Pid, Pending),
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

%% Stops every role: the supervisor stops those of this node; those on other
%% nodes, and the processes still starting some, are killed.
-spec stop_sup(#owner{}) -> #owner{}.
stop_sup(#owner{stopping = false, sup = Sup, pending = Pending,
                starting = Starting} = O) ->
    _ = [exit(P, kill) || P <- maps:keys(Pending), node(P) =/= node()],
    _ = [exit(P, kill) || P <- maps:values(Starting)],
    _ = is_pid(Sup) andalso exit(Sup, shutdown),
    ok = stop_members(O),
    O#owner{stopping = true, starting = #{}};
stop_sup(O) ->
    O.

%% Returns once the supervisor, and so every role of this node, is gone.
-spec stop_session(#owner{}) -> ok.
stop_session(#owner{sup = undefined} = O) ->
    _ = stop_sup(O),
    ok;
stop_session(#owner{sup = Sup, pending = Pending, stopping = false})
  when map_size(Pending) =:= 0 ->
    %% Every role has ended: nothing is left for the supervisor to stop.
    %% (Asked to shut down, it could find a role gone whose exit it has not
    %% received yet, and report an error.)
    exit(Sup, kill),
    receive {'EXIT', Sup, _} -> ok end;
stop_session(#owner{sup = Sup} = O) ->
    _ = stop_sup(O),
    receive {'EXIT', Sup, _} -> ok end.

-spec finish(#owner{}) -> no_return().
finish(#owner{error = Error, results = Results, sizes = Sizes,
              member_results = MemberResults} = O) ->
    ok = stop_session(O),
    deliver(case Error of
                none -> {ok, choreo_family:results(Results, Sizes, MemberResults)};
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
cp_message(failed, {Tag, Role, Pid, Parts, _Reason},
           #owner{rescued = Rescued, ref = Ref, roles = Pids,
                  rescues = Rescues} = O) when is_list(Parts) ->
    case {Rescued, Pids} of
        {#{Tag := _}, _} ->
            O;
        {_, #{Role := Current}} when Current =/= Pid ->
            %% A process that no longer plays Role (replaced while busy).
            O;
        {_, #{}} ->
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
                    Busy = [{R, Pid} || R <- Waiting, Pid <- busy_inside(R, Tag, O)],
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

%% Role's pid if it is still inside the block Tag (busy: it has not answered
%% `rescue' within ?GRACE ms). Its process dictionary, read without stopping
%% it, holds its checkpoint frames (choreo_role keeps them there). A role
%% on another node cannot be replaced, and is waited for.
-spec busy_inside(role(), cp_tag(), #owner{}) -> [pid()].
busy_inside(Role, Tag, #owner{roles = Pids, pending = Pending}) ->
    Pid = map_get(Role, Pids),
    case lists:member(Role, maps:values(Pending)) andalso node(Pid) =:= node()
             andalso erlang:process_info(Pid, dictionary) of
        {dictionary, Dict} ->
            case choreo_role:inside(Tag, Dict) of
                true -> [Pid];
                false -> []
            end;
        _ ->
            []
    end.

%% Replaces busy participants of the failed block Tag: a new process for
%% each, started under the session supervisor; every other role learns the
%% new pids and answers (peers, peers_ack); then each old process's state
%% and mailbox are read in one snapshot, the old process is killed, and the
%% new one gets them (see handover/1 and choreo_role's restart). The old
%% process is not stopped meanwhile: whatever it does after `rescue' is
%% fenced (see "Busy participants" in docs/internals/runtime-contract.md).
-spec replace(cp_tag(), [{role(), pid()}], #owner{}) -> #owner{}.
replace(Tag, Busy, #owner{sup = Sup, gen = Gen0} = O) ->
    Gen = Gen0 + 1,
    Started = lists:foldl(
                fun({Role, Old}, {Swaps, Acc}) ->
                        #owner{specs = Specs, ids = Ids} = Acc,
                        Id = {Role, Gen},
                        Spec = (map_get(Role, Specs))#{id := Id},
                        case supervisor:start_child(Sup, Spec) of
                            {ok, New} ->
                                Pending = maps:filter(
                                            fun(_, R) -> R =/= Role end,
                                            Acc#owner.pending),
                                {[#swap{role = Role, old = Old,
                                        old_id = map_get(Role, Ids), new = New,
                                        tag = Tag} | Swaps],
                                 Acc#owner{pending = Pending#{New => Role},
                                           roles = (Acc#owner.roles)#{Role := New},
                                           ids = Ids#{Role := Id}}};
                            {error, Reason} ->
                                {Swaps, fail({role_down, Role, Reason}, true, Acc)}
                        end
                end, {[], O#owner{gen = Gen}}, Busy),
    {Swaps, O1} = Started,
    %% The old processes are no longer the roles: their exits are not
    %% failures (they are dropped from the pending entries).
    Old = [P || {P, R} <- maps:to_list(O#owner.pending),
                lists:keymember(R, #swap.role, Swaps)],
    Replaced = [R || #swap{role = R} <- Swaps],
    Others = [R || R <- lists:usort(maps:values(O1#owner.pending)),
                   not lists:member(R, Replaced)],
    #owner{roles = Pids, ref = Ref, rescues = Rescues} = O1,
    _ = [map_get(R, Pids) ! {'$choreo_peers', Ref, Pids, Gen} || R <- Others],
    O2 = handover(O1#owner{swaps = Swaps, awaiting = Others,
                           forgotten = Old ++ O1#owner.forgotten}),
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
%% old processes: for each, one snapshot of its process dictionary (its
%% checkpoint state and buffers) and mailbox, taken together, then it is
%% killed; the new one starts from the snapshot. What the old process
%% takes from its mailbox between the snapshot and its death is in the
%% snapshot too, so nothing is lost; nothing it sends then is consumed
%% (its messages carry the abandoned instance's tag, its `failed' and `ack'
%% are from a pid that no longer plays the role).
-spec handover(#owner{}) -> #owner{}.
handover(#owner{swaps = []} = O) ->
    O;
handover(#owner{awaiting = [_ | _]} = O) ->
    O;
handover(#owner{stopping = true} = O) ->
    O#owner{swaps = []};
handover(#owner{swaps = Swaps, sup = Sup, ref = Ref, roles = Pids, gen = Gen} = O) ->
    _ = [begin
             {Dict, Mailbox} =
                 case erlang:process_info(Old, [dictionary, messages]) of
                     [{dictionary, D}, {messages, Ms}] -> {D, Ms};
                     undefined -> {[], []}
                 end,
             _ = is_pid(Sup) andalso
                     begin
                         _ = supervisor:terminate_child(Sup, OldId),
                         supervisor:delete_child(Sup, OldId)
                     end,
             New ! {'$choreo_restart', Ref, Tag, Dict, Pids, Gen, Mailbox}
         end || #swap{old = Old, old_id = OldId, new = New, tag = Tag} <- Swaps],
    O#owner{swaps = []}.

%% A role that ends (or fails) while the others learn new pids: not awaited.
-spec swapped(role(), #owner{}) -> #owner{}.
swapped(Role, #owner{awaiting = Awaiting} = O) ->
    case lists:member(Role, Awaiting) of
        true -> handover(O#owner{awaiting = lists:delete(Role, Awaiting)});
        false -> O
    end.

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

%% Runs in a process of its own (see start_remote/4): erpc can block while
%% Node does not answer. The role links itself to the session supervisor and
%% to the owner.
-spec start_role(Node :: node(), Sup :: pid(), Module :: module(),
                 Init :: role_init()) -> {ok, pid()} | {error, term()}.
start_role(Node, Sup, Module, Init) ->
    try erpc:call(Node, choreo_role, start_remote, [Sup, Module, Init],
                  ?REMOTE_START_TIMEOUT)
    catch
        error:{erpc, Reason} -> {error, Reason};
        Class:Reason -> {error, {Class, Reason}}
    end.


%%--------------------------------------------------------------------
%% Internal: role families
%%--------------------------------------------------------------------

%% The start signal of every role, once every role is up (go/1): the roles
%% get the pids of all (a family's as a tuple). The members of the
%% session's families are started first: each is a process of its own, not
%% a child of the session supervisor (no supervisor call per member: a
%% session may have 10,000), monitored here with a tag that names it; it
%% links itself to the owner like any role (and unlinks when it ends well),
%% and the owner kills the members still running when the session fails
%% (stop_members/1). A member gets the peers without its own family's
%% pids. With one
%% family, the members get their peers when they are spawned and start at
%% once (no start signal each); with several, a member needs the others'
%% pids, known once all are started.
-spec start_go(#{role() => pid()}, #owner{}) -> #owner{}.
start_go(Pids, #owner{spec = #{families := [_ | _] = Families, roles := Roles} = Spec,
                      args = Args, ref = Ref} = O) ->
    Peers0 = maps:merge(maps:from_list([{F, new} || F <- maps:get(new, Spec, [])]), Pids),
    case start_families(Families, Roles, Spec, Args, Peers0, O) of
        {ok, Tuples, O1} ->
            Peers = maps:merge(Peers0, Tuples),
            _ = [Pid ! {'$choreo_go', Ref, Peers} || Pid <- maps:values(Pids)],
            _ = length(Families) > 1 andalso
                maps:fold(
                  fun(Family, Members, true) ->
                          Go = {'$choreo_go', Ref,
                                choreo_family:member_peers(Peers, Family)},
                          _ = [Pid ! Go || Pid <- tuple_to_list(Members)],
                          true
                  end, true, Tuples),
            O1;
        {error, O1} ->
            O1
    end;
start_go(Pids, #owner{spec = Spec, ref = Ref} = O) ->
    Peers = case Spec of
                #{new := [_ | _] = New} ->
                    maps:merge(maps:from_list([{F, new} || F <- New]), Pids);
                #{} ->
                    Pids
            end,
    _ = [Pid ! {'$choreo_go', Ref, Peers} || Pid <- maps:values(Pids)],
    O.

-spec start_families([role()], [{role(), module(), arity()}], spec(), role_args(),
                     map(), #owner{}) ->
          {ok, #{role() => tuple()}, #owner{}} | {error, #owner{}}.
start_families(Families, Roles, Spec, Args, Peers, O) ->
    %% The members' peers, when they can be given at the start (one family).
    Go = case Families of
             [_] -> fun(Family) -> choreo_family:member_peers(Peers, Family) end;
             _ -> fun(_) -> undefined end
         end,
    start_families(Families, Roles, Spec, Args, Go, #{}, O).

-spec start_families([role()], [{role(), module(), arity()}], spec(), role_args(),
                     fun((role()) -> map() | undefined), #{role() => tuple()},
                     #owner{}) ->
          {ok, #{role() => tuple()}, #owner{}} | {error, #owner{}}.
start_families([], _Roles, _Spec, _Args, _Go, Tuples, O) ->
    {ok, Tuples, O};
start_families([Family | Families], Roles, Spec, Args, Go, Tuples,
               #owner{opts = Opts, sizes = Sizes} = O) ->
    {Family, Module, Arity} = lists:keyfind(Family, 1, Roles),
    %% validate/3 has checked the entry.
    {ok, Starts} = choreo_family:starts(maps:get(Family, Args, []), Arity),
    Impl = maps:get(Family, maps:get(impl, Opts, #{}),
                    maps:get(Family, maps:get(impl, Spec, #{}), undefined)),
    RoleNames = [R || {R, _, _} <- Roles] ++ maps:get(new, Spec, []),
    case spawn_members(Family, Module, Impl, Starts, RoleNames, node(), Go(Family),
                       false, O) of
        {ok, Members, O1} ->
            start_families(Families, Roles, Spec, Args, Go, Tuples#{Family => Members},
                           O1#owner{sizes = Sizes#{Family => tuple_size(Members)}});
        {error, O1} ->
            {error, O1}
    end.

%% Starts the members of Family (one per list of start arguments), on the
%% nodes the `nodes' option gives (else on Local), monitored; Go: their
%% start signal's content if known now; New: started with `new' (their
%% results are not the session's). On an error (no process can be started)
%% the session fails with that member's name.
-spec spawn_members(role(), module(), module() | undefined, [[term()]], [role()],
                    node(), term(), boolean(), #owner{}) ->
          {ok, tuple(), #owner{}} | {error, #owner{}}.
spawn_members(Family, Module, Impl, Starts, RoleNames, Local, Go, New,
              #owner{ref = Ref, session = Session, opts = Opts} = O) ->
    Placement = choreo_family:placement(maps:get(Family, maps:get(nodes, Opts, #{}),
                                                 undefined)),
    %% (RoleNames: the peers known before the start signal; none if it comes
    %% with the start.)
    Init = choreo_role:init_arg(
             #{ref => Ref, session => Session, owner => self(), role => Family,
               module => Module, impl => Impl, trace => maps:get(trace, Opts, undefined),
               args => [], roles => case Go of
                                        undefined -> RoleNames;
                                        _ -> []
                                    end}),
    spawn_loop(1, Starts, Family, {Module, Init, Go}, Placement, Local, New, [], O).

-spec spawn_loop(pos_integer(), [[term()]], role(), tuple(), choreo_family:placement(),
                 node(), boolean(), [pid()], #owner{}) ->
          {ok, tuple(), #owner{}} | {error, #owner{}}.
spawn_loop(I, [Args | Starts], Family, Start, Placement, Local, New, Acc,
           #owner{ref = Ref} = O) ->
    Tag = {case New of true -> '$choreo_new'; false -> '$choreo_member' end,
           Ref, Family, I},
    Node = choreo_family:node_of(I, Placement, Local),
    try spawn_member(Node, I, Args, Start, Tag) of
        Pid ->
            spawn_loop(I + 1, Starts, Family, Start, Placement, Local, New, [Pid | Acc], O)
    catch
        error:Reason ->
            Started = list_to_tuple(lists:reverse(Acc)),
            O1 = O#owner{families = [{Family, Started} | O#owner.families],
                         alive = O#owner.alive + tuple_size(Started)},
            {error, fail({role_down, {Family, I}, Reason}, true, O1)}
    end;
spawn_loop(_I, [], Family, _Start, _Placement, _Local, _New, Acc,
           #owner{families = Families, alive = Alive} = O) ->
    Members = list_to_tuple(lists:reverse(Acc)),
    {ok, Members, O#owner{families = [{Family, Members} | Families],
                          alive = Alive + tuple_size(Members)}}.

%% A member's monitor is tagged: its 'DOWN' names it. (choreo_role:
%% start_member/1 makes the process look started by proc_lib, as
%% gen_server:enter_loop/3 needs.)
-spec spawn_member(node(), pos_integer(), [term()], tuple(), tuple()) -> pid().
spawn_member(Node, I, Args, Start, Tag) when Node =:= node() ->
    {Pid, _} = erlang:spawn_opt(choreo_role, start_member, [{I, Args, Start}],
                                [{monitor, [{tag, Tag}]}]),
    Pid;
spawn_member(Node, I, Args, Start, Tag) ->
    {Pid, _} = erlang:spawn_opt(Node, choreo_role, start_member, [{I, Args, Start}],
                                [{monitor, [{tag, Tag}]}]),
    Pid.

%% A member is down: a result (kept for the session's results unless it was
%% started with `new'), or the failure of the session. The 'DOWN's of other
%% members that have come meanwhile are taken at once (10,000 of them must
%% not copy the owner's state each).
-spec member_down('$choreo_member' | '$choreo_new', choreo_family:member(), term(),
                  #owner{}) -> #owner{}.
member_down(Kind, Member, Reason,
            #owner{ref = Ref, alive = Alive, member_results = Results} = O) ->
    case Reason of
        {shutdown, {choreo_result, Ref, Value}} when Kind =:= '$choreo_member' ->
            members_down(Ref, Alive - 1, [{Member, Value} | Results], O);
        {shutdown, {choreo_result, Ref, _Value}} ->
            members_down(Ref, Alive - 1, Results, O);
        {shutdown, {choreo_timeout, _Steps}} ->
            fail({timeout, Member}, true, O#owner{alive = Alive - 1});
        _ ->
            Primary = Reason =/= killed andalso Reason =/= shutdown,
            fail({role_down, Member, Reason}, Primary, O#owner{alive = Alive - 1})
    end.

-spec members_down(reference(), non_neg_integer(), [{choreo_family:member(), term()}],
                   #owner{}) -> #owner{}.
members_down(Ref, Alive, Results, O) ->
    receive
        {{'$choreo_member', Ref, Family, I}, _MRef, process, _Pid,
         {shutdown, {choreo_result, Ref, Value}}} ->
            members_down(Ref, Alive - 1, [{{Family, I}, Value} | Results], O);
        {{'$choreo_new', Ref, _Family, _I}, _MRef, process, _Pid,
         {shutdown, {choreo_result, Ref, _Value}}} ->
            members_down(Ref, Alive - 1, Results, O)
    after 0 ->
        O#owner{alive = Alive, member_results = Results}
    end.

%% The members still running, for roles/1 (one on another node is taken
%% for running: asking its node would hold up the owner).
-spec alive_members(#owner{}) -> #{peer() => pid()}.
alive_members(#owner{families = Families}) ->
    maps:from_list([{{Family, I}, Pid}
                    || {Family, Members} <- Families,
                       {I, Pid} <- lists:enumerate(tuple_to_list(Members)),
                       node(Pid) =/= node() orelse is_process_alive(Pid)]).

%% A role runs `new F[A.(E)]': start the members for its call (on its node
%% unless the `nodes' option places F), give them their first frame, and
%% answer with their pids.
-spec start_new(reference(), term(), #owner{}) -> #owner{}.
start_new(Alias, _Request, #owner{stopping = true} = O) ->
    Alias ! {Alias, stopping},
    O;
start_new(Alias, {Family, Module, Impl0, Starts, Node,
                  {frame, Peers, _Roles, _Pids} = Frame},
          #owner{opts = Opts} = O)
  when is_atom(Family), is_atom(Module), is_list(Starts), is_atom(Node), is_map(Peers) ->
    Impl = maps:get(Family, maps:get(impl, Opts, #{}), Impl0),
    case spawn_members(Family, Module, Impl, Starts, maps:keys(Peers), Node, Frame,
                       true, O) of
        {ok, Members, O1} ->
            Alias ! {Alias, {ok, Members}},
            O1;
        {error, O1} ->
            Alias ! {Alias, stopping},
            O1
    end;
start_new(_Alias, Request, O) ->
    owner_drop({'$choreo_start', Request}, O).

%% The session fails: the members still running are killed (the supervisor
%% stops the other roles).
-spec stop_members(#owner{}) -> ok.
stop_members(#owner{alive = 0}) ->
    ok;
stop_members(#owner{families = Families}) ->
    lists:foreach(fun({_Family, Members}) ->
                          lists:foreach(fun(Pid) -> exit(Pid, kill) end,
                                        tuple_to_list(Members))
                  end, Families).
