%%% B's implementation module for the `contract_deadline` fixture.
-module(contract_deadline_b_impl).
-behaviour(contract_deadline_b).

-export([answer/1]).

%% Answers after Delay milliseconds.
-spec answer(non_neg_integer()) -> {answered, non_neg_integer()}.
answer(Delay) ->
    ok = timer:sleep(Delay),
    {answered, Delay}.
