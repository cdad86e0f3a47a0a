%%% Sessions of choreographies compiled by the direct back end, and the rare
%%% paths of their role processes.
%%%
%%% A session is its role processes and nothing else:
%%%
%%%   caller --monitor--> role processes --monitor--> caller
%%%
%%% - start/3 spawns every role (proc_lib, monitored by the caller, linked to
%%%   nothing) and returns at once. The last role spawned gets every peer's
%%%   pid in its spawn arguments; the others get them in one message from the
%%%   caller, sent as soon as every pid exists. Each role monitors the caller
%%%   and enters the gen_server loop of its generated module. There is no
%%%   session supervisor, no owner process and no start handshake.
%%% - A role that finishes exits with {shutdown, {choreo_result, Ref, Value}}:
%%%   its result comes to the caller in the 'DOWN' of the caller's monitor,
%%%   which also says that the process is gone. A role that fails stops its
%%%   peers from its terminate/2 (exit signal {shutdown, {choreo_peer_down,
%%%   Pid}}); await/2 reports the first role that went down, kills whatever is
%%%   left (a role killed outright cannot warn its peers) and returns once
%%%   every local process of the session is gone. A role whose `within'
%%%   expires fails with {shutdown, {choreo_timeout, Steps}}, which await/2
%%%   reports as {timeout, Role}. A caller that dies takes its sessions with
%%%   it: every role monitors it.
%%% - The session `timeout' is kept by await/2 (the caller is the only one
%%%   waiting for the result), so a session without one pays nothing.
%%% - Between roles a message is {FromPid, Step, Payload}: a role
%%%   takes it only from the pid its state expects; a message from any other
%%%   process is dropped (and logged, at most ?LOG_BURST times a second per
%%%   role). Nothing received is turned into an atom.
%%%
%%% The generated role modules match messages themselves; they call this
%%% module only to buffer a message that came before its step (buffer/2,
%%% take/3), to end (finish/2, terminate/2), to trace (trace/6) and for
%%% what they drop (info/4, unexpected_call/4).
-module(choreo_session).

-include_lib("kernel/include/logger.hrl").

%% API (the generated API module of a choreography)
-export([run/3, start/3, await/2, roles/1, child_spec/3, start_link/3]).

%% Generated role modules
-export([buffer/2, take/3, finish/2, terminate/2, impl/1, trace/6, info/4,
         unexpected_call/4]).

%% Any role process (the generic back end's too): a message dropped.
-export([drop/3]).

%% Internal: the start of a role process, and of a session under a
%% supervisor.
-export([role/2, supervised/4]).

-export_type([session/0, link/0, trace/0, buffer/0, envelope/0, step/0,
              role_init/0, start/0]).

-type role() :: atom().
-type step() :: pos_integer() | {select, atom() | integer()}.

-opaque session() :: {choreo_session, reference(),
                      [{role(), pid(), reference()}], Deadline :: integer() | infinity,
                      Caller :: pid()}.
%% The session ref, each role's process and the caller's monitor of it, the
%% session's deadline (monotonic ms), and the process that started it.

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

-type role_init() :: {link(), trace(), [term()], tuple()}.
%% The argument of a generated role module's init/1: the role's link, tracer
%% and start arguments, and the pid of every role of the session in the order
%% of the spec's roles (the role's own place is `undefined' or its own pid).

-type start() :: {link(), [term()], go | {go, timeout()} | {trace(), tuple()}}.
%% What a role process starts from (role/2): its link and start arguments,
%% and its tracer and peers, or `go' to wait for them (for at most the time
%% given, by a role spawned on another node: see go_wait/1).

%% At most this many envelopes wait in a role's buffer: a peer that sends
%% more steps than the role ever takes breaks the protocol, and the session
%% ends.
-define(BUFFER_LIMIT, 100000).

%% A role whose mailbox holds more than this many messages while it drops
%% junk moves its mailbox off its heap.
-define(FLOOD, 1000).

%% A role drains junk from its mailbox (drain/1) once it holds more than
%% this many messages.
-define(DRAIN, 16).

%% A role spawned on another node waits for its `go' this much longer than
%% the session's deadline (see go_wait/1).
-define(GO_SLACK, 2000).

%% Dropped messages are logged at most this many times a second per role.
-define(LOG_BURST, 10).

%% What await/2 waits for.
-record(await, {
    ref :: reference(),
    started :: [{role(), pid(), reference()}],
    'end' = infinity :: integer() | infinity,
    why = none :: none | timeout | await_timeout | noproc,
    %% The supervisor of a session started by start_link/3.
    parent :: pid() | undefined
}).

%%--------------------------------------------------------------------
%% API
%%--------------------------------------------------------------------

%% @doc Runs one session to its end and returns each role's result.
-spec run(choreo_runtime:spec(), choreo_runtime:role_args(), choreo_runtime:options()) ->
          choreo_runtime:result().
run(Spec, Args, Opts) ->
    case start(Spec, Args, Opts) of
        {ok, {choreo_session, Ref, Started, Deadline, _Caller}} ->
            %% The caller, and its first await: await/2's checks are not needed.
            await(Ref, Started, Deadline, infinity);
        {error, _} = Error ->
            Error
    end.

%% @doc Starts a session and returns at once. Only the calling process can
%% await/2 it; the session stops if that process dies.
-spec start(choreo_runtime:spec(), choreo_runtime:role_args(), choreo_runtime:options()) ->
          {ok, session()} | {error, term()}.
start(#{roles := Roles} = Spec, Args, Opts) ->
    case valid(Roles, Args, Opts) orelse choreo_runtime:validate(Spec, Args, Opts) of
        Valid when Valid =:= true; Valid =:= ok ->
            Ref = make_ref(),
            case Opts =:= #{} of
                true ->
                    How = {Ref, self(), maps:get(impl, Spec, #{}), Args, #{}, false, infinity},
                    started(spawn_roles(Roles, How, [], []), Ref, infinity, undefined, false);
                false ->
                    Deadline = case Opts of
                                   #{timeout := Ms} when is_integer(Ms) ->
                                       erlang:monotonic_time(millisecond) + Ms;
                                   #{} ->
                                       infinity
                               end,
                    Impls = maps:merge(maps:get(impl, Spec, #{}), maps:get(impl, Opts, #{})),
                    Nodes = maps:get(nodes, Opts, #{}),
                    AllGo = is_map_key(trace, Opts)
                        orelse lists:any(fun({R, _, _}) -> remote(R, Nodes) end, Roles),
                    How = {Ref, self(), Impls, Args, Nodes, AllGo, go_wait(Deadline)},
                    started(spawned(spawn_roles(Roles, How, [], []), Deadline),
                            Ref, Deadline, maps:get(trace, Opts, undefined), AllGo)
            end;
        {error, _} = Error ->
            Error
    end.

%% Tracer is the pid of the `trace' option; AllGo says whether the last
%% role waits for its `go' too.
-spec started({ok, [{role(), pid(), reference()}], tuple()} | {error, term()}, reference(),
              integer() | infinity, pid() | undefined, boolean()) ->
          {ok, session()} | {error, term()}.
started({ok, Started, Pids}, Ref, Deadline, Tracer, AllGo) ->
    Session = {choreo_session, Ref, Started, Deadline, self()},
    Trace = case Tracer of
                undefined -> undefined;
                _ -> {Tracer, Session}
            end,
    ok = go(Started, Ref, Trace, Pids, AllGo),
    {ok, Session};
started({error, _} = Error, _Ref, _Deadline, _Tracer, _AllGo) ->
    Error.

%% @doc Waits for the result of a session started by this process. When it
%% returns a result, no local process of the session is alive. Another
%% process gets {error, not_caller} at once (the results go to the caller);
%% the caller gets {error, {session_down, noproc}} at once if an earlier
%% await/2 has returned the session's result or error.
-spec await(session(), timeout()) ->
          choreo_runtime:result() | {error, await_timeout | not_caller}.
await({choreo_session, _Ref, _Started, _Deadline, Caller}, _Timeout) when Caller =/= self() ->
    {error, not_caller};
await({choreo_session, Ref, Started, Deadline, _Caller}, Timeout) ->
    case lists:any(fun({_, Pid, _}) -> node(Pid) =/= node() orelse is_process_alive(Pid) end,
                   Started) of
        true ->
            await(Ref, Started, Deadline, Timeout);
        false ->
            %% Every local role has ended (and then is_process_alive/1 says so
            %% only once its 'DOWN' is in this process's mailbox): what is
            %% not there nor set aside was taken by an earlier await/2.
            collect(#await{ref = Ref, started = Started,
                           'end' = erlang:monotonic_time(millisecond), why = noproc},
                    pending(Started))
    end.

-spec await(reference(), [{role(), pid(), reference()}], integer() | infinity, timeout()) ->
          choreo_runtime:result() | {error, await_timeout}.
await(Ref, Started, infinity, infinity) ->
    collect(#await{ref = Ref, started = Started}, pending(Started));
await(Ref, Started, Deadline, Timeout) ->
    Now = erlang:monotonic_time(millisecond),
    {End, Why} = case {Timeout, Deadline} of
                     {infinity, _} -> {Deadline, timeout};
                     {_, infinity} -> {Now + Timeout, await_timeout};
                     _ when Deadline =< Now + Timeout -> {Deadline, timeout};
                     _ -> {Now + Timeout, await_timeout}
                 end,
    collect(#await{ref = Ref, started = Started, 'end' = End, why = Why}, pending(Started)).

%% @doc The role processes of a running session; `#{}' once it has ended.
-spec roles(session()) -> #{role() => pid()}.
roles({choreo_session, _Ref, Started, _Deadline, _Caller}) ->
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

%% @doc How a role that has its result ends: its process exits at once with
%% {shutdown, {choreo_result, Ref, Value}}, which the caller gets in the
%% 'DOWN' of its monitor. The exit is a signal to itself, not a `stop' through
%% the gen_server loop: a finished role has nothing to clean up (terminate/2
%% does nothing for a result), and the loop's way out (a stack trace, the
%% terminate call chain) costs a role more than its protocol does. An exit
%% signal to oneself is handled before exit/2 returns, so this does not
%% return; if it ever did, the role returns `{stop, Reason, State}' with the
%% reason returned here, and ends the same way.
-spec finish(link(), term()) -> {shutdown, {choreo_result, reference(), term()}}.
finish({Ref, _Caller, _Impl}, Value) ->
    Reason = {shutdown, {choreo_result, Ref, Value}},
    true = exit(self(), Reason),
    Reason.

%% @doc A role's gen_server terminate/2: a role that ends without its result
%% (it failed, or a peer broke the protocol) stops its peers at once, with
%% {shutdown, {choreo_peer_down, Pid}}, so that the caller can tell the role
%% that failed from those it took with it. A role that stops because its
%% caller died stops its peers with {shutdown, caller_down}: a peer inside
%% a callback would see the caller's 'DOWN' only once the callback returns,
%% and nobody awaits the session to stop it.
-spec terminate(term(), [pid()]) -> ok.
terminate({shutdown, {choreo_result, _, _}}, _Peers) ->
    ok;
terminate({shutdown, caller_down} = Down, Peers) ->
    _ = [exit(P, Down) || P <- Peers],
    ok;
terminate(_Reason, Peers) ->
    Down = {shutdown, {choreo_peer_down, self()}},
    _ = [exit(P, Down) || P <- Peers],
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
%% (its monitor, made in role/2, whose ref is kept as '$choreo_caller') stops
%% the role; anything else is dropped,
%% and under a flood so is the junk queued behind it (drain/2). Peers are
%% the role's peers' pids.
-spec info(term(), link(), role(), [pid()]) -> drop | {stop, term()}.
info({'DOWN', MRef, process, _, _} = Info, _Link, Role, _Peers) ->
    case get('$choreo_caller') of
        MRef -> {stop, {shutdown, caller_down}};
        _ -> drop(unexpected, Info, Role)
    end;
info(Info, _Link, Role, Peers) ->
    drop = drop(unexpected, Info, Role),
    drain(Peers).

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
    drop = drop(unexpected_call, Request, Role),
    ok.

%%--------------------------------------------------------------------
%% Internal: role processes
%%--------------------------------------------------------------------

%% The common case of choreo_runtime:validate/3, checked quickly: no
%% options, and arguments of the right arity for known roles only. Anything
%% else goes to validate/3, which names what is wrong.
-spec valid([{role(), module(), arity()}], term(), term()) -> boolean().
valid(Roles, Args, Opts) when Opts =:= #{}, is_map(Args) ->
    valid_args(Roles, Args, 0);
valid(_Roles, _Args, _Opts) ->
    false.

-spec valid_args([{role(), module(), arity()}], map(), non_neg_integer()) -> boolean().
valid_args([], Args, Given) ->
    map_size(Args) =:= Given;
valid_args([{Role, _Module, Arity} | Roles], Args, Given) ->
    case Args of
        #{Role := List} -> arity(List, 0) =:= Arity andalso valid_args(Roles, Args, Given + 1);
        #{} -> Arity =:= 0 andalso valid_args(Roles, Args, Given)
    end.

-spec arity(term(), non_neg_integer()) -> non_neg_integer() | improper.
arity([], N) -> N;
arity([_ | T], N) -> arity(T, N + 1);
arity(_, _) -> improper.

%% Spawns the roles, each monitored by the caller; on failure (the process
%% limit), kills those already started. The last role gets the pids of the
%% others (and its own place `undefined') in its spawn arguments, unless
%% every role waits for a `go' (AllGo: a tracer, whose events name the
%% session, needs every pid; so does a role on another node, whose pid comes
%% later). A role on another node is spawned by an asynchronous request
%% (erlang:spawn_request/5), whose reply spawned/2 waits for: a node that
%% does not answer holds the start up to the session's deadline, not for as
%% long as the connection takes to time out.
-spec spawn_roles([{role(), module(), arity()}],
                  {reference(), pid(), #{role() => module()}, choreo_runtime:role_args(),
                   #{role() => node()}, boolean(), timeout()},
                  [{role(), pid() | spawning, reference()}], [pid() | spawning]) ->
          {ok, [{role(), pid() | spawning, reference()}], tuple()} | {error, term()}.
spawn_roles([], _How, Acc, Pids) ->
    {ok, lists:reverse(Acc), list_to_tuple(lists:reverse(Pids))};
spawn_roles([{Role, Module, _Arity} | Roles],
            {Ref, Caller, Impls, Args, Nodes, AllGo, GoWait} = How, Acc, Pids) ->
    Remote = Nodes =/= #{} andalso remote(Role, Nodes),
    Init = if
               Roles =:= [], not AllGo ->
                   {undefined, list_to_tuple(lists:reverse(Pids, [undefined]))};
               Remote, GoWait =/= infinity ->
                   {go, GoWait};
               true ->
                   go
           end,
    %% The process starts in the role module's init/1 (so that crash reports
    %% and observer name it, as for a gen_server started by gen_server:start/3),
    %% which calls role/2.
    Start = [{'$choreo_role', {{Ref, Caller, maps:get(Role, Impls, undefined)},
                               maps:get(Role, Args, []), Init}}],
    %% The caller's monitors are tagged: await/2 tells their 'DOWN's from the
    %% caller's own, and may set aside those of other sessions.
    Opts = [{monitor, [{tag, '$choreo_down'}]}],
    try
        {Pid, MRef} = case Remote of
                          true ->
                              %% proc_lib:spawn_opt/5 without its wait for the
                              %% reply: the request's ref is the monitor's.
                              {Me, Ancestors} = parentage(),
                              {spawning,
                               erlang:spawn_request(map_get(Role, Nodes), proc_lib, init_p,
                                                    [Me, Ancestors, Module, init, Start],
                                                    [{reply_tag, '$choreo_spawned'} | Opts])};
                          false ->
                              proc_lib:spawn_opt(Module, init, Start, Opts)
                      end,
        spawn_roles(Roles, How, [{Role, Pid, MRef} | Acc], [Pid | Pids])
    catch
        error:Reason ->
            ok = discard(Acc),
            {error, {start_failed, Role, Reason}}
    end.

-spec remote(role(), #{role() => node()}) -> boolean().
remote(Role, Nodes) ->
    case Nodes of
        #{Role := Node} -> Node =/= node();
        #{} -> false
    end.

%% The caller's name and ancestors, as proc_lib passes them to the
%% processes it spawns.
-spec parentage() -> {pid() | atom(), [pid() | atom()]}.
parentage() ->
    Me = case process_info(self(), registered_name) of
             {registered_name, Name} -> Name;
             _ -> self()
         end,
    case get('$ancestors') of
        Ancestors when is_list(Ancestors) -> {Me, Ancestors};
        _ -> {Me, []}
    end.

%% How long a role spawned on another node waits for its `go' when the
%% session has a deadline: past it, and a little more, the caller has
%% given up on the session (or abandoned the spawn request, in which case
%% the caller never learns the role's pid), and the role exits.
-spec go_wait(integer() | infinity) -> timeout().
go_wait(infinity) ->
    infinity;
go_wait(Deadline) ->
    timeout_ms(Deadline) + ?GO_SLACK.

%% The pids of the roles spawned on other nodes, from their spawn replies.
%% A node that cannot be reached fails the start with {role_down, Role,
%% noconnection}; when the session's deadline passes first, the start fails
%% with `timeout' (the requests still pending are abandoned, and a role that
%% starts after all exits on its own: see go_wait/1).
-spec spawned({ok, [{role(), pid() | spawning, reference()}], tuple()} | {error, term()},
              integer() | infinity) ->
          {ok, [{role(), pid(), reference()}], tuple()} | {error, term()}.
spawned({ok, Started, Pids}, Deadline) ->
    case lists:keymember(spawning, 2, Started) of
        false -> {ok, Started, Pids};
        true -> replies(Started, [], Deadline)
    end;
spawned({error, _} = Error, _Deadline) ->
    Error.

-spec replies([{role(), pid() | spawning, reference()}], [{role(), pid(), reference()}],
              integer() | infinity) ->
          {ok, [{role(), pid(), reference()}], tuple()} | {error, term()}.
replies([], Acc, _Deadline) ->
    Started = lists:reverse(Acc),
    {ok, Started, list_to_tuple([P || {_, P, _} <- Started])};
replies([{Role, spawning, ReqId} | Rest] = Left, Acc, Deadline) ->
    receive
        {'$choreo_spawned', ReqId, ok, Pid} ->
            replies(Rest, [{Role, Pid, ReqId} | Acc], Deadline);
        {'$choreo_spawned', ReqId, error, Reason} ->
            %% As when the node goes down later: {role_down, Role, noconnection}.
            ok = discard(Rest ++ Acc),
            {error, {role_down, Role, Reason}}
    after timeout_ms(Deadline) ->
        ok = discard(Left ++ Acc),
        {error, timeout}
    end;
replies([Spawned | Rest], Acc, Deadline) ->
    replies(Rest, [Spawned | Acc], Deadline).

%% A start that failed: the roles spawned so far are killed (and the
%% requests still pending abandoned); returns once the local ones are gone.
-spec discard([{role(), pid() | spawning, reference()}]) -> ok.
discard(Started) ->
    Spawned = lists:filtermap(fun({R, spawning, ReqId}) ->
                                      case erlang:spawn_request_abandon(ReqId) of
                                          true ->
                                              false;
                                          false ->
                                              %% Its reply came meanwhile.
                                              receive
                                                  {'$choreo_spawned', ReqId, ok, Pid} ->
                                                      {true, {R, Pid, ReqId}};
                                                  {'$choreo_spawned', ReqId, error, _} ->
                                                      false
                                              end
                                      end;
                                 (Spawned) ->
                                      {true, Spawned}
                              end, Started),
    stop(pending(Spawned)).

%% Tells each role that waits for it the pid of every role of the session
%% (and its tracer).
-spec go([{role(), pid(), reference()}], reference(), trace(), tuple(), boolean()) -> ok.
go([_Last], _Ref, _Trace, _Pids, false) ->
    ok;
go([{_Role, Pid, _MRef} | Started], Ref, Trace, Pids, AllGo) ->
    _ = Pid ! {'$choreo_go', Ref, Trace, Pids},
    go(Started, Ref, Trace, Pids, AllGo);
go([], _Ref, _Trace, _Pids, _AllGo) ->
    ok.

%% @doc A role process, called by the init/1 of its module Module (which
%% the process starts in): monitors the caller (a tagged monitor would cost
%% a role twice as much), learns its peers and enters the gen_server loop of
%% Module.
-spec role(module(), start()) -> no_return().
role(Module, {{Ref, Caller, _Impl} = Link, Args, Init}) ->
    CallerRef = erlang:monitor(process, Caller),
    _ = put('$choreo_caller', CallerRef),
    {Trace, Pids} = case Init of
                        go -> peers(Ref, CallerRef, infinity);
                        {go, Wait} -> peers(Ref, CallerRef, Wait);
                        _ -> Init
                    end,
    {ok, State} = Module:init({Link, Trace, Args, Pids}),
    play(Module, Args, State).

%% The tracer and peers of a role that waits for its `go'. A role whose
%% caller is gone, or who waited longer than the session's deadline (it was
%% spawned on another node after its caller gave up), exits quietly.
-spec peers(reference(), reference(), timeout()) -> {trace(), tuple()}.
peers(Ref, CallerRef, Wait) ->
    receive
        {'$choreo_go', Ref, Trace, Pids} -> {Trace, Pids};
        {'DOWN', CallerRef, process, _, _} -> exit(normal)
    after Wait ->
        exit(normal)
    end.

%% Plays the role up to its first wait (Module:handle_continue({play, Args},
%% State)) and enters the gen_server loop; what it returns, or raises, is
%% taken as gen_server takes the result of a callback. Playing it here
%% rather than from a `continue' saves a turn of the loop per role.
-spec play(module(), [term()], term()) -> no_return().
play(Module, Args, State) ->
    try Module:handle_continue({play, Args}, State) of
        {noreply, State1} -> gen_server:enter_loop(Module, [], State1);
        {stop, Reason, State1} -> stop(Module, Reason, State1);
        Other -> stop(Module, {bad_return_value, Other}, State)
    catch
        throw:Other -> stop(Module, {bad_return_value, Other}, State);
        error:Why:Stack -> stop(Module, {Why, Stack}, State);
        exit:Why -> stop(Module, Why, State)
    end.

%% A role that stops before its gen_server loop: its terminate/2 runs (it
%% stops the peers when the role failed), then the process exits with the
%% reason (a crash report if it is not a result).
-spec stop(module(), term(), term()) -> no_return().
stop(Module, Reason, State) ->
    _ = Module:terminate(Reason, State),
    exit(Reason).

-spec alive(pid()) -> boolean().
alive(Pid) when node(Pid) =:= node() ->
    is_process_alive(Pid);
alive(Pid) ->
    try erpc:call(node(Pid), erlang, is_process_alive, [Pid], 1000)
    catch _:_ -> false
    end.

%% @doc Drops a message that a role does not take: logs it (at `notice',
%% domain [choreo]) at most ?LOG_BURST times a second per process, with the
%% count of those not logged since; under a flood, counts them and moves the
%% process's mailbox off its heap. Why says what was wrong with it; Who is
%% the role (or, for the generic back end's families, the member {Role, I}).
-spec drop(atom(), term(), role() | {role(), pos_integer()}) -> drop.
drop(Why, Message, Role) ->
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

%% Under a flood, a role takes the junk queued in its mailbox here, a message
%% at a time, instead of once round the gen_server loop for each (about five
%% times dearer). Junk is what no clause of a role can take: anything but a
%% tuple, and {Pid, _, _} from a process that is no peer. Nothing else is
%% taken, so system messages, calls and the peers' envelopes keep their
%% order. A drain ends at the first look that finds no junk, which costs a
%% scan of the messages left; so the next drain waits until the mailbox
%% holds twice as many messages as the last one left (plus ?DRAIN), and
%% draining stays linear however many other messages are queued.
-spec drain([pid()]) -> drop.
drain(Peers) ->
    {message_queue_len, Queued} = process_info(self(), message_queue_len),
    case get('$choreo_drain') of
        Left when is_integer(Left), Queued =< 2 * Left + ?DRAIN -> drop;
        _ when Queued =< ?DRAIN -> drop;
        _ ->
            Drained = drain(maps:from_keys(Peers, []), 0),
            {message_queue_len, Left} = process_info(self(), message_queue_len),
            put('$choreo_drain', Left),
            drained(Drained)
    end.

-spec drain(#{pid() => []}, non_neg_integer()) -> non_neg_integer().
drain(Peers, N) ->
    receive
        Junk when not is_tuple(Junk) ->
            drain(Peers, N + 1);
        {From, _, _} when is_pid(From), not is_map_key(From, Peers) ->
            drain(Peers, N + 1)
    after 0 ->
        N
    end.

%% Drained messages count as dropped and not logged.
-spec drained(non_neg_integer()) -> drop.
drained(0) ->
    drop;
drained(N) ->
    ok = flooded(),
    %% drop/3 has just counted the message that started the drain.
    {Budget, Skipped, Since} = get('$choreo_drops'),
    _ = put('$choreo_drops', {Budget, Skipped + N, Since}),
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

-spec log(atom(), term(), role() | {role(), pos_integer()}, non_neg_integer()) -> ok.
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

-spec pending([{role(), pid(), reference()}]) -> pending().
pending([{R1, P1, M1}, {R2, P2, M2}]) ->
    #{M1 => {R1, P1}, M2 => {R2, P2}};
pending([{R1, P1, M1}, {R2, P2, M2}, {R3, P3, M3}]) ->
    #{M1 => {R1, P1}, M2 => {R2, P2}, M3 => {R3, P3}};
pending(Started) ->
    maps:from_list([{M, {R, P}} || {R, P, M} <- Started]).

%% Collects each role's result (in its 'DOWN'), or the first failure.
-spec collect(#await{}, pending()) -> choreo_runtime:result() | {error, await_timeout}.
collect(Await, Pending) ->
    %% What an await of another session set aside (see stash/2) comes first.
    case get('$choreo_stashed') of
        undefined -> collect(Await, Pending, #{});
        _ -> stashed(maps:keys(Pending), Await, Pending, #{})
    end.

-spec stashed([reference()], #await{}, pending(), #{role() => term()}) ->
          choreo_runtime:result() | {error, await_timeout}.
stashed([], Await, Pending, Results) ->
    collect(Await, Pending, Results);
stashed([MRef | MRefs], Await, Pending, Results) ->
    case unstash(MRef) of
        [{_Pid, Reason}] ->
            case down(Await, MRef, Reason, Pending, Results) of
                {ok, Pending1, Results1} -> stashed(MRefs, Await, Pending1, Results1);
                {error, _} = Error -> Error
            end;
        [] ->
            stashed(MRefs, Await, Pending, Results)
    end.

%% A role's 'DOWN': its result, or the session's failure.
-spec down(#await{}, reference(), term(), pending(), #{role() => term()}) ->
          {ok, pending(), #{role() => term()}} | {error, choreo_runtime:error_reason()}.
down(#await{ref = Ref}, MRef, Reason, Pending, Results) ->
    {{Role, _Pid}, Pending1} = maps:take(MRef, Pending),
    case Reason of
        {shutdown, {choreo_result, Ref, Value}} ->
            {ok, Pending1, Results#{Role => Value}};
        {shutdown, {choreo_peer_down, _}} when map_size(Pending1) > 0 ->
            %% Taken down by a peer that failed: that peer's 'DOWN' says why.
            {ok, Pending1, Results};
        {shutdown, {choreo_timeout, _Steps}} ->
            %% The `within' of the role's wait expired.
            stop(Pending1),
            {error, {timeout, Role}};
        _ ->
            stop(Pending1),
            {error, {role_down, Role, Reason}}
    end.

-spec collect(#await{}, pending(), #{role() => term()}) ->
          choreo_runtime:result() | {error, await_timeout}.
collect(_Await, Pending, Results) when map_size(Pending) =:= 0 ->
    {ok, Results};
collect(#await{'end' = infinity, parent = undefined} = Await, Pending, Results) ->
    %% The common case, without a timer.
    receive
        {'$choreo_down', MRef, process, Pid, Reason} ->
            got(Await, MRef, Pid, Reason, Pending, Results)
    end;
collect(#await{'end' = End, why = Why, parent = Parent} = Await, Pending, Results) ->
    receive
        {'$choreo_down', MRef, process, Pid, Reason} ->
            got(Await, MRef, Pid, Reason, Pending, Results);
        {'EXIT', Parent, Reason} when is_pid(Parent) ->
            stop(Pending),
            exit(Reason)
    after timeout_ms(End) ->
        case Why of
            timeout ->
                stop(Pending),
                {error, timeout};
            await_timeout ->
                %% The session goes on: the results collected are set aside
                %% (as the 'DOWN's they came in) for a later await/2.
                #await{ref = Ref, started = Started} = Await,
                _ = [stash(M, {P, {shutdown, {choreo_result, Ref, map_get(R, Results)}}})
                     || {R, P, M} <- Started, not is_map_key(M, Pending)],
                {error, await_timeout};
            noproc ->
                %% Taken by an earlier await/2 (see await/2).
                {error, {session_down, noproc}}
        end
    end.

%% Messages of sessions other than the one being awaited, in the process
%% dictionary until their own await/2, oldest first.
%% A role's 'DOWN': one of this session's is its result or failure; another
%% session's is set aside, so that awaiting many sessions in any order takes
%% time linear in their number.
-spec got(#await{}, reference(), pid(), term(), pending(), #{role() => term()}) ->
          choreo_runtime:result() | {error, await_timeout}.
got(Await, MRef, _Pid, Reason, Pending, Results) when is_map_key(MRef, Pending) ->
    case down(Await, MRef, Reason, Pending, Results) of
        {ok, Pending1, Results1} -> collect(Await, Pending1, Results1);
        {error, _} = Error -> Error
    end;
got(Await, MRef, Pid, Reason, Pending, Results) ->
    ok = stash(MRef, {Pid, Reason}),
    collect(Await, Pending, Results).

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
        {ok, {choreo_session, Ref, Started, Deadline, _Caller}} ->
            proc_lib:init_ack(Parent, {ok, self()}),
            Await = #await{ref = Ref, started = Started, 'end' = Deadline,
                           why = timeout, parent = Parent},
            case collect(Await, pending(Started)) of
                {ok, _} -> exit(normal);
                {error, Reason} -> exit(Reason)
            end;
        {error, _} = Error ->
            proc_lib:init_ack(Parent, Error),
            exit(normal)
    end.
