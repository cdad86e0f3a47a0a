%%% The Erlang side of the differential test of role families
%%% (tests/test_families_differential.py): one session with tracing, its
%%% result and the messages it sent.
-module(choreo_fam_diff).

-export([sends/2]).

-type send() :: {Role :: term(), Peer :: term(), Step :: term(), Payload :: term()}.

%% Runs Mod:run(Args, #{trace => self()}); returns its result and every `send'
%% event as {Role, Peer, Step, Payload}, sorted. The payload of a `{new, F}'
%% step (the members' pids) is replaced by the atom `members'.
-spec sends(module(), map()) -> {term(), [send()]}.
sends(Mod, Args) ->
    flush(),
    Result = Mod:run(Args, #{trace => self()}),
    {Result, lists:sort(collect([]))}.

-spec collect([send()]) -> [send()].
collect(Acc) ->
    receive
        {choreo_trace, _, #{kind := send, role := R, peer := P, step := {new, _} = S}} ->
            collect([{R, P, S, members} | Acc]);
        {choreo_trace, _, #{kind := send, role := R, peer := P, step := S, payload := Pl}} ->
            collect([{R, P, S, Pl} | Acc]);
        {choreo_trace, _, _} ->
            collect(Acc)
    after 0 ->
        Acc
    end.

-spec flush() -> ok.
flush() ->
    receive {choreo_trace, _, _} -> flush()
    after 0 -> ok
    end.
