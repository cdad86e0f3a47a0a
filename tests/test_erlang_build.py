"""The generated Erlang builds cleanly: strict erlc flags, dialyzer, and `compile` output."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from choreo_erl.main import app
from choreo_erl.pipeline import compile_file
from tests.support.dialyzer import dialyze
from tests.support.erlang_vm import erlc
from tests.support.examples import EXAMPLES, erlang_example_files, erlang_impl_files, example_files

pytestmark = pytest.mark.erlang
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("dialyzer") is None, reason="dialyzer is not installed")
def test_generated_code_and_runtime_pass_dialyzer(tmp_path):
    # Role families included; choreo_cli is the runtime module that the examples'
    # rebar3 projects call beside the generated ones.
    dialyze(tmp_path, list(erlang_example_files()),
            [ROOT / "backends/erlang/runtime/choreo_cli.erl", *erlang_impl_files()])


def test_compile_rewrites_only_changed_files(tmp_path):
    chor = tmp_path / "shipping.chor"
    chor.write_text((EXAMPLES / "shipping.chor").read_text())
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(app, ["compile", str(chor), "-o", str(out)])
    assert first.exit_code == 0, first.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["choreo_checkpoint.erl", "choreo_diagram.erl", "choreo_family.erl",
                     "choreo_owner.erl", "choreo_role.erl", "choreo_runtime.erl",
                     "choreo_session.erl",
                     "shipping.erl", "shipping_alice.erl", "shipping_bob.erl",
                     "shipping_carol.erl"]
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    time.sleep(0.02)
    again = runner.invoke(app, ["compile", str(chor), "-o", str(out)])
    assert again.exit_code == 0 and "11 modules unchanged" in again.output
    assert stamps == {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    # Carol's quote changes: only Carol's module (and no other) is rewritten.
    chor.write_text(chor.read_text().replace("quote(Item2, Qty2)", "quote(Qty2, Item2)"))
    third = runner.invoke(app, ["compile", str(chor), "-o", str(out)])
    assert third.exit_code == 0
    changed = {p.name for p in out.iterdir() if p.stat().st_mtime_ns != stamps[p.name]}
    assert changed == {"shipping_carol.erl"}


def test_compile_reports_bad_input_with_exit_1(tmp_path):
    bad = tmp_path / "bad.chor"
    bad.write_text("choreography bad(A, B) {\n    A.X ~> B.Y;\n}\n")
    res = CliRunner().invoke(app, ["compile", str(bad), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert "bad.chor:2:7: error[E0201]: variable `X` is not bound at role `A`" in res.output
    assert not (tmp_path / "out").exists()


def test_generated_modules_build_with_strict_flags(tmp_path):
    for chor in example_files():
        for name, text in compile_file(chor).items():
            (tmp_path / name).write_text(text)
    res = erlc(sorted(tmp_path.glob("*.erl")), tmp_path)
    assert res.returncode == 0 and res.stdout == "" and res.stderr == "", res.stdout + res.stderr


def test_run_command_prints_results_and_trace():
    exe = Path(shutil.which("choreo-erl") or ROOT / ".venv/bin/choreo-erl")
    res = subprocess.run([str(exe), "run",
                          str(ROOT / "examples/shipping.chor"), "--args",
                          "#{alice => [book, 2]}", "--trace"],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert "alice => {ok,{quote,book,2,14}}" in res.stdout
    assert "messages (4):" in res.stdout
    assert "carol -> bob    step 3  {quote,14}" in res.stdout


# Text that looks like the generated code's own variables, inside string literals:
# the back end decides what a function reads from its target IR, not from its text.
LOOKALIKE = """
choreography lookalike(A, B) {
    A."Impl_:x Ctx_ Msg_ State_" ~> B.S;
    B.{S, "Impl_:y"} ~> A.T;
    return A.T, B.S;
}

choreography lookalike_within(A, B) {
    A."Impl_:x Ctx_ Msg_" ~> B.S within 1000;
    return B.S;
}
"""


def test_string_literals_that_look_like_generated_code_build_and_run(tmp_path):
    chor = tmp_path / "lookalike.chor"
    chor.write_text(LOOKALIKE)
    for name, text in compile_file(chor).items():
        (tmp_path / name).write_text(text)
    res = erlc(sorted(tmp_path.glob("*.erl")), tmp_path)
    assert res.returncode == 0 and res.stdout == "" and res.stderr == "", res.stdout + res.stderr
    run = subprocess.run(
        ["erl", "-noshell", "-pa", str(tmp_path), "-eval",
         'io:format("~0p~n~0p~n", [lookalike:run(#{}, #{}), lookalike_within:run(#{}, #{})]), '
         "halt()."], capture_output=True, text=True, timeout=60)
    assert run.stdout.splitlines() == [
        '{ok,#{a => {"Impl_:x Ctx_ Msg_ State_","Impl_:y"},b => "Impl_:x Ctx_ Msg_ State_"}}',
        '{ok,#{a => ok,b => "Impl_:x Ctx_ Msg_"}}']


def test_runtime_modules_are_the_runtime_files():
    from choreo_erl.core.names import RUNTIME_MODULES

    files = sorted(p.stem for p in (ROOT / "backends/erlang/runtime").glob("*.erl"))
    assert sorted(RUNTIME_MODULES) == files


def test_compile_output_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    chor = tmp_path / "src" / "shipping.chor"
    chor.parent.mkdir()
    chor.write_text((EXAMPLES / "shipping.chor").read_text())
    outputs = []
    for cwd, out in ((tmp_path, "gen/a"), (chor.parent, "../gen/b")):
        monkeypatch.chdir(cwd)
        arg = str(chor.relative_to(cwd)) if cwd == tmp_path else chor.name
        res = CliRunner().invoke(app, ["compile", arg, "-o", out])
        assert res.exit_code == 0, res.output
        outputs.append({p.name: p.read_text() for p in (tmp_path / "gen" / out[-1]).iterdir()})
    assert outputs[0] == outputs[1]
    assert '-file("../../src/shipping.chor", ' in outputs[0]["shipping_bob.erl"]
