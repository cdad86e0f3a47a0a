"""Role families under fire, on real Erlang (issue 14): over many sessions, kill a random
member of a running family at a random moment, members started with `new` for a call
included, or the caller itself. Every caller must get an answer (the session's result, or
`{error, {role_down, {workers, I}, killed}}`), never hang, and every process the session
started must be gone afterwards (`erlang_fixtures/families/choreo_fam_faults.erl`).

`CHOREO_FAULT_SESSIONS` sets the number of sessions per choreography (default 70, four
choreographies: 280 sessions in all).
"""

from __future__ import annotations

import os
import re

import pytest

from tests.support.families_erlang import family_build

pytestmark = pytest.mark.erlang

SESSIONS = int(os.environ.get("CHOREO_FAULT_SESSIONS", "70"))
SUMMARY = re.compile(r"\{(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\}")


@pytest.fixture(scope="module")
def vm(erl, tmp_path_factory):
    family_build(tmp_path_factory, erl)
    return erl


def storm(vm, *, chor: str, args: str, expected: str, seed: int, max_delay_us: int = 3000,
          caller_kills: int = 10) -> dict:
    """Run the storm; returns the counts, and fails with the first failures if any."""
    cfg = (f"#{{run => fun() -> {chor}:start({args}, #{{}}) end, "
           f"await => fun(S) -> {chor}:await(S, infinity) end, "
           f"roles => fun(S) -> {chor}:roles(S) end, expected => {expected}, "
           f"families => [workers], sessions => {SESSIONS}, seed => {seed}, "
           f"max_delay_us => {max_delay_us}, caller_kills => {caller_kills}}}")
    expr = f"""
        R = choreo_fam_faults:storm({cfg}),
        #{{outcomes := Os, failures := Fs, killed_members := K, leftover_at_once := L}} = R,
        case Fs of
            [] -> {{maps:get(ok, Os, 0), maps:get({{role_down, workers}}, Os, 0),
                    maps:get(caller_killed, Os, 0), K, L, 0}};
            _ -> {{failures, length(Fs), lists:sublist(lists:reverse(Fs), 3)}}
        end"""
    text = vm.eval(expr, timeout=SESSIONS * 12 + 60)
    m = SUMMARY.fullmatch(text)
    assert m, f"{chor}: {text[:3000]}"
    ok, down, caller, killed, left, _ = map(int, m.groups())
    return {"ok": ok, "role_down": down, "caller_killed": caller, "killed": killed,
            "left_at_once": left}


def check(counts: dict) -> None:
    # Every session is accounted for, and kills landed: a test whose kills never land
    # (or always come too late) would prove nothing. A member killed while alive ends
    # its session (a member that has sent its result may still end with `ok`).
    assert counts["ok"] + counts["role_down"] + counts["caller_killed"] == SESSIONS, counts
    assert counts["role_down"] >= SESSIONS // 10, counts
    assert counts["role_down"] <= counts["killed"], counts
    # docs/erlang.md: when run/2 (await/2) returns, no process of the session is alive.
    assert counts["left_at_once"] == 0, counts


def test_killing_members_of_a_session_family(vm):
    members = 8
    args = f"#{{master => [2], workers => [[I] || I <- lists:seq(1, {members})]}}"
    expected = (f"{{ok, #{{master => {members * (members + 1)}, "
                f"workers => [2 * I || I <- lists:seq(1, {members})]}}}}")
    check(storm(vm, chor="fault_family", args=args, expected=expected, seed=1))


def test_killing_members_started_with_new(vm):
    members = 8
    args = f"#{{client => [lists:seq(1, {members})]}}"
    expected = f"{{ok, #{{client => {members * (members + 1)}, master => ok}}}}"
    check(storm(vm, chor="fault_new", args=args, expected=expected, seed=2))


def test_killing_new_members_that_a_third_role_learned(vm):
    members = 6
    args = f"#{{master => [{members}], client => [5]}}"
    expected = f"{{ok, #{{master => {6 * members}, client => ok}}}}"
    check(storm(vm, chor="fault_told", args=args, expected=expected, seed=3))


def test_killing_count_words_workers(vm):
    # The shared example, with documents long enough (1000 to 6000 words) that the
    # workers take a while: the session lasts about 10 ms.
    docs = ('[lists:flatten(lists:join(" ", lists:duplicate(1000 * I, "word"))) '
            '|| I <- lists:seq(1, 6)]')
    check(storm(vm, chor="count_words", args=f"#{{client => [{docs}]}}",
                expected="{ok, #{client => 21000, master => ok}}", seed=4,
                max_delay_us=12000))


@pytest.mark.parametrize("members", [1, 50])
def test_a_caller_that_dies_takes_a_blocked_family_session_with_it(vm, members):
    # fault_slow's members sleep `infinity`: the session would never end by itself.
    got = vm.eval(f"""
        Before = sets:from_list(processes(), [{{version, 2}}]),
        Me = self(),
        C = spawn(fun() ->
            {{ok, S}} = fault_slow:start(#{{master => [1],
                                         workers => lists:duplicate({members}, [infinity])}},
                                       #{{}}),
            Me ! {{self(), fault_slow:roles(S)}},
            fault_slow:await(S, infinity)
        end),
        Roles = receive {{C, R}} -> R end,
        exit(C, kill),
        {{map_size(Roles), choreo_fam_faults:settle(Before, 3000)}}""")
    assert got == f"{{{members + 1},[]}}"
