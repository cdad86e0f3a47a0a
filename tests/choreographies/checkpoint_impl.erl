%% The callbacks of the checkpoint test choreographies (tests/test_checkpoint.py).
%% step(Keys, Tag, N, V) returns {N, {Tag, V}}, unless Keys names {Tag, N}:
%% {Tag, N} raises, {bad, Tag, N} returns a value of the wrong shape,
%% {slow, Tag, N} sleeps 5 s first, {sleep, Ms, Tag, N} Ms ms.
-module(checkpoint_impl).
-export([step/4]).

step(Keys, Tag, N, V) ->
    case lists:member({Tag, N}, Keys) of
        true -> erlang:error({injected, Tag, N});
        false -> ok
    end,
    case lists:member({bad, Tag, N}, Keys) of
        true -> bad;
        false ->
            _ = lists:member({slow, Tag, N}, Keys) andalso timer:sleep(5000),
            _ = [timer:sleep(Ms) || {sleep, Ms, T, M} <- Keys, T =:= Tag, M =:= N],
            {N, {Tag, V}}
    end.
