%%% The public face of the runtime shared by every choreography that
%%% choreo-erl compiles to Erlang (the OTP library application
%%% `choreo_runtime'; it depends on OTP alone).
%%%
%%% A session of the generic back end is:
%%%
%%%   caller --monitor--> owner --link--> session supervisor --link--> roles
%%%
%%% Each process kind has its module:
%%%
%%% - choreo_runtime (this module): the API that generated API modules call
%%%   (run/3, start/3, await/2, roles/1, child_spec/3, start_link/3), the
%%%   checks of a session's arguments (validate/3, for both back ends), and
%%%   the entry points that generated role modules call (init_role/2,
%%%   handle_role_*, send/4, impl/1), which pass on to choreo_role.
%%% - choreo_owner: the owner process (proc_lib, sys) and the session
%%%   supervisor; the owner's side of checkpoints (rescues, replacing a busy
%%%   participant).
%%% - choreo_role: the driver of a role process (a generated gen_server):
%%%   its state, the buffers of messages that arrive before their step, the
%%%   next() that generated code returns, a role's side of checkpoints.
%%% - choreo_checkpoint: pure functions on checkpoint instances (tags,
%%%   counters, commit notices), with EUnit tests.
%%% - choreo_family: pure functions of role families (a family's entry in
%%%   Args, placement, the pids of members, gathers, results).
%%% - choreo_session: sessions of the direct back end (no owner, no
%%%   supervisor).
%%%
%%% The interface between the runtime and the generated code is described in
%%% docs/internals/runtime-contract.md.
-module(choreo_runtime).

%% API
-export([run/3, start/3, await/2, roles/1, child_spec/3, start_link/3]).

%% Role processes (called from generated role modules)
-export([init_role/2, handle_role_info/2, handle_role_call/3,
         handle_role_cast/2]).

%% Generated code
-export([send/4, impl/1, value/1]).

%% Generated code for role families
-export([send/5, broadcast/4, size/2, index/1, start_members/5]).

%% choreo_session (the direct back end's sessions)
-export([validate/3]).

%% choreo_owner: the session of an owner; choreo_role: the owner of a session
-export([session/2, owner/1]).

-export_type([ctx/0, next/0, step/0, role/0, peer/0, session/0, options/0,
              role_args/0, result/0, spec/0, error_reason/0, role_init/0,
              role_state/0, cp_tag/0, commit_plan/0]).

%%--------------------------------------------------------------------
%% Types
%%--------------------------------------------------------------------

-type role() :: atom().
%% A role atom: the snake_case of the role's name.

-type peer() :: role() | {role(), pos_integer()}.
%% A role, or member I of a family (`{workers, I}'), as results of roles/1,
%% errors and trace events name them.

-type step() :: pos_integer() | {select, atom() | integer()} | {new, role()}.
%% A communication statement (numbered uniquely in its file), a selection,
%% or the message that names the members of a family started with `new'.

-type cp_tag() :: choreo_checkpoint:tag().
-type commit_plan() :: choreo_checkpoint:commit_plan().
-type next() :: choreo_role:next().
%% What a generated enter/2 or resume/5 asks the runtime to do next.
-type ctx() :: choreo_role:ctx().
%% What generated code passes back to send/4 and impl/1. One per frame.
-type role_init() :: choreo_role:role_init().
%% The argument of a generated role module's start_link/1 and init/1.
-type role_state() :: choreo_role:role_state().
%% The gen_server state of a role process.

-type spec() :: #{name := atom(),
                  roles := [{role(), module(), arity()}],
                  impl => #{role() => module()},
                  families => [role()],
                  new => [role()],
                  direct => boolean()}.
%% A choreography as the generated API module describes it. `impl' holds the
%% default implementation module of each role; `families' the roles that
%% are families (their arity is that of each member's start arguments);
%% `new' the families that `new' may start during a session (the `impl' and
%% `nodes' options may name them); `direct' is true when its roles come
%% from the direct back end (their sessions are choreo_session's).

-type role_args() :: #{role() => [term()] | non_neg_integer() | [[term()]]}.
%% A role's start arguments; a family's member count or argument lists.

-type options() :: #{impl => #{role() => module()},
                     nodes => #{role() => node() | [node(), ...]},
                     timeout => timeout(),
                     trace => pid()}.

-type error_reason() :: {role_down, peer(), Reason :: term()}
                      | {timeout, peer()}
                      | timeout
                      | {badarg, role(), What :: term()}
                      | {badarg, Args :: term()}
                      | {badopt, Option :: term(), What :: term()}
                      | {badopt, Opts :: term()}
                      | {session_down, Reason :: term()}.

-type result() :: {ok, #{role() => term()}} | {error, error_reason()}.
%% A family's result is the list of its members' results, in member order.

-opaque session() :: {choreo_session, reference(), pid()}.
%% The session ref (carried by every message of the session) and the owner.

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
            %% The session ref is this process's monitor of the owner: await/2
            %% learns why the owner went, even if it went before the call.
            Owner = proc_lib:spawn(choreo_owner, init,
                                   [undefined, self(), undefined, Spec, Args, Opts]),
            Ref = erlang:monitor(process, Owner),
            Owner ! {'$choreo_ref', self(), Ref},
            {ok, {choreo_session, Ref, Owner}};
        {error, _} = Error ->
            Error
    end.

%% @doc Waits for the result of a session started by this process. When it
%% returns a result, no process of the session is alive.
-spec await(Session :: session(), Timeout :: timeout()) ->
          result() | {error, await_timeout}.
await({choreo_session, Ref, Owner}, Timeout) ->
    %% Ref monitors the owner since start/3; MRef tells if that monitor was
    %% already used up (await/2 called again after the result).
    MRef = erlang:monitor(process, Owner),
    receive
        {'$choreo_result', Ref, Result} ->
            %% The owner sends the result only after every role and the
            %% supervisor are gone, and exits right after.
            receive {'DOWN', MRef, process, _, _} -> ok end,
            true = erlang:demonitor(Ref, [flush]),
            Result;
        {'DOWN', Ref, process, _, Reason} ->
            %% Gone without a result (killed): its roles, linked to it, go
            %% too.
            true = erlang:demonitor(MRef, [flush]),
            {error, {session_down, Reason}};
        {'DOWN', MRef, process, _, Reason} ->
            {error, {session_down, Reason}}
    after Timeout ->
        true = erlang:demonitor(MRef, [flush]),
        {error, await_timeout}
    end.

%% @doc The role processes of a running session; `#{}' once it has ended.
-spec roles(Session :: session()) -> #{peer() => pid()}.
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
            proc_lib:start_link(choreo_owner, init,
                                [self(), undefined, make_ref(), Spec, Args,
                                 Opts]);
        {error, _} = Error ->
            Error
    end.


%% @private The session whose owner is Owner (choreo_owner:init/6).
-spec session(Ref :: reference(), Owner :: pid()) -> session().
session(Ref, Owner) ->
    {choreo_session, Ref, Owner}.

%% @private The owner of a session.
-spec owner(session()) -> pid().
owner({choreo_session, _Ref, Owner}) ->
    Owner.

%%--------------------------------------------------------------------
%% Role processes (called from generated role modules)
%%--------------------------------------------------------------------

%% @doc The init/1 of a role module. Nothing of the projection runs until
%% the owner sends the peers; envelopes that come earlier are buffered.
-spec init_role(Module :: module(), Init :: role_init()) -> {ok, role_state()}.
init_role(Module, Init) ->
    choreo_role:init(Module, Init).

%% @doc The handle_info/2 of a role module: envelopes, the start signal,
%% `within' timers and the messages of checkpoints.
-spec handle_role_info(Info :: term(), State :: role_state()) ->
          {noreply, role_state()} | {stop, term(), role_state()}.
handle_role_info(Info, State) ->
    choreo_role:handle_info(Info, State).

%% @doc The handle_call/3 of a role module. Roles take no calls: a call of
%% the right shape is answered `{error, unexpected_call}'; the role never
%% replies to a malformed From (gen_server would crash trying).
-spec handle_role_call(Request :: term(), From :: term(), State :: role_state()) ->
          {noreply, role_state()}.
handle_role_call(Request, From, State) ->
    choreo_role:handle_call(Request, From, State).

%% @doc The handle_cast/2 of a role module. Roles take no casts.
-spec handle_role_cast(Message :: term(), State :: role_state()) ->
          {noreply, role_state()}.
handle_role_cast(Message, State) ->
    choreo_role:handle_cast(Message, State).

%%--------------------------------------------------------------------
%% Generated code
%%--------------------------------------------------------------------

%% @doc Sends Payload as step Step to role To of the current frame.
-spec send(Ctx :: ctx(), To :: role(), Step :: step(), Payload :: term()) -> ok.
send(Ctx, To, Step, Payload) ->
    choreo_role:send(Ctx, To, Step, Payload).

%% @doc The implementation module of the physical role running the frame:
%% callbacks of called choreographies go there too.
-spec impl(Ctx :: ctx()) -> module().
impl(Ctx) ->
    choreo_role:impl(Ctx).

%% @doc Sends Payload as step Step to member I of family Family of the frame.
-spec send(Ctx :: ctx(), Family :: role(), I :: pos_integer(), Step :: step(),
           Payload :: term()) -> ok.
send(Ctx, Family, I, Step, Payload) ->
    choreo_role:send(Ctx, Family, I, Step, Payload).

%% @doc Sends Payload as step Step to every member of family Family.
-spec broadcast(Ctx :: ctx(), Family :: role(), Step :: step(), Payload :: term()) -> ok.
broadcast(Ctx, Family, Step, Payload) ->
    choreo_role:broadcast(Ctx, Family, Step, Payload).

%% @doc Value itself. Generated code passes a condition that has no
%% variable through it (`if A.(1 > 2)'): erlc would otherwise work out the
%% condition at compile time, and a value bound for the branch it leaves
%% dead would fail the build with "the result of ... is ignored" under
%% warnings_as_errors.
-spec value(term()) -> term().
value(Value) ->
    Value.

%% @doc The number of members of family Family of the frame.
-spec size(Ctx :: ctx(), Family :: role()) -> non_neg_integer().
size(Ctx, Family) ->
    choreo_role:size(Ctx, Family).

%% @doc The number of the member that runs the frame.
-spec index(Ctx :: ctx()) -> pos_integer().
index(Ctx) ->
    choreo_role:index(Ctx).

%% @doc `new F[A.(E)]' at A: starts the members of a family for a call and
%% returns them (see choreo_role:start_members/5).
-spec start_members(Ctx :: ctx(), {Family :: role(), Module :: module(),
                                   Impl :: module(), Arity :: arity()},
                    Size :: term(), RoleMap :: #{role() => peer()},
                    Known :: [{role(), tuple()}]) -> tuple().
start_members(Ctx, Member, Size, RoleMap, Known) ->
    choreo_role:start_members(Ctx, Member, Size, RoleMap, Known).

%%--------------------------------------------------------------------
%% Internal: validation of the arguments of a session
%%--------------------------------------------------------------------

%% @private Checks the arguments and options of a session.
-spec validate(spec(), role_args(), options()) -> ok | {error, error_reason()}.
validate(#{roles := Roles} = Spec, Args, Opts) when is_map(Args), is_map(Opts) ->
    Known = [Role || {Role, _Module, _Arity} <- Roles],
    case [Role || Role <- maps:keys(Args), not lists:member(Role, Known)] of
        [Unknown | _] ->
            {error, {badarg, Unknown, unknown_role}};
        [] ->
            Families = maps:get(families, Spec, []),
            case validate_args(Roles, Families, Args) of
                ok ->
                    %% The options may also name the families `new' starts.
                    validate_opts(Known ++ maps:get(new, Spec, []),
                                  Families ++ maps:get(new, Spec, []),
                                  maps:to_list(Opts));
                {error, _} = Error ->
                    Error
            end
    end;
validate(_Spec, Args, Opts) when is_map(Opts) ->
    {error, {badarg, Args}};
validate(_Spec, _Args, Opts) ->
    {error, {badopt, Opts}}.

-spec validate_args([{role(), module(), arity()}], [role()], role_args()) ->
          ok | {error, error_reason()}.
validate_args([], _Families, _Args) ->
    ok;
validate_args([{Role, _Module, Arity} | Roles], Families, Args) ->
    case Args of
        #{Role := Entry} when Families =/= [] ->
            %% A family's entry: a member count or one argument list per
            %% member (choreo_family:starts/2); absent, no member.
            case lists:member(Role, Families) of
                true ->
                    case choreo_family:check(Entry, Arity) of
                        ok -> validate_args(Roles, Families, Args);
                        {error, What} -> {error, {badarg, Role, What}}
                    end;
                false ->
                    validate_role_args(Role, Arity, Roles, Families, Args)
            end;
        #{} when Families =/= [] ->
            case lists:member(Role, Families) of
                true -> validate_args(Roles, Families, Args);
                false -> validate_role_args(Role, Arity, Roles, Families, Args)
            end;
        #{} ->
            validate_role_args(Role, Arity, Roles, Families, Args)
    end.

-spec validate_role_args(role(), arity(), [{role(), module(), arity()}], [role()],
                         role_args()) -> ok | {error, error_reason()}.
validate_role_args(Role, Arity, Roles, Families, Args) ->
    case Args of
        #{Role := List} when is_list(List) ->
            case proper_length(List) of
                Arity -> validate_args(Roles, Families, Args);
                _ -> {error, {badarg, Role, {arity, Arity}}}
            end;
        #{Role := _} ->
            {error, {badarg, Role, {arity, Arity}}};
        #{} when Arity =:= 0 ->
            validate_args(Roles, Families, Args);
        #{} ->
            {error, {badarg, Role, {missing, Arity}}}
    end.

-spec proper_length(list()) -> non_neg_integer() | improper.
proper_length(List) ->
    try length(List) catch error:badarg -> improper end.

-spec validate_opts([role()], [role()], [{term(), term()}]) ->
          ok | {error, error_reason()}.
validate_opts(_Known, _Families, []) ->
    ok;
validate_opts(Known, Families, [{Key, Value} | Opts]) ->
    case validate_opt(Known, Families, Key, Value) of
        ok -> validate_opts(Known, Families, Opts);
        {error, What} -> {error, {badopt, Key, What}}
    end.

-spec validate_opt([role()], [role()], term(), term()) -> ok | {error, term()}.
validate_opt(Known, Families, nodes, Map) when is_map(Map), Families =/= [] ->
    %% A family is placed on one node, or round-robin over a list of nodes.
    case [{Role, V} || {Role, V} <- maps:to_list(Map),
                       not (lists:member(Role, Known)
                            andalso (is_atom(V)
                                     orelse (lists:member(Role, Families)
                                             andalso choreo_family:valid_nodes(V))))] of
        [] -> ok;
        [{Role, V} | _] ->
            case lists:member(Role, Known) of
                true -> {error, {bad_value, Role, V}};
                false -> {error, {unknown_role, Role}}
            end
    end;
validate_opt(Known, _Families, Key, Map) when (Key =:= impl orelse Key =:= nodes),
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
validate_opt(_Known, _Families, timeout, infinity) ->
    ok;
validate_opt(_Known, _Families, timeout, Ms) when is_integer(Ms), Ms >= 0 ->
    ok;
validate_opt(_Known, _Families, trace, Pid) when is_pid(Pid) ->
    ok;
validate_opt(_Known, _Families, Key, Value)
  when Key =:= impl; Key =:= nodes; Key =:= timeout; Key =:= trace ->
    {error, {bad_value, Value}};
validate_opt(_Known, _Families, _Key, _Value) ->
    {error, unknown_option}.

