"""The hand-written rival of the scatter/gather benchmark (`hw_scatter_gather`, see
bench/families_bench.py) gives the guarantees it is compared on: a failing worker ends
the session with `{role_down, {workers, I}, Reason}`, a caller that dies takes the
session with it, junk changes nothing, and no process is left."""

from __future__ import annotations

import re

import pytest

from tests.support.erlang_vm import FIXTURES, erlc

pytestmark = pytest.mark.erlang

BENCH = FIXTURES.parents[0] / "bench" / "erlang"


@pytest.fixture(scope="module")
def vm(erl, tmp_path_factory):
    ebin = tmp_path_factory.mktemp("rival_ebin")
    res = erlc([FIXTURES / "bench" / "hw_scatter_gather.erl",
                BENCH / "scatter_gather_workers_impl.erl", BENCH / "scatter_gather_gated.erl",
                FIXTURES / "families" / "choreo_fam_faults.erl"], ebin)
    assert res.returncode == 0, res.stdout + res.stderr
    assert erl.eval(f'code:add_patha("{ebin}")') == "true"
    return erl


def left_after(body: str) -> str:
    return f"""
        logger:set_primary_config(level, none),
        Before_ = sets:from_list(processes(), [{{version, 2}}]),
        R_ = begin {body} end,
        Left_ = choreo_fam_faults:settle(Before_, 3000),
        logger:set_primary_config(level, notice),
        {{R_, Left_}}"""


def test_the_rival_answers_in_member_order(vm):
    assert vm.eval("hw_scatter_gather:run(1000, 3, scatter_gather_workers_impl)") == \
        "{ok,#{master => [1001,1001,1001],workers => [ok,ok,ok]}}"
    assert vm.eval("hw_scatter_gather:run(41, 0, scatter_gather_workers_impl)") == \
        "{ok,#{master => [],workers => []}}"


def test_a_failing_worker_ends_the_rival_session_and_leaves_nothing(vm):
    got = vm.eval(left_after("hw_scatter_gather:run(boom, 500, scatter_gather_workers_impl)"))
    assert re.fullmatch(r"\{\{error,\{role_down,\{workers,\d+\},\{badarith,.*\}\}\},\[\]\}",
                        got), got[:300]


def test_a_dying_caller_takes_the_rival_session_with_it(vm):
    # The workers block in scatter_gather_gated:f/1 until the gate opens: the session
    # would never end by itself.
    got = vm.eval("""
        persistent_term:put(scatter_gather_gated, counters:new(1, [])),
        Gate = spawn(fun() -> receive release -> ok end end),
        true = register(scatter_gather_gate, Gate),
        Before = sets:from_list(processes(), [{version, 2}]),
        C = spawn(fun() -> hw_scatter_gather:run(1, 300, scatter_gather_gated) end),
        ok = choreo_fam_faults:wait_for(fun() ->
            counters:get(persistent_term:get(scatter_gather_gated), 1) =:= 300 end, 5000),
        exit(C, kill),
        Left = choreo_fam_faults:settle(Before, 3000),
        Gate ! release,
        {length(Left), choreo_fam_faults:settle(Before, 3000)}""")
    assert got == "{0,[]}"


def test_junk_and_other_sessions_messages_change_nothing(vm):
    got = vm.eval("""
        {ok, {Ref, Master} = S} = hw_scatter_gather:start(5, 200, scatter_gather_workers_impl),
        [Master ! M || M <- [junk, {make_ref(), answer, 1, 0}, {Ref, answer, 0, 0},
                             {Ref, answer, 201, 0}, {Ref, answer, "1", 0}]],
        hw_scatter_gather:await(S, 10000) =:=
            {ok, #{master => lists:duplicate(200, 6), workers => lists:duplicate(200, ok)}}""")
    assert got == "true"
