"""Hostile input to role families, on real Erlang (issue 14).

- Bad family arguments to `run/2` (a negative count, a float, an improper list,
  argument lists of the wrong arity, a count past the process limit) are refused with
  `{error, {badarg, Family, _}}` before anything starts.
- A bad size given to `new` crashes the role that evaluates it, and the session ends.
- Envelopes forged in the names of non-members, and junk sent to members, change
  nothing and make no atom.
- A member killed while the session starts ends it with `{role_down, {workers, I},
  killed}`, and no process is left.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.support.families_erlang import family_build

pytestmark = pytest.mark.erlang

QUIET = "logger:set_primary_config(level, none),"
LOUD = "logger:set_primary_config(level, notice),"


@pytest.fixture(scope="module")
def vm(erl, tmp_path_factory):
    family_build(tmp_path_factory, erl)
    return erl


def nothing_left(body: str) -> str:
    """`body` evaluated with the processes before and after compared (settle loop)."""
    return QUIET + f"""
        Before_ = sets:from_list(processes(), [{{version, 2}}]),
        R_ = begin {body} end,
        Left_ = choreo_fam_faults:settle(Before_, 3000),
        """ + LOUD + """
        {R_, Left_}"""


BAD_ARGS = [
    ("sum_squares", "#{master => [[1]], workers => -1}", "workers"),
    ("sum_squares", "#{master => [[1]], workers => 1.5}", "workers"),
    ("sum_squares", "#{master => [[1]], workers => many}", "workers"),
    ("sum_squares", "#{master => [[1]], workers => [[] | []] ++ [[] | x]}", "workers"),
    ("sum_squares", "#{master => [[1]], workers => [[1]]}", "workers"),
    ("sum_squares", "#{master => [[1]], workers => [[], [], x]}", "workers"),
    ("sealed_bid", "#{seller => [vase, 1], bidders => [[120], [150, 1]]}", "bidders"),
    ("sealed_bid", "#{seller => [vase, 1], bidders => [120, 150]}", "bidders"),
    ("sealed_bid", "#{seller => [vase, 1], bidders => [[120] | [150]]}", "bidders"),
    # Members without parameters, for a family that has one.
    ("sealed_bid", "#{seller => [vase, 1], bidders => 3}", "bidders"),
]


@pytest.mark.parametrize("chor,args,family", BAD_ARGS, ids=[a for _, a, _ in BAD_ARGS])
def test_bad_family_arguments_start_nothing(vm, chor, args, family):
    got = vm.eval(nothing_left(f"{chor}:run({args}, #{{}})"), timeout=30)
    assert re.fullmatch(rf"\{{\{{error,\{{badarg,{family},.*\}}\}},\[\]\}}", got), got


def test_good_family_arguments_still_run(vm):
    # The edges of what is accepted: zero members, and a family left out of Args.
    assert vm.eval("sum_squares:run(#{master => [[]], workers => 0}, #{})") == \
        "{ok,#{master => 0,workers => []}}"
    assert vm.eval("sum_squares:run(#{master => [[]], workers => []}, #{})") == \
        "{ok,#{master => 0,workers => []}}"
    assert vm.eval("sum_squares:run(#{master => [[]]}, #{})") == \
        "{ok,#{master => 0,workers => []}}"
    assert vm.eval("sum_squares:run(#{master => [[4]], workers => [[]]}, #{})") == \
        "{ok,#{master => 16,workers => [ok]}}"


def one_shot_vm(ebin, expr: str) -> str:
    """`expr` in a VM of its own, with at most 1024 processes and 2 GB of memory: a count
    that no VM can hold must not take the test session's VM (or the machine) down."""
    res = subprocess.run(
        ["sh", "-c", 'ulimit -v 2000000; exec erl +P 1024 -noshell -pa "$1" -eval "$2"', "sh",
         str(ebin), f"logger:set_primary_config(level, none), "
                    f"io:format(\"~p~n\", [begin {expr} end]), halt()."],
        capture_output=True, text=True, timeout=120)
    return (res.stdout.strip() or res.stderr.strip())[-500:]


# A member count is refused when it is more than the VM could ever start.
HUGE = [
    pytest.param("erlang:system_info(process_limit) + 1", id="process_limit+1"),
    pytest.param("1 bsl 40", id="1 bsl 40"),
]


@pytest.mark.parametrize("count", HUGE)
def test_a_count_no_vm_can_hold_is_an_error_and_starts_nothing(vm, tmp_path_factory, count):
    ebin = family_build(tmp_path_factory, vm)
    got = one_shot_vm(ebin, f"""
        Before = sets:from_list(processes(), [{{version, 2}}]),
        R = sum_squares:run(#{{master => [[1]], workers => {count}}}, #{{}}),
        {{R, choreo_fam_faults:settle(Before, 3000)}}""")
    assert re.fullmatch(r"\{\{error,\{badarg,workers,.*\}\},\[\]\}", got), got


@pytest.mark.parametrize("size", ["-1", "1.5", "[[1]]", "[[] | x]", "many"])
def test_a_bad_size_for_new_ends_the_session_at_the_role_that_gave_it(vm, size):
    # fault_told: Master.R = fault_pair(Master, Client(X), new Workers[Master.(N)]).
    got = vm.eval(nothing_left(f"fault_told:run(#{{master => [{size}], client => [5]}}, #{{}})"))
    assert got.startswith("{{error,{role_down,master,"), got
    assert got.endswith(",[]}"), got


FORGE = """
    Forge = fun() ->
        {ok, S} = fault_slow:start(#{master => [3], workers => [[100], [150], [50]]}, #{}),
        Ref = element(2, S),
        Before = sets:from_list(processes(), [{version, 2}]),
        Roles = fault_slow:roles(S),
        Masters = [maps:get(master, Roles)],
        Members = [P || {{workers, _}, P} <- maps:to_list(Roles)],
        Atoms = erlang:system_info(atom_count),
        Names = [{workers, 0}, {workers, 4}, {workers, -1}, {workers, 1.0}, {workers, "1"},
                 {<<"workers">>, 1}, {nobody, 1}, {workers, 1, 2}, "workers", <<"master">>,
                 workers, 42],
        Steps = lists:seq(1, 12) ++ [{select, then}, {select, else}, {new, workers}],
        [P ! {'$choreo', Ref, Name, Step, 1000000}
         || P <- Masters, Name <- Names, Step <- Steps],
        [P ! M || P <- Members,
                  M <- [junk, {'$choreo', make_ref(), master, 1, 666},
                        {'$choreo', Ref, {workers, 2}, 1, 666},
                        {'$choreo', Ref, {workers, 9}, 1, 666},
                        {'$choreo', Ref, "master", 1, 666},
                        {'$gen_call', {self(), make_ref()}, x}, {'$gen_cast', x},
                        {'EXIT', self(), kill}, {'DOWN', make_ref(), process, self(), x}]],
        R = fault_slow:await(S, 10000),
        {length(Masters), length(Members), R,
         erlang:system_info(atom_count) - Atoms,
         choreo_fam_faults:settle(Before, 3000)}
    end,
"""


def test_forged_envelopes_and_junk_change_nothing_and_make_no_atom(vm):
    # The first round loads the code that logging a dropped message needs (which
    # creates atoms of its own); the second must not add a single atom.
    expr = QUIET + FORGE + """
        _ = Forge(),
        Second = Forge(),
        """ + LOUD + """
        Second"""
    got = vm.eval(expr, timeout=60)
    assert got == "{1,3,{ok,#{master => [300,450,150],workers => [3,3,3]}},0,[]}", got


def test_a_member_killed_during_start_up_ends_the_session(vm):
    # 3000 members start one by one. The session's owner, which starts them, is traced:
    # at the first member it spawns, the owner is suspended, the members that exist
    # are counted, one is killed, and the owner resumes. Fewer than 3000 existed: the
    # kill came while the session was starting.
    expr = nothing_left("""
        Before = sets:from_list(processes(), [{version, 2}]),
        Priority = process_flag(priority, high),
        {ok, S} = sum_squares:start(#{master => [lists:seq(1, 3000)], workers => 3000}, #{}),
        Owner = element(3, S),
        1 = erlang:trace(Owner, true, [procs]),
        First = receive {trace, Owner, spawn, P, {choreo_role, start_member, _}} -> P
                after 5000 -> none
                end,
        true = erlang:suspend_process(Owner),
        Started = length([Q || Q <- choreo_fam_faults:new_processes(Before),
                               choreo_fam_faults:is_member(Q)]),
        Alive = is_process_alive(First),
        exit(First, kill),
        1 = erlang:trace(Owner, false, [procs]),
        true = erlang:resume_process(Owner),
        process_flag(priority, Priority),
        R = sum_squares:await(S, 10000),
        Flush = fun F() -> receive T when element(1, T) =:= trace -> F() after 0 -> ok end end,
        Flush(),
        {Alive andalso Started < 3000, R}""")
    got = vm.eval(expr, timeout=60)
    assert re.fullmatch(r"\{\{true,\{error,\{role_down,\{workers,\d+\},killed\}\}\},\[\]\}", got), \
        got[:300]
