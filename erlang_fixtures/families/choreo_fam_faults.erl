%%% Fault injection for role families (tests/test_families_faults.py): many
%%% sessions, one after another, each run by a client process of its own; at
%%% a random moment a random member of the session (or the client) is killed.
%%% Every client must get an answer within a deadline, and every process the
%%% session started must be gone afterwards.
%%%
%%% Members are found among the processes that were not there before the
%%% session: those that run the generated module of a family
%%% (proc_lib:translate_initial_call/1), given by the test.
-module(choreo_fam_faults).

-export([storm/1, settle/2, new_processes/1, wait_for/2]).

-type outcome() :: ok | {role_down, term()} | caller_killed.

%% Config:
%%   run := fun(() -> {ok, Session}) starts a session (in the client),
%%   await := fun((Session) -> Result),
%%   expected := {ok, Results},
%%   member_modules := [module()], the generated modules of the families,
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
    try
        lists:foldl(fun(K, Acc) -> tally(one(Cfg, K), Acc) end,
                    #{outcomes => #{}, failures => [], leftover_at_once => 0,
                      killed_members => 0},
                    lists:seq(1, N))
    after
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
%% answer came}.
-spec one(map(), pos_integer()) -> {outcome() | {failure, term()}, boolean(), boolean()}.
one(#{run := Run, await := Await, expected := Expected, member_modules := Mods,
      families := Families, max_delay_us := MaxDelay, caller_kills := CallerKills},
    K) ->
    Before = sets:from_list(processes(), [{version, 2}]),
    Me = self(),
    Tag = make_ref(),
    Client = spawn(fun() ->
                           {ok, S} = Run(),
                           Me ! {Tag, self(), Await(S)}
                   end),
    KillCaller = rand:uniform(100) =< CallerKills,
    spin(rand:uniform(MaxDelay + 1) - 1),
    Killed = case KillCaller of
                 true ->
                     exit(Client, kill),
                     false;
                 false ->
                     case members(Before, Mods) of
                         [] -> false;
                         Ms -> exit(lists:nth(rand:uniform(length(Ms)), Ms), kill), true
                     end
             end,
    Answer = receive
                 {Tag, Client, Result} -> {answer, Result}
             after 10000 ->
                 case KillCaller of
                     true -> caller_killed;
                     false -> hang
                 end
             end,
    Left = [P || P <- new_processes(Before), P =/= Client],
    Outcome = case Answer of
                  caller_killed -> caller_killed;
                  hang -> {failure, {session, K, no_answer}};
                  {answer, Expected} -> ok;
                  {answer, {error, {role_down, {Fam, I}, killed}}}
                    when Killed, is_integer(I), I >= 1 ->
                      case lists:member(Fam, Families) of
                          true -> {role_down, Fam};
                          false -> {failure, {session, K, {unexpected, Answer}}}
                      end;
                  {answer, Other} ->
                      {failure, {session, K, {unexpected, Other, killed_member, Killed}}}
              end,
    case settle(Before, 5000) of
        [] -> {Outcome, Killed, Left =/= [] andalso not KillCaller};
        Leftover ->
            Info = [{P, proc_lib:translate_initial_call(P)} || P <- Leftover],
            _ = [exit(P, kill) || P <- Leftover],
            {{failure, {session, K, Outcome, left_processes, Info}}, Killed, true}
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

-spec members(sets:set(pid()), [module()]) -> [pid()].
members(Before, Mods) ->
    [P || P <- new_processes(Before),
          case proc_lib:translate_initial_call(P) of
              {M, _, _} -> lists:member(M, Mods);
              _ -> false
          end].

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
