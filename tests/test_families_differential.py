"""Differential testing of role families (issue 14): random choreographies with families,
broadcasts, gathers, `for` loops, choices inside them, calls and `new`
(`tests/support/random_families.py`), run by the interpreter of the global semantics and
by the generated Erlang, must give the same results and send the same messages (every
`send` trace event: role, peer, step and payload; a member is `{workers, I}`).

Cases are batched: 20 choreographies per file (each file with its own copy of the helper
choreographies), built with two parallel erlc and run in the test session's one VM.
`CHOREO_FAMILY_DIFF_CASES` sets the number of cases (default 200; `make soak`-style runs
take thousands), `CHOREO_FAMILY_DIFF_SEED` the first seed.
"""

from __future__ import annotations

import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from choreo_erl.core.source import Source
from choreo_erl.interpreter import semantics as interpreter
from choreo_erl.interpreter.terms import Atom, erl_list, format_term
from choreo_erl.pipeline import compile_file, front_end
from choreo_erl.projector.project import project_program
from tests.support.erlang_vm import STRICT_FLAGS
from tests.support.families_erlang import family_build
from tests.support.random_families import HELPERS, generate, session_args

pytestmark = pytest.mark.erlang

CASES = int(os.environ.get("CHOREO_FAMILY_DIFF_CASES", "200"))
SEED = int(os.environ.get("CHOREO_FAMILY_DIFF_SEED", "0"))
PER_FILE = 20
HELPER_CALL = re.compile(r"\b(sub|one)\(")


def batch_file(seeds: list[int], f: int) -> tuple[str, dict[int, str]]:
    """One file: the entry choreography of each seed renamed `famdiff<seed>`, and the
    helpers renamed for this file (`famdiff_sub<f>`, `famdiff_one<f>`), so that files never
    share a module, nor any other test's."""
    bodies, names = [], {}
    for seed in seeds:
        text = generate(seed)
        assert text.endswith(HELPERS)
        body = text[: -len(HELPERS)].replace("choreography fam(",
                                             f"choreography famdiff{seed}(", 1)
        bodies.append(HELPER_CALL.sub(lambda m: f"famdiff_{m[1]}{f}(", body))
        names[seed] = f"famdiff{seed}"
    return "\n".join(bodies) + HELPER_CALL.sub(lambda m: f"famdiff_{m[1]}{f}(", HELPERS), names


def erlang_args(args: dict) -> str:
    def value(v) -> str:
        if isinstance(v, int):
            return str(v)
        return format_term(erl_list([erl_list(a) if isinstance(a, list) else a for a in v]))

    return "#{" + ", ".join(f"{k.lower()} => {value(v)}" for k, v in args.items()) + "}"


@pytest.fixture(scope="module")
def cases(tmp_path_factory, erl):
    family_build(tmp_path_factory, erl)  # choreo_fam_diff
    src = tmp_path_factory.mktemp("famdiff_src")
    ebin = tmp_path_factory.mktemp("famdiff_ebin")
    seeds = list(range(SEED, SEED + CASES))
    out = []
    for f in range(0, CASES, PER_FILE):
        chunk = seeds[f: f + PER_FILE]
        text, names = batch_file(chunk, f // PER_FILE)
        chor = src / f"famdiff{f // PER_FILE}.chor"
        chor.write_text(text)
        for name, erl_text in compile_file(chor).items():
            (src / name).write_text(erl_text)
        program = front_end(Source(str(chor), text))
        projection = project_program(program)
        out += [(seed, names[seed], program, projection) for seed in chunk]
    files = sorted(map(str, src.glob("*.erl")))
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(
            lambda part: subprocess.run(["erlc", *STRICT_FLAGS, "-o", str(ebin), *part],
                                        capture_output=True, text=True),
            [files[0::2], files[1::2]]))
    for res in results:
        assert res.returncode == 0, res.stdout + res.stderr
    assert erl.eval(f'code:add_patha("{ebin}")') == "true"
    return out


def expected_sends(outcome) -> str:
    sends = []
    for e in outcome.events:
        if e["kind"] != Atom("send"):
            continue
        step = e["step"]
        new = isinstance(step, tuple) and step and step[0] == Atom("new")
        sends.append((e["role"], e["peer"], step, Atom("members") if new else e["payload"]))
    return format_term(erl_list(sends))


def test_random_family_choreographies_agree_with_the_interpreter(erl, cases):
    failures = []
    members = broadcasts_or_gathers = 0
    for seed, name, program, projection in cases:
        args = session_args(seed)
        outcome = interpreter.run(program, name, args, projection=projection, trace=True)
        assert outcome.ok, f"seed {seed}: the generator made a failing session"
        result, sends = format_term(outcome.as_term()), expected_sends(outcome)
        members += len(args["Ws"]) + args["Vs"]
        broadcasts_or_gathers += any(isinstance(e["role"], tuple) for e in outcome.events)
        expr = (f"{{R_, S_}} = choreo_fam_diff:sends({name}, {erlang_args(args)}), "
                f"case {{R_, S_}} =:= {{{result}, lists:sort({sends})}} of "
                f"true -> true; false -> {{R_, S_}} end")
        got = erl.eval(expr, timeout=30)
        if got != "true":
            failures.append(f"seed {seed} ({name}) args {erlang_args(args)}\n"
                            f"  interpreter: {result} sends {sends}\n  erlang:      {got}")
    assert not failures, f"{len(failures)} of {len(cases)} cases differ:\n" + \
        "\n".join(failures[:5])
    assert len(cases) == CASES
    # The cases exercise families: members exist, and members send messages.
    assert members > CASES and broadcasts_or_gathers > CASES // 3
