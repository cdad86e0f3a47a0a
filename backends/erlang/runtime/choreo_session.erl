%%% Sessions of choreographies compiled by the direct back end, and the rare
%%% paths of their role processes.
%%%
%%% A session is its role processes and nothing else:
%%%
%%%   caller --monitor--> role processes (linked to each other)
%%%                          \--monitor--> caller
%%%
%%% - start/3 spawns every role (proc_lib, monitored by the caller, linked to
%%%   nothing of the caller) and returns at once. Each role waits for the
%%%   pids of its peers (one message from the caller, sent as soon as every
%%%   pid exists), links itself to them, monitors the caller and enters the
%%%   gen_server loop of its generated module. There is no session
%%%   supervisor and no owner process.
%%% - A role that finishes sends its result to the caller and exits
%%%   `normal'. A role that fails takes its linked peers with it; await/2
%%%   reports the first role that went down, kills whatever is left and
%%%   returns once every local process of the session is gone. A caller that
%%%   dies takes its sessions with it: every role monitors it.
%%% - The session `timeout' is kept by await/2 (the caller is the only one
%%%   waiting for the result), so a session without one pays nothing.
%%% - Between roles a message is {FromPid, Step, Payload}: a role
%%%   takes it only from the pid its state expects; a message from any other
%%%   process is dropped (and logged, at most ?LOG_BURST times a second per
%%%   role). Nothing received is turned into an atom.
%%%
%%% The generated role modules match messages themselves; they call this
%%% module only to buffer a message that came before its step (buffer/2,
%%% take/3), to report their result (result/3), to trace (trace/6) and for
%%% what they drop (info/3, unexpected_call/4).
-module(choreo_session).

-include_lib("kernel/include/logger.hrl").

%% API (the generated API module of a choreography)
-export([run/3, start/3, await/2, roles/1, child_spec/3, start_link/3]).

%% Generated role modules
-export([buffer/2, take/3, result/3, impl/1, trace/6, info/3, unexpected_call/4]).

%% Internal: the start of a role process, and of a session under a
%% supervisor.
-export([role/1, supervised/4]).

-export_type([session/0, link/0, trace/0, buffer/0, envelope/0, step/0,
              role_init/0]).

-type role() :: atom().
-type step() :: pos_integer() | {select, atom() | integer()}.

-opaque session() :: {choreo_session, reference(),
                      [{role(), pid(), reference()}], Deadline :: integer() | infinity}.
%% The session ref, each role's process and the caller's monitor of it, and
%% the session's deadline (monotonic ms).

-type link() :: {reference(), Caller :: pid(), Impl :: module() | undefined}.
%% What a role keeps of its session: where its result goes, and the
%% implementation module of its callbacks.

-type trace() :: undefined | {pid(), session()}.

-type envelope() :: {pid(), step(), term()}.
%% A message between roles: the sender's process, the step, the payload.

-type buffer() :: [] | {Count :: non_neg_integer(), Seq :: non_neg_integer(),
                        #{{pid(), step()} => queue:queue({non_neg_integer(), envelope()})}}.
%% Messages that came before their step: a queue per sender and step, each
%% message numbered in arrival order.

-type role_init() :: {link(), trace(), [term()], #{role() => pid()}}.
%% The argument of a generated role module's init/1.

%% At most this many envelopes wait in a role's buffer: a peer that sends
%% more steps than the role ever takes breaks the protocol, and the session
%% ends.
-define(BUFFER_LIMIT, 100000).

%% A role whose mailbox holds more than this many messages while it drops
%% junk moves its mailbox off its heap.
-define(FLOOD, 1000).

%% Dropped messages are logged at most this many times a second per role.
-define(LOG_BURST, 10).

%%--------------------------------------------------------------------
%% API
%%--------------------------------------------------------------------

%% @doc Runs one session to its end and returns each role's result.
-spec run(choreo_runtime:spec(), choreo_runtime:role_args(), choreo_runtime:options()) ->
          choreo_runtime:result().
run(Spec, Args, Opts) ->
    case start(Spec, Args, Opts) of
        {ok, Session} -> await(Session, infinity);
        {error, _} = Error -> Error
    end.

%% @doc Starts a session and returns at once. Only the calling process can
%% await/2 it; the session stops if that process dies.
-spec start(choreo_runtime:spec(), choreo_runtime:role_args(), choreo_runtime:options()) ->
          {ok, session()} | {error, term()}.
start(#{roles := Roles} = Spec, Args, Opts) ->
    case choreo_runtime:validate(Spec, Args, Opts) of
        ok ->
            Ref = make_ref(),
            Deadline = case maps:get(timeout, Opts, infinity) of
                           infinity -> infinity;
                           Ms -> erlang:monotonic_time(millisecond) + Ms
                       end,
            Nodes = maps:get(nodes, Opts, #{}),
            case spawn_roles(Roles, Ref, Nodes, []) of
                {ok, Started} ->
                    Session = {choreo_session, Ref, Started, Deadline},
                    Trace = case Opts of
                                #{trace := Pid} -> {Pid, Session};
                                #{} -> undefined
                            end,
                    Impls = maps:merge(maps:get(impl, Spec, #{}), maps:get(impl, Opts, #{})),
                    Peers = maps:from_list([{R, P} || {R, P, _} <- Started]),
                    _ = [P ! {'$choreo_go', Ref,
                              {{Ref, self(), maps:get(R, Impls, undefined)}, Trace,
                               maps:get(R, Args, []), maps:remove(R, Peers)}}
                         || {R, P, _} <- Started],
                    {ok, Session};
                {error, _} = Error ->
                    Error
            end;
        {error, _} = Error ->
            Error
    end.

%% @doc Waits for the result of a session started by this process. When it
%% returns a result, no local process of the session is alive.
-spec await(session(), timeout()) ->
          choreo_runtime:result() | {error, await_timeout}.
await({choreo_session, Ref, Started, Deadline}, Timeout) ->
    Pending = maps:from_list([{M, {R, P}} || {R, P, M} <- Started]),
    Now = erlang:monotonic_time(millisecond),
    {End, Why} = case {Timeout, Deadline} of
                     {infinity, infinity} -> {infinity, none};
                     {infinity, _} -> {Deadline, timeout};
                     {_, infinity} -> {Now + Timeout, await_timeout};
                     _ when Deadline =< Now + Timeout -> {Deadline, timeout};
                     _ -> {Now + Timeout, await_timeout}
                 end,
    collect(Ref, Pending, #{}, End, Why, undefined).

%% @doc The role processes of a running session; `#{}' once it has ended.
-spec roles(session()) -> #{role() => pid()}.
roles({choreo_session, _Ref, Started, _Deadline}) ->
    maps:from_list([{R, P} || {R, P, _} <- Started, alive(P)]).

%% @doc A child spec that runs one session under a supervisor of the user's.
%% The child is a process that starts the session and awaits it; it exits
%% `normal' when the session ends with a result, or with the error reason.
-spec child_spec(choreo_runtime:spec(), choreo_runtime:role_args(),
                 choreo_runtime:options()) -> supervisor:child_spec().
child_spec(#{name := Name} = Spec, Args, Opts) ->
    #{id => Name,
      start => {?MODULE, start_link, [Spec, Args, Opts]},
      restart => temporary}.

%% @doc Starts a session whose awaiting process is linked to the caller (a
%% supervisor).
-spec start_link(choreo_runtime:spec(), choreo_runtime:role_args(),
                 choreo_runtime:options()) -> {ok, pid()} | {error, term()}.
start_link(Spec, Args, Opts) ->
    case choreo_runtime:validate(Spec, Args, Opts) of
        ok -> proc_lib:start_link(?MODULE, supervised, [self(), Spec, Args, Opts]);
        {error, _} = Error -> Error
    end.

%%--------------------------------------------------------------------
%% Generated role modules
%%--------------------------------------------------------------------

%% @doc Keeps an envelope that came before its step.
-spec buffer(envelope(), buffer()) -> {ok, buffer()} | {error, term()}.
buffer(Msg, []) ->
    buffer(Msg, {0, 0, #{}});
buffer(_Msg, {N, _, _}) when N >= ?BUFFER_LIMIT ->
    {error, {shutdown, {choreo_buffer_full, N}}};
buffer({From, Step, _} = Msg, {N, Seq, Queues}) ->
    Key = {From, Step},
    Q = case Queues of
            #{Key := Q0} -> Q0;
            #{} -> queue:new()
        end,
    {ok, {N + 1, Seq + 1, Queues#{Key => queue:in({Seq, Msg}, Q)}}}.

%% @doc Takes the oldest buffered envelope from From whose step is in Steps:
%% one queue per sender and step, so the cost does not grow with what else
%% is buffered.
-spec take(pid(), [step(), ...], buffer()) -> {envelope(), buffer()} | none.
take(_From, _Steps, []) ->
    none;
take(From, Steps, {N, Seq, Queues}) ->
    Heads = [{S, Key} || Step <- Steps, Key <- [{From, Step}],
                         {value, {S, _}} <- [peek(Key, Queues)]],
    case Heads of
        [] ->
            none;
        _ ->
            {_, Key} = lists:min(Heads),
            {{value, {_, Msg}}, Q} = queue:out(map_get(Key, Queues)),
            Queues1 = case queue:is_empty(Q) of
                          true -> maps:remove(Key, Queues);
                          false -> Queues#{Key := Q}
                      end,
            case N of
                1 -> {Msg, []};
                _ -> {Msg, {N - 1, Seq, Queues1}}
            end
    end.

-spec peek({pid(), step()}, #{{pid(), step()} => queue:queue()}) -> empty | {value, term()}.
peek(Key, Queues) ->
    case Queues of
        #{Key := Q} -> queue:peek(Q);
        #{} -> empty
    end.

%% @doc A role's result, to the process that awaits the session.
-spec result(link(), role(), term()) -> ok.
result({Ref, Caller, _Impl}, Role, Value) ->
    _ = Caller ! {'$choreo_result', Ref, Role, Value},
    ok.

%% @doc The implementation module of the role's callbacks.
-spec impl(link()) -> module().
impl({_Ref, _Caller, undefined}) ->
    erlang:error(no_impl_module);
impl({_Ref, _Caller, Impl}) ->
    Impl.

%% @doc A trace event: a message sent, or taken by the role.
-spec trace(trace(), send | recv, role(), role(), step(), term()) -> ok.
trace({Pid, Session}, Kind, Role, Peer, Step, Payload) ->
    _ = Pid ! {choreo_trace, Session, #{kind => Kind, role => Role, peer => Peer,
                                        step => Step, payload => Payload}},
    ok.

%% @doc Any message a role's own clauses did not take: the caller's death
%% (its monitor, made in role/3) stops the role; anything else is dropped.
-spec info(term(), link(), role()) -> drop | {stop, term()}.
info({'DOWN', MRef, process, _, _} = Info, _Link, Role) ->
    case get('$choreo_caller') of
        MRef -> {stop, {shutdown, caller_down}};
        _ -> dropped(unexpected, Info, Role)
    end;
info({'EXIT', Pid, Reason} = Info, _Link, Role) when is_pid(Pid) ->
    case lists:member(Pid, peers()) of
        %% noproc: the peer had already ended when the link was made; over
        %% distribution that news comes late. A peer that failed is reported
        %% to the caller by its own monitor.
        true when Reason =:= normal; Reason =:= noproc -> drop;
        true -> {stop, {shutdown, {choreo_peer_down, Pid}}};
        false -> dropped(unexpected, Info, Role)
    end;
info(Info, _Link, Role) ->
    dropped(unexpected, Info, Role).

-spec peers() -> [pid()].
peers() ->
    case get('$choreo_peers') of
        undefined -> [];
        Peers -> Peers
    end.

%% @doc A call to a role: answered `{error, unexpected_call}' if it has the
%% shape of a gen_server call, and logged.
-spec unexpected_call(term(), term(), link(), role()) -> ok.
unexpected_call(Request, From, _Link, Role) ->
    _ = case From of
            {Pid, Tag} when is_pid(Pid) ->
                catch gen_server:reply({Pid, Tag}, {error, unexpected_call});
            _ ->
                ok
        end,
    drop = dropped(unexpected_call, Request, Role),
    ok.

%%--------------------------------------------------------------------
%% Internal: role processes
%%--------------------------------------------------------------------

%% Spawns the roles, each monitored by the caller; on failure (the process
%% limit), kills those already started.
-spec spawn_roles([{role(), module(), arity()}], reference(), #{role() => node()},
                  [{role(), pid(), reference()}]) ->
          {ok, [{role(), pid(), reference()}]} | {error, term()}.
spawn_roles([], _Ref, _Nodes, Acc) ->
    {ok, lists:reverse(Acc)};
spawn_roles([{Role, Module, _Arity} | Roles], Ref, Nodes, Acc) ->
    Args = [{Module, Ref, self()}],
    %% The caller's monitors are tagged: await/2 tells their 'DOWN's from the
    %% caller's own, and may set aside those of other sessions.
    Opts = [{monitor, [{tag, '$choreo_down'}]}],
    try
        {Pid, MRef} = case Nodes of
                          #{Role := Node} when Node =/= node() ->
                              proc_lib:spawn_opt(Node, ?MODULE, role, Args, Opts);
                          #{} ->
                              proc_lib:spawn_opt(?MODULE, role, Args, Opts)
                      end,
        spawn_roles(Roles, Ref, Nodes, [{Role, Pid, MRef} | Acc])
    catch
        error:Reason ->
            _ = [begin exit(P, kill), erlang:demonitor(M, [flush]) end
                 || {_, P, M} <- Acc],
            {error, {start_failed, Role, Reason}}
    end.

%% @private A role process: waits for its peers, links to them and enters
%% the gen_server loop of Module.
-spec role({module(), reference(), pid()}) -> no_return().
role({Module, Ref, Caller}) ->
    %% As for a gen_server started by gen_server:start/3: crash reports name
    %% the role module's init/1 as the initial call.
    _ = put('$initial_call', {Module, init, 1}),
    _ = put('$choreo_caller', erlang:monitor(process, Caller)),
    receive
        {'$choreo_go', Ref, {_, _, _, Peers} = Init} ->
            ok = link_peers(maps:values(Peers)),
            _ = put('$choreo_peers', maps:values(Peers)),
            {ok, State, Continue} = Module:init(Init),
            gen_server:enter_loop(Module, [], State, Continue);
        {'DOWN', _, process, Caller, _} ->
            exit(normal)
    end.

%% Links each pair of roles once (the role with the smaller pid makes the
%% link). A peer that has already ended (it may have finished first) is no
%% failure: a peer that failed is reported to the caller by its own monitor.
-spec link_peers([pid()]) -> ok.
link_peers(Peers) ->
    _ = process_flag(trap_exit, true),
    Me = self(),
    _ = [link(P) || P <- Peers, P > Me],
    %% Exits stay trapped: a peer that fails stops this role with
    %% {shutdown, {choreo_peer_down, Pid}} (see info/3), so that the caller
    %% can tell the role that failed from those it took with it.
    flush_exits().

-spec flush_exits() -> ok.
flush_exits() ->
    receive
        {'EXIT', _, Reason} when Reason =:= normal; Reason =:= noproc -> flush_exits();
        {'EXIT', Pid, _Reason} -> exit({shutdown, {choreo_peer_down, Pid}})
    after 0 ->
        ok
    end.

-spec alive(pid()) -> boolean().
alive(Pid) when node(Pid) =:= node() ->
    is_process_alive(Pid);
alive(Pid) ->
    try erpc:call(node(Pid), erlang, is_process_alive, [Pid], 1000)
    catch _:_ -> false
    end.

%% Logs a dropped message, at most ?LOG_BURST times a second per process;
%% the count of those not logged goes with the next one that is.
-spec dropped(atom(), term(), role()) -> drop.
dropped(Why, Message, Role) ->
    case get('$choreo_drops') of
        {Budget, Skipped, Since} when Budget > 0 ->
            log(Why, Message, Role, Skipped),
            put('$choreo_drops', {Budget - 1, 0, Since});
        {0, Skipped, Since} when Skipped > 1024, Skipped band 1023 =/= 0 ->
            %% A flood: counted, not logged; the clock and the mailbox are
            %% looked at once every 1024 drops.
            put('$choreo_drops', {0, Skipped + 1, Since});
        {0, Skipped, Since} ->
            ok = flooded(),
            Now = erlang:monotonic_time(second),
            case Now > Since of
                true ->
                    log(Why, Message, Role, Skipped),
                    put('$choreo_drops', {?LOG_BURST - 1, 0, Now});
                false ->
                    put('$choreo_drops', {0, Skipped + 1, Since})
            end;
        undefined ->
            log(Why, Message, Role, 0),
            put('$choreo_drops', {?LOG_BURST - 1, 0, erlang:monotonic_time(second)})
    end,
    drop.

%% Under a flood of junk, the role's mailbox moves off its heap: otherwise
%% every garbage collection of the role copies the whole queue. (Off-heap
%% queues make every message a little dearer, so roles start without.)
-spec flooded() -> ok.
flooded() ->
    case process_info(self(), message_queue_len) of
        {message_queue_len, N} when N > ?FLOOD ->
            _ = process_flag(message_queue_data, off_heap),
            ok;
        _ ->
            ok
    end.

-spec log(atom(), term(), role(), non_neg_integer()) -> ok.
log(Why, Message, Role, Skipped) ->
    ?LOG_NOTICE("choreo role ~0p (~0p) dropped a message (~0p): ~0tP~s",
                [Role, self(), Why, Message, 20,
                 case Skipped of
                     0 -> "";
                     _ -> io_lib:format(" (and ~b more, not logged)", [Skipped])
                 end],
                #{domain => [choreo]}).

%%--------------------------------------------------------------------
%% Internal: the caller's side
%%--------------------------------------------------------------------

-type pending() :: #{reference() => {role(), pid()}}.

%% Collects each role's result, or the first failure. Done: the roles whose
%% result and 'DOWN' have come.
-spec collect(reference(), pending(), #{role() => term()}, integer() | infinity,
              none | timeout | await_timeout, pid() | undefined) ->
          choreo_runtime:result() | {error, await_timeout}.
collect(Ref, Pending, Results, End, Why, Parent) ->
    %% What an await of another session set aside (see stash/2) comes first:
    %% results, then 'DOWN's (a role's result comes before its 'DOWN').
    case get('$choreo_stashed') of
        undefined ->
            collect(Ref, Pending, Results, [], End, Why, Parent);
        _ ->
            Results1 = maps:merge(Results, maps:from_list(unstash(Ref))),
            stashed(maps:keys(Pending), Ref, Pending, Results1, [], End, Why, Parent)
    end.

-spec stashed([reference()], reference(), pending(), #{role() => term()},
              [{reference(), pid()}], integer() | infinity, none | timeout | await_timeout,
              pid() | undefined) -> choreo_runtime:result() | {error, await_timeout}.
stashed([], Ref, Pending, Results, Done, End, Why, Parent) ->
    collect(Ref, Pending, Results, Done, End, Why, Parent);
stashed([MRef | MRefs], Ref, Pending, Results, Done, End, Why, Parent) ->
    case unstash(MRef) of
        [{Pid, Reason}] ->
            case down(MRef, Pid, Reason, Pending, Results, Done) of
                {ok, Pending1, Done1} ->
                    stashed(MRefs, Ref, Pending1, Results, Done1, End, Why, Parent);
                {error, _} = Error ->
                    Error
            end;
        [] ->
            stashed(MRefs, Ref, Pending, Results, Done, End, Why, Parent)
    end.

%% A role's 'DOWN': after its result, or the session's failure.
-spec down(reference(), pid(), term(), pending(), #{role() => term()},
           [{reference(), pid()}]) ->
          {ok, pending(), [{reference(), pid()}]} | {error, choreo_runtime:error_reason()}.
down(MRef, Pid, Reason, Pending, Results, Done) ->
    {{Role, _Pid}, Pending1} = maps:take(MRef, Pending),
    case Reason of
        normal when is_map_key(Role, Results) ->
            {ok, Pending1, [{MRef, Pid} | Done]};
        {shutdown, {choreo_peer_down, _}} when map_size(Pending1) > 0 ->
            %% Taken down by a peer that failed: that peer's 'DOWN' says why.
            {ok, Pending1, Done};
        _ ->
            stop(Pending1),
            {error, {role_down, Role, Reason}}
    end.

-spec collect(reference(), pending(), #{role() => term()}, [{reference(), pid()}],
              integer() | infinity, none | timeout | await_timeout, pid() | undefined) ->
          choreo_runtime:result() | {error, await_timeout}.
collect(_Ref, Pending, Results, _Done, _End, _Why, _Parent) when map_size(Pending) =:= 0 ->
    {ok, Results};
collect(Ref, Pending, Results, Done, End, Why, Parent) ->
    receive
        {'$choreo_result', Ref, Role, Value} ->
            collect(Ref, Pending, Results#{Role => Value}, Done, End, Why, Parent);
        {'$choreo_result', Other, Role, Value} ->
            %% Another session's: set aside, so that awaiting many sessions in
            %% any order takes time linear in their number.
            ok = stash(Other, {Role, Value}),
            collect(Ref, Pending, Results, Done, End, Why, Parent);
        {'$choreo_down', MRef, process, Pid, Reason} when is_map_key(MRef, Pending) ->
            case down(MRef, Pid, Reason, Pending, Results, Done) of
                {ok, Pending1, Done1} -> collect(Ref, Pending1, Results, Done1, End, Why, Parent);
                {error, _} = Error -> Error
            end;
        {'$choreo_down', MRef, process, Pid, Reason} ->
            ok = stash(MRef, {Pid, Reason}),
            collect(Ref, Pending, Results, Done, End, Why, Parent);
        {'EXIT', Parent, Reason} when is_pid(Parent) ->
            stop(Pending),
            exit(Reason)
    after timeout_ms(End) ->
        case Why of
            timeout ->
                stop(Pending),
                {error, timeout};
            await_timeout ->
                %% The session goes on: what was collected is set aside for a
                %% later await/2.
                _ = [stash(Ref, {R, V}) || {R, V} <- maps:to_list(Results)],
                _ = [stash(M, {P, normal}) || {M, P} <- lists:reverse(Done)],
                {error, await_timeout}
        end
    end.

%% Messages of sessions other than the one being awaited, in the process
%% dictionary until their own await/2, oldest first.
-spec stash(reference(), term()) -> ok.
stash(Key, Item) ->
    _ = put('$choreo_stashed', true),
    _ = case get({'$choreo_stash', Key}) of
            undefined -> put({'$choreo_stash', Key}, [Item]);
            Items -> put({'$choreo_stash', Key}, [Item | Items])
        end,
    ok.

-spec unstash(reference()) -> [term()].
unstash(Key) ->
    case erase({'$choreo_stash', Key}) of
        undefined -> [];
        Items -> lists:reverse(Items)
    end.

-spec timeout_ms(integer() | infinity) -> timeout().
timeout_ms(infinity) ->
    infinity;
timeout_ms(End) ->
    max(0, End - erlang:monotonic_time(millisecond)).

%% Kills what is left of a session, and waits until its local processes are
%% gone (a process on a frozen node is not waited for).
-spec stop(pending()) -> ok.
stop(Pending) ->
    maps:foreach(fun(_MRef, {_Role, Pid}) -> exit(Pid, kill) end, Pending),
    maps:foreach(fun(MRef, {_Role, Pid}) when node(Pid) =:= node() ->
                         case get('$choreo_stashed') =:= true andalso unstash(MRef) of
                             [_] -> ok;
                             _ -> receive {'$choreo_down', MRef, process, _, _} -> ok end
                         end;
                    (MRef, _) ->
                         _ = unstash(MRef),
                         erlang:demonitor(MRef, [flush])
                 end, Pending).

%% @private A session under a supervisor: starts it, then awaits it.
-spec supervised(pid(), choreo_runtime:spec(), choreo_runtime:role_args(),
                 choreo_runtime:options()) -> no_return().
supervised(Parent, Spec, Args, Opts) ->
    process_flag(trap_exit, true),
    case start(Spec, Args, Opts) of
        {ok, {choreo_session, Ref, Started, Deadline}} ->
            proc_lib:init_ack(Parent, {ok, self()}),
            Pending = maps:from_list([{M, {R, P}} || {R, P, M} <- Started]),
            {End, Why} = case Deadline of
                             infinity -> {infinity, none};
                             _ -> {Deadline, timeout}
                         end,
            case collect(Ref, Pending, #{}, End, Why, Parent) of
                {ok, _} -> exit(normal);
                {error, Reason} -> exit(Reason)
            end;
        {error, _} = Error ->
            proc_lib:init_ack(Parent, Error),
            exit(normal)
    end.
