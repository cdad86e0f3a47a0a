"""Roles spread over three Erlang nodes of one machine run the examples with the same
results and message counts; a node that stops mid-session ends it with `role_down`
(reason `noconnection`). The generated code is the same; only the `nodes` option
differs. This module starts its own distributed VM (and two `peer` nodes).
"""

from __future__ import annotations

import os
import re

import pytest

from tests.support.erlang_vm import ErlangVM
from tests.support.examples import example_files, family_example_files, runs

pytestmark = pytest.mark.erlang

RUNS = [r for f in example_files() for r in runs(f)
        if re.fullmatch(r"\w+:run\(.*, #\{\}\)", r.run)]
FAMILY_RUNS = [r for f in family_example_files() for r in runs(f)]


@pytest.fixture(scope="module")
def cluster(examples_build, tmp_path_factory):
    vm = ErlangVM([tmp_path_factory.mktemp("dist_eval"), examples_build],
                  ["-sname", f"choreo_dist_{os.getpid()}@localhost"])
    started = vm.eval(f"""
        Start = fun() ->
            {{ok, Peer, Node}} = peer:start(#{{name => peer:random_name(), host => "localhost",
                                             args => ["-pa", "{examples_build}"]}}),
            {{Peer, Node}}
        end,
        Peers = [Start(), Start()],
        persistent_term:put(choreo_test_peers, Peers),
        length(nodes())""")
    assert started == "2"
    yield vm
    vm.eval("[peer:stop(P) || {P, _} <- persistent_term:get(choreo_test_peers)], ok")
    vm.close()


SPREAD = """(fun(Mod) ->
    #{roles := Roles} = Mod:spec(),
    Nodes = [node() | [N || {_, N} <- persistent_term:get(choreo_test_peers)]],
    #{nodes => maps:from_list([{R, lists:nth(I rem 3 + 1, Nodes)}
                               || {I, {R, _, _}} <- lists:zip(lists:seq(1, length(Roles)),
                                                              Roles)])}
  end)"""


# The processes of this node that run one of Modules (a role module, or a runtime module
# such as choreo_owner and its supervisor): what a session leaves behind, told apart
# from the VM's own processes (distribution connections come and go).
OF_MODULES = """(fun(Modules) ->
    [P || P <- erlang:processes(), {M, F, _} <- [proc_lib:translate_initial_call(P)],
          lists:member(M, Modules) orelse (M =:= supervisor andalso lists:member(F, Modules))]
  end)"""


@pytest.mark.parametrize("case", RUNS, ids=lambda r: f"{r.example}:{r.run[:50]}")
def test_example_with_roles_on_three_nodes(cluster, case):
    module = case.run.split(":", 1)[0]
    run = case.run[: -len("#{})")] + f"{SPREAD}({module}))"
    equal, sends, shown = cluster.run_example(run, case.result)
    assert equal, f"{run}\n returned {shown}\n expected {case.result}"
    if case.messages is not None:
        assert sends == case.messages


def test_roles_really_run_on_other_nodes(cluster):
    expr = f"""
        {{ok, S}} = flood:start(#{{p => [10], q => [200]}}, {SPREAD}(flood)),
        Where = maps:map(fun(_, Pid) -> node(Pid) =/= node() end, flood:roles(S)),
        {{ok, _}} = flood:await(S, 5000),
        Where"""
    assert cluster.eval(expr) == "#{c => false,p => true,q => true}"


def test_a_node_that_stops_mid_session_gives_role_down_noconnection(cluster):
    # C waits for Q (who sleeps 2 s) on a third peer node; stopping that node ends the
    # session with role_down and noconnection, promptly, and leaves no local process.
    expr = """
        logger:set_primary_config(level, emergency),
        {ok, Peer, Node} = peer:start(#{name => peer:random_name(), host => "localhost",
                                         args => ["-pa", filename:dirname(
                                                  code:which(flood))]}),
        {ok, S} = flood:start(#{p => [10], q => [2000]}, #{nodes => #{q => Node}}),
        timer:sleep(200),
        Local = [P || P <- maps:values(flood:roles(S)), node(P) =:= node()],
        {links, Linked} = erlang:process_info(hd(Local), links),
        Sup = hd(Linked -- [element(3, S)]),
        T0 = erlang:monotonic_time(millisecond),
        ok = peer:stop(Peer),
        Result = flood:await(S, 5000),
        Took = erlang:monotonic_time(millisecond) - T0,
        logger:set_primary_config(level, notice),
        {Result, Took < 1000, Local =/= [], [P || P <- [Sup | Local], is_process_alive(P)]}"""
    assert cluster.eval(expr) == "{{error,{role_down,q,noconnection}},true,true,[]}"


# A new peer node (the examples' code on its path), Freeze() and Thaw() to stop its
# OS process (SIGSTOP: frozen, not dead) and resume it, and Timed(F): F's result and
# how long it took, in ms. Logging is off until the expression turns it back on.
FREEZABLE_PEER = """
    logger:set_primary_config(level, emergency),
    {ok, Peer, Node} = peer:start(#{name => peer:random_name(), host => "localhost",
                                     args => ["-pa", filename:dirname(code:which(shipping))]}),
    OsPid = erpc:call(Node, os, getpid, []),
    Freeze = fun() -> _ = os:cmd("kill -STOP " ++ OsPid), ok end,
    Thaw = fun() -> _ = os:cmd("kill -CONT " ++ OsPid), ok end,
    Timed = fun(F) -> T0 = erlang:monotonic_time(millisecond), R = F(),
                      {R, erlang:monotonic_time(millisecond) - T0} end,"""


def test_a_frozen_node_does_not_stretch_the_deadline(cluster):
    # A peer node whose OS process is stopped (SIGSTOP: frozen, not dead) holds a role
    # of generic_quote (the generic back end, whose owner starts that role from a
    # process of its own):
    # run(..., #{timeout => 500}) still returns by its deadline, whether the node froze
    # before the session (the start of the role there hangs) or during it (the role
    # there does not answer, not even to being stopped). Nothing is left on this node.
    expr = FREEZABLE_PEER + """
        Opts = #{nodes => #{seller => Node}, timeout => 500,
                 impl => #{seller => hostile_impl}},
        {ok, S} = generic_quote:start(#{buyer => [slowish]}, Opts),
        #{seller := Seller} = generic_quote:roles(S),
        Freeze(),
        {During, TookDuring} = Timed(fun() -> generic_quote:await(S, 5000) end),
        {Before2, TookBefore} = Timed(fun() -> generic_quote:run(#{buyer => [book]}, Opts) end),
        timer:sleep(50),
        Left = length(""" + OF_MODULES + """([choreo_owner, generic_quote_buyer,
                                             generic_quote_seller])),
        Thaw(),
        ok = peer:stop(Peer),
        logger:set_primary_config(level, notice),
        {node(Seller) =:= Node, During, TookDuring < 1000, Before2, TookBefore < 1000, Left}"""
    assert cluster.eval(expr, timeout=120) == \
        "{true,{error,timeout},true,{error,timeout},true,0}"


def test_a_frozen_node_holds_neither_the_start_nor_the_deadline_of_a_direct_session(cluster):
    # shipping (the direct back end) with Carol on a peer node: frozen during a session
    # (Carol busy in a 300 ms callback), or before one, run/2 and start/2 with
    # `timeout => 500` give {error, timeout} by the deadline (a role on a frozen node is
    # spawned by a request that the start stops waiting for). Nothing is left on this
    # node, and once the node thaws, the roles that its pending spawns started there
    # exit on their own (their wait for the peers' pids is bounded).
    expr = FREEZABLE_PEER + """
        Opts = #{nodes => #{carol => Node}, timeout => 500,
                 impl => #{carol => hostile_impl}},
        {ok, #{alice := {ok, {quote, book, 2, 2}}}} = shipping:run(#{alice => [book, 2]}, Opts),
        Roles = [shipping_alice, shipping_bob, shipping_carol],
        {ok, S} = shipping:start(#{alice => [slowish, 2]}, Opts),
        #{carol := Carol} = shipping:roles(S),
        Freeze(),
        {During, TookDuring} = Timed(fun() -> shipping:await(S, 5000) end),
        {Run, TookRun} = Timed(fun() -> shipping:run(#{alice => [book, 2]}, Opts) end),
        {Start, TookStart} = Timed(fun() -> shipping:start(#{alice => [book, 2]}, Opts) end),
        timer:sleep(50),
        Left = length(""" + OF_MODULES + """(Roles)),
        Thaw(),
        Settled = fun Settled(0) -> false;
                      Settled(N) ->
                          case erpc:call(Node, erlang, apply, [""" + OF_MODULES + """, [Roles]]) of
                              [] -> true;
                              _ -> timer:sleep(100), Settled(N - 1)
                          end
                  end,
        timer:sleep(300),
        Late = length(erpc:call(Node, erlang, apply, [""" + OF_MODULES + """, [Roles]])),
        Gone = Settled(60),
        After = shipping:run(#{alice => [book, 2]}, Opts),
        ok = peer:stop(Peer),
        logger:set_primary_config(level, notice),
        {node(Carol) =:= Node, During, TookDuring < 1000, Run, TookRun < 1000,
         Start, TookStart < 1000, Left, Late > 0, Gone, element(1, After)}"""
    assert cluster.eval(expr, timeout=120) == \
        "{true,{error,timeout},true,{error,timeout},true,{error,timeout},true,0,true,true,ok}"


def test_a_node_that_cannot_be_reached_at_start_gives_role_down_noconnection(cluster):
    # Direct (shipping) and generic (generic_quote) back ends alike, and nothing is left.
    expr = """
        Gone = list_to_atom("choreo_nobody_" ++ os:getpid() ++ "@localhost"),
        Direct = shipping:run(#{alice => [book, 2]}, #{nodes => #{carol => Gone}}),
        Generic = generic_quote:run(#{buyer => [book]}, #{nodes => #{seller => Gone}}),
        timer:sleep(50),
        {Direct, Generic, """ + OF_MODULES + """([choreo_owner, shipping_alice, shipping_bob,
                                                shipping_carol, generic_quote_buyer,
                                                generic_quote_seller])}"""
    assert cluster.eval(expr, timeout=60) == \
        "{{error,{role_down,carol,noconnection}},{error,{role_down,seller,noconnection}},[]}"


# Role families: the single roles spread as above, every family (those `new` starts
# too) round-robin over the three nodes.
FAMILY_SPREAD = """(fun(Mod) ->
    #{roles := Roles} = Spec = Mod:spec(),
    Families = maps:get(families, Spec, []) ++ maps:get(new, Spec, []),
    Nodes = [node() | [N || {_, N} <- persistent_term:get(choreo_test_peers)]],
    Singles = [R || {R, _, _} <- Roles, not lists:member(R, Families)],
    #{nodes => maps:merge(
                 maps:from_list([{R, lists:nth(I rem 3 + 1, Nodes)}
                                 || {I, R} <- lists:zip(lists:seq(1, length(Singles)),
                                                        Singles)]),
                 maps:from_list([{F, Nodes} || F <- Families]))}
  end)"""


@pytest.mark.parametrize("case", FAMILY_RUNS, ids=lambda r: f"{r.example}:{r.run[:50]}")
def test_family_example_with_members_round_robin_on_three_nodes(cluster, case):
    module = case.run.split(":", 1)[0]
    run = case.run[: -len("#{})")] + f"{FAMILY_SPREAD}({module}))"
    equal, sends, shown = cluster.run_example(run, case.result)
    assert equal, f"{run}\n returned {shown}\n expected {case.result}"
    assert sends == case.messages


def test_members_are_placed_round_robin_and_new_ones_on_their_starters_node(cluster):
    # sum_squares: 5 workers over [node(), Peer1, Peer2]; count_words: the workers that
    # the master starts with `new` run on the master's node when `nodes` does not
    # place them.
    expr = """
        [{_, N1}, {_, N2}] = persistent_term:get(choreo_test_peers),
        Nodes = [node(), N1, N2],
        {ok, S} = sum_squares:start(#{master => [[1, 2, 3, 4, 5]], workers => 5},
                                    #{nodes => #{workers => Nodes}}),
        Roles = sum_squares:roles(S),
        {ok, #{master := 55}} = sum_squares:await(S, 5000),
        Placed = [node(maps:get({workers, I}, Roles)) || I <- lists:seq(1, 5)],
        {ok, S2} = count_words:start(#{client => [["a b c", "d e", "f"]]},
                                     #{nodes => #{master => N2}}),
        timer:sleep(50),
        Roles2 = count_words:roles(S2),
        {ok, #{client := 6}} = count_words:await(S2, 5000),
        {Placed =:= [node(), N1, N2, node(), N1],
         lists:usort([node(P) =:= N2 || {{workers, _}, P} <- maps:to_list(Roles2)])}"""
    assert cluster.eval(expr) in ("{true,[true]}", "{true,[]}")


def test_a_node_that_stops_ends_the_session_with_a_members_name(cluster):
    # Every member of `ws` runs on a peer node, busy in a 2 s callback; stopping that
    # node ends the session with role_down of a member and noconnection, and leaves
    # no local process of the session.
    expr = """
        logger:set_primary_config(level, emergency),
        {ok, Peer, Node} = peer:start(#{name => peer:random_name(), host => "localhost",
                                         args => ["-pa", filename:dirname(
                                                  code:which(fam_order))]}),
        {ok, S} = fam_order:start(#{a => [[2000, 2000]], ws => [[x], [y]]},
                                  #{nodes => #{ws => Node}}),
        timer:sleep(200),
        Roles = fam_order:roles(S),
        ok = peer:stop(Peer),
        Result = fam_order:await(S, 5000),
        logger:set_primary_config(level, notice),
        {error, {role_down, {ws, I}, Why}} = Result,
        {lists:member(I, [1, 2]), Why, lists:sort([M || {ws, _} = M <- maps:keys(Roles)]),
         [P || P <- maps:values(Roles), node(P) =:= node(), is_process_alive(P)]}"""
    assert cluster.eval(expr) == "{true,noconnection,[{ws,1},{ws,2}],[]}"
