%%% EUnit tests of choreo_family: the pure functions of role families
%%% (sizes, placement, peers, gathers, results).
-module(choreo_family_tests).

-include_lib("eunit/include/eunit.hrl").

starts_test() ->
    ?assertEqual({ok, [[], [], []]}, choreo_family:starts(3, 0)),
    ?assertEqual({ok, []}, choreo_family:starts(0, 0)),
    ?assertEqual({ok, []}, choreo_family:starts([], 2)),
    ?assertEqual({ok, [[1], [2]]}, choreo_family:starts([[1], [2]], 1)),
    ?assertEqual({error, {family, 1}}, choreo_family:starts(3, 1)),
    ?assertEqual({error, {family, 0}}, choreo_family:starts(-1, 0)),
    %% More members than the VM could ever run: refused, nothing built.
    Limit = erlang:system_info(process_limit),
    ?assertEqual({error, {too_many, Limit}}, choreo_family:starts(Limit + 1, 0)),
    ?assertEqual({error, {too_many, Limit}}, choreo_family:starts(1 bsl 40, 0)),
    ?assertEqual({error, {family, 0}}, choreo_family:starts(three, 0)),
    ?assertEqual({error, {family, 1}}, choreo_family:starts([[1] | x], 1)),
    ?assertEqual({error, {member, 2, {arity, 1}}}, choreo_family:starts([[1], [1, 2]], 1)),
    ?assertEqual({error, {member, 1, {arity, 1}}}, choreo_family:starts([x], 1)),
    ?assertEqual({error, {member, 1, {arity, 1}}}, choreo_family:starts([[a | b]], 1)).

placement_test() ->
    ?assertEqual(here, choreo_family:node_of(7, choreo_family:placement(undefined), here)),
    ?assertEqual(n1, choreo_family:node_of(7, choreo_family:placement(n1), here)),
    P = choreo_family:placement([n1, n2, n3]),
    ?assertEqual([n1, n2, n3, n1, n2], [choreo_family:node_of(I, P, here) || I <- lists:seq(1, 5)]),
    ?assert(choreo_family:valid_nodes(n1)),
    ?assert(choreo_family:valid_nodes([n1, n2])),
    ?assertNot(choreo_family:valid_nodes([])),
    ?assertNot(choreo_family:valid_nodes([n1, "n2"])),
    ?assertNot(choreo_family:valid_nodes(#{})).

peers_test() ->
    Me = self(),
    Peers = #{a => Me, ws => {Me, Me}, vs => new, us => none},
    ?assertEqual(Me, choreo_family:pid({ws, 2}, Peers)),
    ?assertEqual(none, choreo_family:pid(gone, Peers)),
    %% A member of the caller's own family is the caller itself.
    ?assertEqual(Me, choreo_family:pid({us, 3}, Peers)),
    ?assertEqual({ws, 2}, choreo_family:phys({w, 2}, #{w => ws})),
    ?assertEqual({#{x => a, y => {ws, 1}, z => ws}, #{x => Me, y => Me, z => {Me, Me}}},
                 choreo_family:compose(#{x => b, y => {w, 1}, z => w, q => unknown},
                                       #{b => a, w => ws}, Peers)),
    ?assert(choreo_family:is_sender({ws, 2}, Peers)),
    ?assertNot(choreo_family:is_sender({ws, 3}, Peers)),
    ?assertNot(choreo_family:is_sender({ws, 0}, Peers)),
    ?assert(choreo_family:is_sender({vs, 99}, Peers)),
    %% Before the start signal every family is `undefined': buffered.
    ?assert(choreo_family:is_sender({ts, 4}, Peers#{ts => undefined})),
    ?assertNot(choreo_family:is_sender({us, 1}, Peers)),
    ?assertNot(choreo_family:is_sender({a, 1}, Peers)),
    ?assertNot(choreo_family:is_sender({"ws", 1}, Peers)),
    ?assertNot(choreo_family:is_sender(ws, Peers)).

gather_test() ->
    G0 = choreo_family:gather_new(3),
    {more, G1} = choreo_family:gather_put(3, c, G0),
    ?assertEqual(taken, choreo_family:gather_put(3, again, G1)),
    {more, G2} = choreo_family:gather_put(1, a, G1),
    ?assertEqual({done, [a, b, c]}, choreo_family:gather_put(2, b, G2)),
    ?assertEqual({done, [x]}, choreo_family:gather_put(1, x, choreo_family:gather_new(1))).

gather_is_linear_test() ->
    N = 10000,
    G = lists:foldl(fun(I, Acc) -> {more, Acc1} = choreo_family:gather_put(I, I, Acc), Acc1 end,
                    choreo_family:gather_new(N), lists:seq(N, 2, -1)),
    ?assertEqual({done, lists:seq(1, N)}, choreo_family:gather_put(1, 1, G)).

results_test() ->
    R = [{{ws, 2}, y}, {{ws, 1}, x}],
    ?assertEqual(#{a => 1, ws => [x, y], vs => []},
                 choreo_family:results(#{a => 1}, #{ws => 2, vs => 0}, R)),
    ?assertEqual(#{a => 1}, choreo_family:results(#{a => 1}, #{}, [])).

results_are_linear_test() ->
    N = 10000,
    R = [{{ws, I}, I} || I <- lists:seq(N, 1, -1)],
    ?assertEqual(#{ws => lists:seq(1, N)}, choreo_family:results(#{}, #{ws => N}, R)).
