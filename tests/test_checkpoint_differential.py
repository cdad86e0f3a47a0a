"""Differential testing of checkpoints: random choreographies with
`checkpoint { B1 } rescue { B2 }` (tests/support/random_checkpoints.py) run by the
interpreter of the global semantics and by the generated Erlang (the generic back end,
choreo_role/choreo_owner/choreo_checkpoint) must give the same per-role results, or the
same `{error, {role_down, Role, Reason}}`; no process of the session may be left; and
when nothing failed, the same number of messages.

Cases come in files of 20 that share their helper choreographies, built with two
parallel erlc and run in the session's one VM. `CHOREO_CPDIFF_CASES` (default 200) and
`CHOREO_CPDIFF_SEED` choose them. Cases that differ because of a known bug are marked
`xfail(strict=True)` with the name of the bug's minimal repro; `test_found_bug` runs
the repros of the bugs this test found (tests/choreographies/cpdiff_bugN.chor), fixed
since: they must agree now.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest

from choreo_erl.interpreter import semantics as interpreter
from choreo_erl.interpreter.terms import format_term, to_term
from choreo_erl.pipeline import compile_file, front_end, read_source
from choreo_erl.projector.project import project_program
from tests.support.erlang_vm import erlc_in_two
from tests.support.random_checkpoints import generate_file

pytestmark = pytest.mark.erlang

CASES = int(os.environ.get("CHOREO_CPDIFF_CASES", "200"))
PER_FILE = 20
SEED = int(os.environ.get("CHOREO_CPDIFF_SEED", "20261204"))
# Sessions of each case run at once (more interleavings; then no message count).
SESSIONS = int(os.environ.get("CHOREO_CPDIFF_SESSIONS", "1"))
# Other names for the five roles, e.g. `Ann,Bo,Ce,Di,Ed` (cy and di, two of the
# default atoms, have the same erlang:phash2: what cpdiff_bug2 tripped on).
ROLE_NAMES = os.environ.get("CHOREO_CPDIFF_ROLES", "").split(",") if \
    os.environ.get("CHOREO_CPDIFF_ROLES") else None
CHORS = Path(__file__).parent / "choreographies"

# Cases of the default seed that differ because of a known bug: case index -> repro.
KNOWN: dict[int, str] = {}

# The repros of the bugs found (tests/choreographies): (file stem, choreography, start
# arguments). Each file says what the interpreter and Erlang gave. (cpdiff_bug1, an
# empty checkpoint that crashed the compiler, is tests/choreographies/checkpoint_empty.)
BUGS: list[tuple[str, str, dict[str, list]]] = [
    # The tags of two instances collided (choreo_checkpoint:hash/1): the session hung.
    ("cpdiff_bug2", "cpdiff_bug2", {"bo": [0], "cy": [5], "di": [0]}),
    # The interpreter checked a binary's segments before it had evaluated them all.
    ("cpdiff_bug3", "cpdiff_bug3", {"a": [(1,)]}),
]


def interpret(program, name: str, args: dict[str, list[int]], projection=None
              ) -> tuple[interpreter.Outcome, int]:
    """The interpreter's outcome, and how many rescues it ran."""
    rescues = 0
    recover = interpreter._Session._recover

    def counting(session) -> bool:
        nonlocal rescues
        rescued = recover(session)
        rescues += rescued
        return rescued

    with mock.patch.object(interpreter._Session, "_recover", counting):
        outcome = interpreter.run(program, name, args, projection=projection)
    return outcome, rescues


def erlang_run(erl, name: str, arg_map: str, expected: str, timeout_ms: int = 10000
               ) -> tuple[bool, int, str]:
    """Runs a session with tracing: (result and leftovers as expected, messages, shown).

    The result is `{Result, Left}`: a role's crash without its stack, and how many
    processes more than before the session are left once it has ended (waiting up to
    about 200 ms for them to go).
    """
    run = (f"begin Before_ = length(erlang:processes()), "
           f"Result_ = case {name}:run({arg_map}, #{{timeout => {timeout_ms}}}) of "
           f"{{error, {{role_down, R_, {{Reason_, [_ | _]}}}}}} -> "
           f"{{error, {{role_down, R_, Reason_}}}}; Other_ -> Other_ end, "
           f"Left_ = (fun Wait_(0) -> length(erlang:processes()) - Before_; "
           f"Wait_(K_) -> case length(erlang:processes()) - Before_ of "
           f"0 -> 0; _ -> timer:sleep(5), Wait_(K_ - 1) end end)(40), "
           f"{{Result_, Left_}} end")
    return erl.run_example(run, f"{{{expected}, 0}}", timeout=60)


def erlang_runs(erl, name: str, arg_map: str, expected: str, sessions: int
                ) -> tuple[bool, str]:
    """Runs `sessions` sessions at once, for other interleavings (a long run's
    `CHOREO_CPDIFF_SESSIONS`): (every result and the leftovers as expected, shown)."""
    run = (f"begin Before_ = length(erlang:processes()), "
           f"Ss_ = [element(2, {name}:start({arg_map}, #{{timeout => 10000}})) "
           f"|| _ <- lists:seq(1, {sessions})], "
           f"Rs_ = lists:usort([case {name}:await(S_, infinity) of "
           f"{{error, {{role_down, R_, {{Reason_, [_ | _]}}}}}} -> "
           f"{{error, {{role_down, R_, Reason_}}}}; Other_ -> Other_ end || S_ <- Ss_]), "
           f"Left_ = (fun Wait_(0) -> length(erlang:processes()) - Before_; "
           f"Wait_(K_) -> case length(erlang:processes()) - Before_ of "
           f"0 -> 0; _ -> timer:sleep(5), Wait_(K_ - 1) end end)(40), "
           f"{{Rs_, Left_}} end")
    out = erl.eval(f"begin Got_ = ({run}), {{Got_ =:= {{[{expected}], 0}}, Got_}} end",
                   timeout=60)
    return out.startswith("{true,"), out


@pytest.fixture(scope="module")
def cases(tmp_path_factory, erl):
    src = tmp_path_factory.mktemp("cpdiff_src")
    ebin = tmp_path_factory.mktemp("cpdiff_ebin")
    rng = random.Random(SEED)
    out = []
    for f in range((CASES + PER_FILE - 1) // PER_FILE):
        seeds = [rng.randrange(1 << 30) for _ in range(min(PER_FILE, CASES - f * PER_FILE))]
        text, roles, features = generate_file(seeds, f"cpd{f}", role_names=ROLE_NAMES)
        chor = src / f"cpd{f}.chor"
        chor.write_text(text)
        for name, erl_text in compile_file(chor).items():
            (src / name).write_text(erl_text)
        program = front_end(read_source(chor))
        projection = project_program(program)
        for name, role_atoms in roles.items():
            args = {r: [rng.randint(-20, 20)] for r in role_atoms}
            out.append((chor, program, projection, name, args, features[name]))
    erlc_in_two(src, ebin)
    assert erl.eval(f'code:add_patha("{ebin}")') == "true"
    # Roles that crash log it; the tests read results, not logs.
    assert erl.eval("logger:set_primary_config(level, emergency)") == "ok"
    yield out
    erl.eval("logger:set_primary_config(level, notice)")


OUTCOMES: Counter[str] = Counter()
FEATURES: Counter[str] = Counter()


@pytest.mark.parametrize("index", [
    pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=KNOWN[i])) if i in KNOWN
    else i for i in range(CASES)])
def test_interpreter_and_generated_erlang_agree(erl, cases, index):
    chor, program, projection, name, args, features = cases[index]
    outcome, rescues = interpret(program, name, args, projection)
    expected = format_term(outcome.as_term())
    arg_map = "#{" + ", ".join(f"{r} => [{v[0]}]" for r, v in args.items()) + "}"
    OUTCOMES["ok" if outcome.ok else "role_down"] += 1
    OUTCOMES["rescued" if rescues else "not rescued"] += 1
    FEATURES.update(features)
    if SESSIONS > 1:
        equal, shown = erlang_runs(erl, name, arg_map, expected, SESSIONS)
        assert equal, (f"{chor}:{name} args {arg_map} ({SESSIONS} sessions at once)\n"
                       f"  interpreter: {{[{expected}], 0}}\n  erlang:      {shown}")
        return
    equal, sends, shown = erlang_run(erl, name, arg_map, expected)
    assert equal, (f"{chor}:{name} args {arg_map}\n  interpreter: {{{expected}, 0}}\n"
                   f"  erlang:      {shown}")
    # When nothing failed, every message of the choreography is sent once. (After a
    # failure, how much of an abandoned block or of a session that ends was sent
    # depends on timing.)
    if outcome.ok and not rescues:
        assert sends == outcome.messages, \
            f"{chor}:{name} args {arg_map}: {sends} messages, not {outcome.messages}"


def test_the_cases_exercise_checkpoints(cases):
    # Runs after the cases (pytest keeps the order in a module): what they met.
    if len(cases) < 100 or OUTCOMES.total() < 2 * len(cases):
        pytest.skip("too few cases, or not all of them ran")
    assert OUTCOMES["rescued"] > len(cases) // 5, OUTCOMES
    assert OUTCOMES["not rescued"] > len(cases) // 10, OUTCOMES
    assert 0 < OUTCOMES["role_down"] < len(cases) // 2, OUTCOMES
    for feature in ["nest2", "nest3", "only_rescue", "stale", "return_in_b1", "branch_cp",
                    "fail_in_b2", "call_fail_b1", "call_cps", "call_cpf_b1", "call_cpn",
                    "rec_top", "rec_top_then", "rec_after", "rec_deep"]:
        assert FEATURES[feature] > 0, (feature, FEATURES)


@pytest.mark.parametrize("stem,name,args", [pytest.param(*bug, id=bug[0]) for bug in BUGS])
def test_found_bug(erl, stem, name, args):
    # The repros are built with the examples (tests/conftest.py).
    program = front_end(read_source(CHORS / f"{stem}.chor"))
    outcome, _ = interpret(program, name, args)
    expected = format_term(outcome.as_term())
    arg_map = "#{" + ", ".join(f"{r} => {format_term(to_term(v))}"
                               for r, v in args.items()) + "}"
    assert erl.eval("logger:set_primary_config(level, emergency)") == "ok"
    try:
        equal, _, shown = erlang_run(erl, name, arg_map, expected, timeout_ms=2000)
    finally:
        erl.eval("logger:set_primary_config(level, notice)")
    assert equal, f"interpreter: {{{expected}, 0}}\n  erlang:      {shown}"
