%%% EUnit tests of choreo_session's buffer: pure functions, no process.
%%% A role takes, from one sender, the oldest buffered message of a step it
%%% waits for; messages of other senders or steps stay, in order.
-module(choreo_session_tests).

-include_lib("eunit/include/eunit.hrl").

add_all(Msgs) ->
    lists:foldl(fun(M, B) -> {ok, B1} = choreo_session:buffer(M, B), B1 end, [], Msgs).

empty_buffer_has_nothing_test() ->
    ?assertEqual(none, choreo_session:take(self(), [1], [])).

oldest_of_the_awaited_steps_from_that_sender_test() ->
    P = self(),
    Q = spawn(fun() -> ok end),
    B = add_all([{P, 2, a}, {Q, 1, b}, {P, 1, c}, {P, 2, d}]),
    {M1, B1} = choreo_session:take(P, [1, 2], B),
    ?assertEqual({P, 2, a}, M1),
    {M2, B2} = choreo_session:take(P, [1], B1),
    ?assertEqual({P, 1, c}, M2),
    ?assertEqual(none, choreo_session:take(P, [3], B2)),
    {M3, B3} = choreo_session:take(Q, [1], B2),
    ?assertEqual({Q, 1, b}, M3),
    {M4, B4} = choreo_session:take(P, [2, {select, x}], B3),
    ?assertEqual({P, 2, d}, M4),
    ?assertEqual([], B4).

same_step_keeps_send_order_test() ->
    P = self(),
    B = add_all([{P, 7, N} || N <- lists:seq(1, 1000)]),
    Taken = take_all(P, [7], B, []),
    ?assertEqual(lists:seq(1, 1000), [N || {_, _, N} <- Taken]).

the_buffer_is_bounded_test() ->
    P = self(),
    B = add_all([{P, 5, x} || _ <- lists:seq(1, 100000)]),
    ?assertMatch({error, {shutdown, {choreo_buffer_full, 100000}}},
                 choreo_session:buffer({P, 5, x}, B)).

take_all(P, Steps, B, Acc) ->
    case choreo_session:take(P, Steps, B) of
        none -> lists:reverse(Acc);
        {M, B1} -> take_all(P, Steps, B1, [M | Acc])
    end.
