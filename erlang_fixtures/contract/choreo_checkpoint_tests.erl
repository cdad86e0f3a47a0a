%%% EUnit tests of choreo_checkpoint: pure functions on checkpoint
%%% instances, no process. Every participant must compute the same tags
%%% without talking, and a message must tell a commit only of the instance
%%% right before its own.
-module(choreo_checkpoint_tests).

-include_lib("eunit/include/eunit.hrl").

top_instances_of_a_checkpoint_hash_to_zero_test() ->
    ?assertEqual({3, 1, 0}, choreo_checkpoint:tag(3, 1, 3, none)),
    ?assertEqual({3, 7, 0}, choreo_checkpoint:tag(3, 7, 3, none)).

a_role_map_or_a_parent_changes_the_hash_test() ->
    {3, 1, H1} = choreo_checkpoint:tag(3, 1, {3, #{a => b}}, none),
    {3, 1, H2} = choreo_checkpoint:tag(3, 1, {3, #{a => c}}, none),
    {3, 1, H3} = choreo_checkpoint:tag(3, 1, 3, {1, 1, 0}),
    {3, 1, H4} = choreo_checkpoint:tag(3, 1, 3, {1, 2, 0}),
    ?assertEqual(4, length(lists:usort([0, H1, H2, H3]))),
    ?assertNotEqual(H3, H4),
    %% The same inputs, the same tag: what participants rely on.
    ?assertEqual(choreo_checkpoint:tag(3, 1, 3, {1, 2, 0}),
                 choreo_checkpoint:tag(3, 1, 3, {1, 2, 0})).

%% Only an instance at the top has hash 0 (a stale commit notice of a top
%% instance is told by it), and nested hashes are wide: over many parents
%% and keys, none is 0 and none repeats.
nested_hashes_are_never_zero_and_do_not_repeat_test() ->
    %% 8000 different (key, parent) pairs of nested instances.
    Nested = [{K, P} || N <- lists:seq(1, 2000),
                        K <- [3, {3, #{a => N}}],
                        P <- [{1, N, 0}, none],
                        {K, P} =/= {3, none}],
    Hashes = [H || {K, P} <- Nested, {3, 1, H} <- [choreo_checkpoint:tag(3, 1, K, P)]],
    ?assertEqual(length(Nested), length(Hashes)),
    ?assertNot(lists:member(0, Hashes)),
    ?assertEqual(length(Hashes), length(lists:usort(Hashes))),
    ?assert(lists:all(fun(H) -> H < 1 bsl 59 end, Hashes)).

%% Role maps that differ only in role names whose erlang:phash2 is the same
%% (cy and di; every two-letter name against every other) are different
%% frames: their instances never share a tag.
role_names_that_phash2_alike_give_different_tags_test() ->
    ?assertEqual(erlang:phash2(cy), erlang:phash2(di)),
    ?assertNotEqual(choreo_checkpoint:tag(1, 1, {1, #{p => di, q => bo}}, none),
                    choreo_checkpoint:tag(1, 1, {1, #{p => cy, q => bo}}, none)),
    Names = [list_to_atom([A, B]) || A <- lists:seq($a, $z), B <- lists:seq($a, $z)],
    Tags = [choreo_checkpoint:tag(1, 1, {1, #{p => Name}}, {2, 1, 0}) || Name <- Names],
    ?assertEqual(length(Names), length(lists:usort(Tags))).

would_be_counts_the_next_instance_and_nests_the_chain_test() ->
    Chain = [{1, [a, b], 10}, {2, [a, b], 20}],
    [T1, T2] = choreo_checkpoint:would_be(Chain, true, #{}, none, #{1 => 4}),
    ?assertEqual({1, 5, 0}, T1),
    ?assertEqual(choreo_checkpoint:tag(2, 1, 2, T1), T2).

chain_to_gives_the_part_that_enters_a_tag_test() ->
    Chain = [{1, [a], 10}, {2, [a], 20}],
    Tags = [{1, 1, 0}, {2, 1, 99}],
    Entries = [{5, Chain, Tags}],
    ?assertEqual([[{1, [a], 10}]], choreo_checkpoint:chain_to({1, 1, 0}, Entries)),
    ?assertEqual([Chain], choreo_checkpoint:chain_to({2, 1, 99}, Entries)),
    ?assertEqual([], choreo_checkpoint:chain_to({2, 2, 99}, Entries)).

only_the_next_instance_tells_a_commit_test() ->
    ?assert(choreo_checkpoint:implies({4, 3, 7}, {4, 2, 7})),
    ?assertNot(choreo_checkpoint:implies({4, 4, 7}, {4, 2, 7})),
    ?assertNot(choreo_checkpoint:implies({4, 3, 8}, {4, 2, 7})),
    ?assertNot(choreo_checkpoint:implies({5, 3, 7}, {4, 2, 7})),
    ?assertNot(choreo_checkpoint:implies(none, {4, 2, 7})).

note_removes_the_told_role_test() ->
    Pending = [{{4, 2, 7}, [b, c]}, {{9, 1, 0}, [b]}],
    %% A message of the next instance of 4 to b tells b about 4 only.
    ?assertEqual([{{4, 2, 7}, [c]}, {{9, 1, 0}, [b]}],
                 choreo_checkpoint:note(Pending, {4, 3, 7}, b)),
    ?assertEqual([{{9, 1, 0}, [b]}],
                 choreo_checkpoint:note([{{4, 2, 7}, [b]}, {{9, 1, 0}, [b]}],
                                        {4, 3, 7}, b)),
    %% Any other message tells nothing.
    ?assertEqual(Pending, choreo_checkpoint:note(Pending, none, b)),
    ?assertEqual(Pending, choreo_checkpoint:note(Pending, {4, 3, 7}, d)).
