%%% Fault injection for role families (tests/test_families_faults.py): many
%%% sessions, one after another, each run by a client process of its own; at
%%% a random moment a random member of the session (or the client) is killed.
%%% Every client must get an answer within a deadline, and every process the
%%% session started must be gone afterwards.
%%%
%%% Members are found through the choreography's roles/1 (which names them
%%% {Family, I}), or, while the session starts, among the new processes that
%%% the runtime starts as members (choreo_role:start_member).
-module(choreo_fam_faults).

-export([storm/1, settle/2, new_processes/1, wait_for/2, first_member/2, is_member/1]).

-type outcome() :: ok | {role_down, term()} | caller_killed.

%% Config:
%%   run := fun(() -> {ok, Session}) starts a session (in the client),
%%   await := fun((Session) -> Result),
%%   expected := {ok, Results},
%%   roles := fun((Session) -> #{Role | {Family, I} => pid()}),
%%   families := [atom()], the family atoms a role_down may name,
%%   sessions := pos_integer(), seed := integer(),
%%   max_delay_us := non_neg_integer(), the kill comes 0 to that after the start,
%%   caller_kills := 0..100, the percentage of sessions whose client is killed.
%% Returns #{outcomes := #{outcome() => count}, failures := [term()],
%%           leftover_at_once := count, killed_members := count}.
-spec storm(map()) -> map().
storm(#{sessions := N, seed := Seed} = Cfg) ->
    _ = rand:seed(exsss, {Seed, Seed * 7 + 1, Seed * 13 + 5}),
    #{level := Level} = logger:get_primary_config(),
    ok = logger:set_primary_config(level, none),
    %% The killer must run when it means to, not once in a round of thousands
    %% of the session's runnable processes.
    Priority = process_flag(priority, high),
    try
        lists:foldl(fun(K, Acc) -> tally(one(Cfg, K), Acc) end,
                    #{outcomes => #{}, failures => [], leftover_at_once => 0,
                      killed_members => 0},
                    lists:seq(1, N))
    after
        process_flag(priority, Priority),
        logger:set_primary_config(level, Level)
    end.

-spec tally({outcome() | {failure, term()}, boolean(), boolean()}, map()) -> map().
tally({Outcome, Killed, LeftAtOnce}, #{outcomes := Os, failures := Fs, killed_members := K,
                                        leftover_at_once := L} = Acc) ->
    Acc1 = Acc#{killed_members := K + count(Killed),
                leftover_at_once := L + count(LeftAtOnce)},
    case Outcome of
        {failure, What} -> Acc1#{failures := [What | Fs]};
        _ -> Acc1#{outcomes := maps:update_with(Outcome, fun(C) -> C + 1 end, 1, Os)}
    end.

-spec count(boolean()) -> 0 | 1.
count(true) -> 1;
count(false) -> 0.

%% One session: {Outcome, a member was killed, processes were left when the
%% answer came}. How the victim is chosen:
%% - caller (CallerKills %): the client, at a random moment;
%% - early (a third of the rest): the first member process that appears, at
%%   once, while the session starts: any member may be named by the error;
%% - roles (the others): after a random delay, a random member of roles/1:
%%   the error must name that very member.
-spec one(map(), pos_integer()) -> {outcome() | {failure, term()}, boolean(), boolean()}.
one(#{run := Run, await := Await, expected := Expected, roles := Roles,
      families := Families, max_delay_us := MaxDelay, caller_kills := CallerKills},
    K) ->
    Before = sets:from_list(processes(), [{version, 2}]),
    Me = self(),
    Tag = make_ref(),
    {Client, CRef} = spawn_monitor(fun() ->
                                           {ok, S} = Run(),
                                           Me ! {Tag, started, S},
                                           Me ! {Tag, self(), Await(S)}
                                   end),
    Mode = case rand:uniform(100) =< CallerKills of
               true -> caller;
               false -> lists:nth(rand:uniform(3), [early, roles, roles])
           end,
    Victim = case Mode of
                 caller ->
                     spin(rand:uniform(MaxDelay + 1) - 1),
                     exit(Client, kill),
                     caller;
                 early ->
                     case first_member(Before, erlang:monotonic_time(millisecond) + 1000) of
                         none -> none;
                         P -> kill(P, any)
                     end;
                 roles ->
                     S = receive {Tag, started, S0} -> S0 end,
                     spin(rand:uniform(MaxDelay + 1) - 1),
                     case [{R, P} || {{_, _} = R, P} <- maps:to_list(Roles(S))] of
                         [] -> none;
                         Ms ->
                             {Member, P} = lists:nth(rand:uniform(length(Ms)), Ms),
                             kill(P, Member)
                     end
             end,
    Answer = receive
                 {Tag, Client, Result} -> {answer, Result};
                 {'DOWN', CRef, process, Client, killed} when Victim =:= caller ->
                     %% An answer sent just before the kill is taken all the same.
                     receive {Tag, Client, Result} -> {answer, Result}
                     after 0 -> caller_killed
                     end;
                 {'DOWN', CRef, process, Client, Reason} when Reason =/= normal ->
                     {client_failed, Reason}
             after 10000 ->
                 hang
             end,
    erlang:demonitor(CRef, [flush]),
    flush(Tag),
    Left = [P || P <- new_processes(Before), P =/= Client],
    Outcome = case {Answer, Victim} of
                  {caller_killed, _} -> caller_killed;
                  {hang, _} -> {failure, {session, K, Mode, no_answer}};
                  {{client_failed, Why}, _} -> {failure, {session, K, Mode, client, Why}};
                  {{answer, Expected}, _} -> ok;
                  {{answer, {error, {role_down, {Fam, I}, killed}}}, any}
                    when is_integer(I), I >= 1 ->
                      case lists:member(Fam, Families) of
                          true -> {role_down, Fam};
                          false -> {failure, {session, K, Mode, Answer}}
                      end;
                  {{answer, {error, {role_down, {Fam, _} = Victim, killed}}}, Victim} ->
                      {role_down, Fam};
                  _ ->
                      {failure, {session, K, Mode, Answer, {killed, Victim}}}
              end,
    Killed = Victim =/= none andalso Victim =/= caller,
    case settle(Before, 5000) of
        [] -> {Outcome, Killed, Left =/= [] andalso Mode =/= caller};
        Leftover ->
            Info = [{P, process_info(P, [current_function, dictionary])} || P <- Leftover],
            _ = [exit(P, kill) || P <- Leftover],
            {{failure, {session, K, Mode, Outcome, left_processes, Info}}, Killed, true}
    end.

%% Kills P if it is alive (a member that has finished cannot fail): Victim,
%% or none.
-spec kill(pid(), Victim) -> Victim | none.
kill(P, Victim) ->
    case is_process_alive(P) of
        true -> exit(P, kill), Victim;
        false -> none
    end.

-spec flush(reference()) -> ok.
flush(Tag) ->
    receive {Tag, _} -> flush(Tag); {Tag, _, _} -> flush(Tag)
    after 0 -> ok
    end.

%% The first process of a family's member that appears (until Deadline), as
%% the runtime starts them: choreo_role:start_member.
-spec first_member(sets:set(pid()), integer()) -> pid() | none.
first_member(Before, Deadline) ->
    case [P || P <- new_processes(Before), is_member(P)] of
        [P | _] -> P;
        [] ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> none;
                false -> erlang:yield(), first_member(Before, Deadline)
            end
    end.

-spec is_member(pid()) -> boolean().
is_member(P) ->
    case process_info(P, [initial_call, dictionary]) of
        [{initial_call, {choreo_role, start_member, _}}, _] -> true;
        [_, {dictionary, D}] ->
            case proplists:get_value('$initial_call', D) of
                {choreo_role, start_member, _} -> true;
                _ -> false
            end;
        undefined -> false
    end.

%% Waits (polling, up to Ms) until no process is alive that was not in Before;
%% returns those still alive then.
-spec settle(sets:set(pid()), non_neg_integer()) -> [pid()].
settle(Before, Ms) ->
    Deadline = erlang:monotonic_time(millisecond) + Ms,
    settle_until(Before, Deadline).

-spec settle_until(sets:set(pid()), integer()) -> [pid()].
settle_until(Before, Deadline) ->
    case new_processes(Before) of
        [] -> [];
        Left ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> Left;
                false -> timer:sleep(1), settle_until(Before, Deadline)
            end
    end.

%% Waits (polling, up to Ms) until Done() is true: ok, or timeout.
-spec wait_for(fun(() -> boolean()), non_neg_integer()) -> ok | timeout.
wait_for(Done, Ms) ->
    Deadline = erlang:monotonic_time(millisecond) + Ms,
    wait_until(Done, Deadline).

-spec wait_until(fun(() -> boolean()), integer()) -> ok | timeout.
wait_until(Done, Deadline) ->
    case Done() of
        true -> ok;
        false ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> timeout;
                false -> timer:sleep(1), wait_until(Done, Deadline)
            end
    end.

-spec new_processes(sets:set(pid())) -> [pid()].
new_processes(Before) ->
    [P || P <- processes(), not sets:is_element(P, Before), P =/= self()].

%% Busy-waits Us microseconds (timers are too coarse for sessions that last
%% a millisecond).
-spec spin(non_neg_integer()) -> ok.
spin(Us) ->
    Until = erlang:monotonic_time(microsecond) + Us,
    spin_until(Until).

-spec spin_until(integer()) -> ok.
spin_until(Until) ->
    case erlang:monotonic_time(microsecond) >= Until of
        true -> ok;
        false -> erlang:yield(), spin_until(Until)
    end.
