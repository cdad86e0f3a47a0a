%%% Hand-written baseline for the benchmarks (bench/): collecting the results
%%% of a session's role processes, shared by the hand-written protocols.
%%%
%%% The caller monitors every role (it is linked to none). A role sends
%%% {Tag, self(), Result} and exits `normal'; that message arrives before its
%%% 'DOWN'. Any other exit ends the session: the other roles are killed, and
%%% collect/2 returns only once every role is gone, as the generated run/2
%%% does.
-module(hw_session).

%% API.
-export([collect/2]).

-type pending(Role) :: #{reference() => {Role, pid()}}.
-export_type([pending/1]).

%% API.

-spec collect(Tag :: atom(), pending(Role)) ->
    {ok, #{Role => term()}} | {error, {role_down, Role, term()}}.
collect(Tag, Pending) ->
    collect(Tag, Pending, #{}).

%% Internal.

-spec collect(atom(), pending(Role), #{Role => term()}) ->
    {ok, #{Role => term()}} | {error, {role_down, Role, term()}}.
collect(_Tag, Pending, Results) when map_size(Pending) =:= 0 ->
    {ok, Results};
collect(Tag, Pending, Results) ->
    receive
        {'DOWN', Ref, process, Pid, Reason} when is_map_key(Ref, Pending) ->
            {{Role, Pid}, Pending1} = maps:take(Ref, Pending),
            receive
                {Tag, Pid, Value} when Reason =:= normal ->
                    collect(Tag, Pending1, Results#{Role => Value})
            after 0 ->
                ok = kill_all(Pending1),
                {error, {role_down, Role, Reason}}
            end
    end.

-spec kill_all(pending(_)) -> ok.
kill_all(Pending) ->
    maps:foreach(fun(_Ref, {_Role, Pid}) -> exit(Pid, kill) end, Pending),
    maps:foreach(fun(Ref, _) ->
                         receive {'DOWN', Ref, process, _, _} -> ok end
                 end, Pending).
