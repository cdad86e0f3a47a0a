"""Hostile or odd command lines: `run --args` is parsed as a literal term and never
evaluated, and no command answers a bad path or odd output with a traceback or leaves a
crash dump behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("choreo-erl")
SHIPPING = ROOT / "examples" / "shipping.chor"
CAROL = ROOT / "examples" / "shipping_carol_impl.erl"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    res = subprocess.run([str(CLI), *args], capture_output=True, timeout=120, cwd=cwd)
    out = res.stdout.decode("utf-8", "replace")
    err = res.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err, out + err
    return subprocess.CompletedProcess(res.args, res.returncode, out, err)


@pytest.fixture
def shipping(tmp_path) -> Path:
    shutil.copy(SHIPPING, tmp_path)
    shutil.copy(CAROL, tmp_path)
    return tmp_path / "shipping.chor"


HOSTILE_ARGS = [
    'os:cmd("touch {m}")',
    '#{{alice => [os:cmd("touch {m}"), 2]}}',
    '#{{alice => [book, 2]}}, os:cmd("touch {m}")',
    'begin os:cmd("touch {m}"), #{{}} end',
    '(fun() -> os:cmd("touch {m}") end)()',
    '#{{alice => [book, 2]}}. os:cmd("touch {m}")',
    'file:write_file("{m}", <<>>)',
    '[X || X <- [os:cmd("touch {m}")]]',
    'case 1 of _ -> os:cmd("touch {m}") end',
]


@pytest.mark.erlang
@pytest.mark.parametrize("template", HOSTILE_ARGS)
def test_args_never_run_code(shipping, tmp_path, template):
    marker = tmp_path / "pwned"
    res = cli("run", str(shipping), "--args", template.format(m=marker), cwd=tmp_path)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "not a literal Erlang term" in res.stderr or "not an Erlang term" in res.stderr
    assert "atoms, numbers, strings, binaries, lists, tuples and maps" in res.stderr
    assert not marker.exists()


@pytest.mark.erlang
@pytest.mark.parametrize("args", ["-eval", "-eval 'os:cmd(\"id\")'", "-extra",
                                  "--"])
def test_args_that_look_like_erl_flags_leave_no_crash_dump(shipping, tmp_path, args):
    res = cli("run", str(shipping), "--args", args, cwd=tmp_path)
    assert res.returncode == 2, res.stdout + res.stderr
    assert not (tmp_path / "erl_crash.dump").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shipping.chor",
                                                          "shipping_carol_impl.erl"]


@pytest.mark.erlang
def test_a_bare_value_says_to_write_a_list(shipping, tmp_path):
    res = cli("run", str(shipping), "--args", "#{alice => 120}", cwd=tmp_path)
    assert res.returncode == 2
    assert "write `alice => [120]`" in res.stderr, res.stderr


@pytest.mark.erlang
def test_args_that_are_not_a_map(shipping, tmp_path):
    res = cli("run", str(shipping), "--args", "[book, 2]", cwd=tmp_path)
    assert res.returncode == 2
    assert "not a map from role to its start arguments" in res.stderr, res.stderr


@pytest.mark.erlang
def test_literal_args_of_every_kind_run(shipping, tmp_path):
    res = cli("run", str(shipping), "--args",
              '#{alice => [<<"book">>, 2], bob => [], carol => []}', cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert 'alice => {ok,{quote,<<"book">>,2,14}}' in res.stdout


@pytest.mark.erlang
@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.text(st.sampled_from('os:cmd("x")#{}[]=>,.()-+ abefl\'\\<>'), max_size=30))
def test_any_args_text_is_answered_cleanly(tmp_path, text):
    """Whatever the text, `run` answers with a result or an error, and nothing runs."""
    here = tmp_path / "any"
    here.mkdir(exist_ok=True)
    shutil.copy(SHIPPING, here)
    shutil.copy(CAROL, here)
    res = cli("run", "shipping.chor", "--args", text, "--timeout", "5000", cwd=here)
    assert res.returncode in (0, 1, 2), res.stdout + res.stderr
    if res.returncode == 2:
        assert res.stderr.startswith("error: --args"), res.stderr
    assert sorted(p.name for p in here.iterdir()) == ["shipping.chor",
                                                      "shipping_carol_impl.erl"]


LATIN = """\
choreography latin(A, B) {
    A."café" ~> B.X;
    B.'naïve' ~> A.Y;
    A.[233, 8364] ~> B.Z;
    return B.{X, Z};
}
"""


@pytest.mark.erlang
def test_results_and_trace_with_non_ascii_characters(tmp_path):
    path = tmp_path / "latin.chor"
    path.write_text(LATIN, encoding="utf-8")
    res = cli("run", str(path), "--trace")
    assert res.returncode == 0, res.stderr
    assert 'b => {"café","é€"}' in res.stdout
    assert "naïve" in res.stdout


MISSPELLED = "-module(shipping_carol_impl).\n-export([qoute/2]).\nqoute(_, Q) -> Q.\n"


@pytest.mark.erlang
def test_a_misspelled_callback_is_named_before_the_session(shipping, tmp_path):
    (tmp_path / "shipping_carol_impl.erl").write_text(MISSPELLED)
    res = cli("run", str(shipping), "--args", "#{alice => [book, 2]}")
    assert res.returncode == 1
    first = res.stderr.splitlines()[0]
    assert "role `carol`" in first and "shipping_carol_impl:quote/2" in first, res.stderr
    assert "is not exported" in first
    # The failure is the error term and a note, not OTP's pages of crash reports.
    assert "session failed: {role_down,carol," in res.stdout
    assert "=ERROR REPORT" not in res.stderr
    assert "`--crash-reports` shows them" in res.stderr
    assert len((res.stdout + res.stderr).splitlines()) < 25
    shown = cli("run", str(shipping), "--args", "#{alice => [book, 2]}", "--crash-reports")
    assert "=ERROR REPORT" in shown.stderr


@pytest.mark.erlang
def test_a_missing_implementation_module_is_named(shipping, tmp_path):
    (tmp_path / "shipping_carol_impl.erl").unlink()
    res = cli("run", str(shipping), "--args", "#{alice => [book, 2]}")
    assert res.returncode == 1
    assert "there is no module `shipping_carol_impl`" in res.stderr.splitlines()[0]


# ------------------------------------------------------------------ paths


@pytest.fixture
def a_file(tmp_path) -> Path:
    path = tmp_path / "somefile"
    path.write_text("")
    return path


@pytest.mark.parametrize("command", [
    ["compile", str(SHIPPING), "-o", "{f}/out"],
    ["diagram", str(SHIPPING), "-o", "{f}/x.mmd"],
    ["new", "shop", "--dir", "{f}/sub"],
])
def test_output_under_a_regular_file_is_an_error(a_file, command):
    res = cli(*(c.format(f=a_file) for c in command))
    assert res.returncode == 1
    assert res.stderr.startswith("error: Not a directory:"), res.stderr


def test_import_output_under_a_regular_file_is_an_error(a_file, tmp_path):
    mmd = tmp_path / "d.mmd"
    mmd.write_text("sequenceDiagram\n  A->>B: hi\n")
    res = cli("import", str(mmd), "-o", f"{a_file}/x.chor")
    assert res.returncode == 1
    assert res.stderr.startswith("error: Not a directory:"), res.stderr


@pytest.mark.parametrize("command", ["check", "compile", "diagram", "import", "run"])
@pytest.mark.parametrize("what", ["directory", "missing"])
def test_odd_input_paths_are_usage_errors(tmp_path, command, what):
    path = tmp_path if what == "directory" else tmp_path / "missing.chor"
    extra = ["-o", str(tmp_path / "out")] if command == "compile" else []
    res = cli(command, str(path), *extra)
    assert res.returncode == 2
    assert "Error: Invalid value" in res.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_file_names_that_are_not_utf8(tmp_path):
    name = os.fsdecode(b"\xff\xfe.chor")
    shutil.copy(SHIPPING, tmp_path / name)
    out = os.fsdecode(b"out\xff")
    res = cli("compile", name, "-o", out, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / out / "shipping.erl").exists()
    bad = os.fsdecode(b"bad\xff.chor")
    (tmp_path / bad).write_text("choreography x(A) { A.Y ~> B.Z; }\n")
    res = cli("check", bad, cwd=tmp_path)
    assert res.returncode == 1 and "error[E0101]" in res.stderr
    res = cli("check", "--format", "json", bad, cwd=tmp_path)
    assert res.returncode == 1 and '"code": "E0101"' in res.stdout
    assert cli("diagram", name, cwd=tmp_path).returncode == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_a_usage_error(tmp_path):
    path = tmp_path / "secret.chor"
    shutil.copy(SHIPPING, path)
    path.chmod(0)
    res = cli("check", str(path))
    assert res.returncode == 2 and "is not readable" in res.stderr


# ------------------------------------------------------------------ --args in one VM


@pytest.fixture(scope="module")
def cli_vm(tmp_path_factory):
    from tests.support.erlang_vm import ErlangVM, erlc

    ebin = tmp_path_factory.mktemp("cli_ebin")
    res = erlc([ROOT / "backends/erlang/runtime/choreo_cli.erl"], ebin)
    assert res.returncode == 0, res.stdout + res.stderr
    vm = ErlangVM([ebin])
    yield vm
    vm.close()


@pytest.mark.erlang
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.integers(0, 1 << 64))
def test_random_args_texts_never_run(cli_vm, tmp_path, seed):
    """The property `make fuzz` (--target args) runs by the thousand."""
    import random

    from tests.support.hostile import args_text, run_args

    marker = tmp_path / "pwned"
    run_args(cli_vm, args_text(random.Random(seed), marker), marker)


@pytest.mark.erlang
def test_parse_args_accepts_every_literal(cli_vm):
    from tests.support.hostile import erlang_string

    text = '#{alice => [-1, 2.5, $a, "s", <<"b">>, {t, []}, #{k => v}, \'q x\', 16#ff]}'
    assert cli_vm.eval(f"choreo_cli:parse_args({erlang_string(text)})") == (
        '{ok,#{alice => [-1,2.5,97,"s",<<"b">>,{t,[]},#{k => v},\'q x\',255]}}')


@pytest.mark.erlang
def test_run_shows_a_warning_before_the_session(tmp_path):
    path = tmp_path / "twice.chor"
    path.write_text("choreography twice(A, B) {\n    A.1 ~> B.X;\n    A.2 ~> B.X;\n}\n")
    res = cli("run", str(path))
    assert res.returncode == 1
    assert res.stderr.startswith(f"{path}:3:14: warning[W0001]"), res.stderr
    assert "session failed: {role_down,b,\n                    {{badmatch,2}," in res.stdout
