"""choreo_runtime against hand-written role modules that follow the runtime contract.

The generic back end's runtime (choreo_runtime, choreo_owner, choreo_role,
choreo_checkpoint in backends/erlang/runtime/) and the fixtures of
erlang_fixtures/contract/ are compiled with the strict erlc flags, then the EUnit
module choreo_runtime_tests runs in one VM: starting `erl` costs over a second,
so the Erlang side holds the individual tests. See docs/internals/runtime-contract.md.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from choreo_erl.backends.erlang.build import STRICT_FLAGS

pytestmark = pytest.mark.erlang

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIR = ROOT / "backends" / "erlang" / "runtime"
# The modules of the generic back end's sessions.
RUNTIME = [RUNTIME_DIR / f"{m}.erl"
           for m in ("choreo_runtime", "choreo_owner", "choreo_role", "choreo_checkpoint",
                     "choreo_family", "choreo_session")]  # choreo_session: drops
FIXTURES = ROOT / "erlang_fixtures" / "contract"
TEST_MODULE = "choreo_runtime_tests"

STRICT = list(STRICT_FLAGS)
# EUnit adds an exported test/0 without a spec to the test module.
TEST_FLAGS = [f for f in STRICT if f != "+warn_missing_spec"]

EUNIT = (
    f"case eunit:test({TEST_MODULE}, [verbose]) of ok -> halt(0); _ -> halt(1) end."
)


def _erlc(flags: list[str], out: Path, files: list[Path]) -> None:
    res = subprocess.run(
        ["erlc", *flags, "-pa", str(out), "-o", str(out), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, f"erlc failed:\n{res.stdout}{res.stderr}"


@pytest.fixture(scope="module")
def ebin(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runtime_contract_ebin")
    modules = sorted(FIXTURES.glob("contract_*.erl"))
    impls = [m for m in modules if m.stem.endswith("_impl")]
    roles = [m for m in modules if m not in impls]
    # The implementation modules name their role modules as behaviours.
    _erlc(STRICT, out, [*RUNTIME, *roles])
    _erlc(STRICT, out, impls)
    _erlc(TEST_FLAGS, out, [FIXTURES / f"{TEST_MODULE}.erl"])
    return out


def _run_eunit(ebin: Path, distributed: bool) -> subprocess.CompletedProcess[str]:
    # A distributed node lets the tests start a peer node for roles elsewhere.
    name = ["-sname", f"choreo_rt_{os.getpid()}@localhost"] if distributed else []
    return subprocess.run(
        ["erl", "-noshell", *name, "-pa", str(ebin), "-eval", EUNIT],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def eunit(ebin) -> subprocess.CompletedProcess[str]:
    res = _run_eunit(ebin, distributed=True)
    if TEST_MODULE not in res.stdout:
        # Distribution could not start (no epmd): the remote-node test is left out.
        res = _run_eunit(ebin, distributed=False)
    return res


def test_runtime_and_fixtures_compile_with_strict_flags(ebin):
    assert (ebin / "choreo_runtime.beam").exists()
    assert (ebin / f"{TEST_MODULE}.beam").exists()


def test_runtime_eunit_suite_passes(eunit):
    output = eunit.stdout + eunit.stderr
    assert eunit.returncode == 0, f"EUnit failed:\n{output[-20000:]}"
    assert "passed" in eunit.stdout, output[-5000:]


def test_runtime_has_no_atom_creating_calls():
    # (choreo_cli turns its command line into atoms; it runs no session.)
    for path in [*RUNTIME, RUNTIME_DIR / "choreo_session.erl"]:
        source = path.read_text()
        for call in ("list_to_atom", "binary_to_atom"):
            assert call not in source, f"{path.name} calls {call}"


def test_runtime_does_not_suspend_processes():
    # OTP documents erlang:suspend_process as a debugging aid: a busy participant
    # of a checkpoint is replaced by a message protocol (runtime-contract.md).
    for path in [*RUNTIME, RUNTIME_DIR / "choreo_session.erl"]:
        source = path.read_text()
        for call in ("suspend_process", "resume_process"):
            assert call not in source, f"{path.name} calls {call}"


def test_session_buffer_eunit(tmp_path):
    # choreo_session's buffer (pure functions) under EUnit.
    _erlc(STRICT, tmp_path, [*RUNTIME, RUNTIME_DIR / "choreo_session.erl"])
    _erlc(TEST_FLAGS, tmp_path, [FIXTURES / "choreo_session_tests.erl"])
    res = subprocess.run(
        ["erl", "-noshell", "-pa", str(tmp_path), "-eval",
         "case eunit:test(choreo_session_tests, [verbose]) of ok -> halt(0); _ -> halt(1) end."],
        capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "All 4 tests passed" in res.stdout


def test_family_eunit(tmp_path):
    # choreo_family's pure functions (sizes, placement, peers, gathers, results).
    _erlc(STRICT, tmp_path, [RUNTIME_DIR / "choreo_family.erl"])
    _erlc(TEST_FLAGS, tmp_path, [FIXTURES / "choreo_family_tests.erl"])
    res = subprocess.run(
        ["erl", "-noshell", "-pa", str(tmp_path), "-eval",
         "case eunit:test(choreo_family_tests, [verbose]) of ok -> halt(0); _ -> halt(1) end."],
        capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "All 7 tests passed" in res.stdout


def test_checkpoint_eunit(tmp_path):
    # choreo_checkpoint's pure functions on checkpoint instances under EUnit.
    _erlc(STRICT, tmp_path, [RUNTIME_DIR / "choreo_checkpoint.erl"])
    _erlc(TEST_FLAGS, tmp_path, [FIXTURES / "choreo_checkpoint_tests.erl"])
    res = subprocess.run(
        ["erl", "-noshell", "-pa", str(tmp_path), "-eval",
         "case eunit:test(choreo_checkpoint_tests, [verbose]) of ok -> halt(0); _ -> halt(1) end."],
        capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "All 8 tests passed" in res.stdout
