"""The compilation object (`pipeline/`): one file through every stage, the same for every
command. Which choreography a file starts with, errors of every kind as located
diagnostics (JSON included), and every command on the deepest input `check` accepts."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from choreo_erl.backends.rebar3 import scaffold
from choreo_erl.core.diagnostics import (
    BuildError,
    ChoreoErlError,
    ChoreoError,
    ConfigError,
    ScaffoldError,
    SourceError,
    UsageError,
)
from choreo_erl.core.source import Source
from choreo_erl.main import app
from choreo_erl.parser.parse import MAX_NESTING
from choreo_erl.pipeline import Compilation
from tests.support.mutations import nested

# A recursive choreography followed by a helper it calls: the entry point is the
# recursive one (it calls itself, which does not make it a helper).
RECURSIVE_THEN_HELPER = """\
choreography countdown(A(N), B) {
    if A.(N > 0) {
        A.{tick, N} ~> B.T;
        countdown(A(N - 1), B);
    } else {
        A.R1, B.R2 = bye(A, B);
        return A.R1, B.R2;
    }
}

choreography bye(A, B) {
    A.bye ~> B.Bye;
    return A.done, B.Bye;
}
"""


def invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output
    return result


# ---------------------------------------------------------------- the entry choreography


def test_roots_and_entry_of_a_recursive_choreography_followed_by_a_helper():
    c = Compilation(Source("r.chor", RECURSIVE_THEN_HELPER))
    assert c.roots == ("countdown",)
    assert c.entry == "countdown"


def test_entry_is_the_last_root_and_falls_back_to_the_last_choreography():
    two_roots = ("choreography a(X, Y) { X.1 ~> Y.V; }\n"
                 "choreography b(X, Y) { X.2 ~> Y.V; }\n")
    assert Compilation(Source("t.chor", two_roots)).entry == "b"
    mutual = ("choreography a(X, Y) { if X.true { X.1 ~> Y.V; b(X, Y); } else { X.0 ~> Y.V; } }\n"
              "choreography b(X, Y) { a(X, Y); }\n")
    c = Compilation(Source("m.chor", mutual))
    assert c.roots == () and c.entry == "b"


def test_an_unknown_choreography_is_a_usage_error():
    c = Compilation(Source("r.chor", RECURSIVE_THEN_HELPER))
    assert c.choreography("bye") == "bye"
    with pytest.raises(UsageError, match="has no choreography `nope`") as info:
        c.choreography("nope")
    assert info.value.exit_code == 2


def test_the_scaffold_supervises_the_same_roots(tmp_path):
    c = Compilation(Source("r.chor", RECURSIVE_THEN_HELPER))
    project = scaffold.plan_project("app", "r.chor", c.source.text, c.projection,
                                    impl_dir=tmp_path, roots=c.roots)
    assert [ch.name for ch in project.roots] == ["countdown"]


@pytest.mark.erlang
def test_run_starts_the_recursive_choreography(tmp_path):
    path = tmp_path / "countdown.chor"
    path.write_text(RECURSIVE_THEN_HELPER)
    result = invoke("run", str(path), "--args", "#{a => [2]}")
    assert result.exit_code == 0, result.output
    assert "a => done" in result.stdout and "b => bye" in result.stdout
    assert "messages (4)" in invoke("run", str(path), "--args", "#{a => [2]}",
                                    "--trace").stdout


def test_the_interpreter_runs_the_same_entry_point():
    from choreo_erl.interpreter.semantics import run

    c = Compilation(Source("r.chor", RECURSIVE_THEN_HELPER))
    outcome = run(c.program, c.entry, {"A": [2]}, projection=c.projection)
    assert outcome.ok and outcome.messages == 4  # two ticks, the selection of `else`, bye
    assert {k: str(v) for k, v in outcome.results.items()} == {"a": "done", "b": "bye"}


# ---------------------------------------------------------------- stages, once each


def test_each_stage_runs_once_and_keeps_its_error():
    c = Compilation(Source("r.chor", RECURSIVE_THEN_HELPER))
    assert c.program is c.program
    assert c.projection is c.projection
    assert c.modules is c.modules
    bad = Compilation(Source("bad.chor", "choreography x(A, B) { A.X ~> B.Y; }\n"))
    with pytest.raises(ChoreoError) as first:
        bad.modules  # noqa: B018 - the property runs the stages
    with pytest.raises(ChoreoError) as again:
        bad.program  # noqa: B018
    assert first.value is again.value
    assert first.value.source is bad.source
    assert [d.code for d in first.value.diagnostics] == ["E0201"]


def test_a_syntax_error_in_a_file_points_into_it():
    c = Compilation(Source("syn.chor", RECURSIVE_THEN_HELPER.replace("A.R1,", "A.R1 +")))
    with pytest.raises(ChoreoError) as info:
        c.run_until("program")
    d = info.value.diagnostics[0]
    assert d.code.startswith(("E000", "E001")) and d.span.line == 6
    assert d.render(info.value.source).startswith("syn.chor:6:")


# ---------------------------------------------------------------- one error hierarchy


def test_every_user_facing_error_is_a_choreo_erl_error_with_diagnostics():
    for cls in (ChoreoError, SourceError, BuildError, ScaffoldError, ConfigError, UsageError):
        assert issubclass(cls, ChoreoErlError)
    with pytest.raises(ChoreoErlError) as info:
        scaffold.check_name("lists")
    d = info.value.diagnostics[0]
    assert d.code is None and "OTP" in d.message
    assert d.render(None) == f"error: {d.message}"
    assert d.to_json(None)["file"] is None


def test_compile_reports_two_files_generating_one_module_as_json(tmp_path):
    one = tmp_path / "one.chor"
    two = tmp_path / "two.chor"
    one.write_text("choreography same(A, B) {\n    A.1 ~> B.X;\n}\n")
    two.write_text("% the same name again\nchoreography same(A, B) {\n    A.2 ~> B.X;\n}\n")
    result = invoke("compile", str(one), str(two), "-o", str(tmp_path / "out"),
                    "--format", "json")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    codes = {(i["code"], i["file"], i["line"]) for i in items}
    assert ("E0507", str(two), 2) in codes, items
    assert {i["code"] for i in items} == {"E0507"}
    assert not (tmp_path / "out").exists()
    text = invoke("compile", str(one), str(two), "-o", str(tmp_path / "out"))
    assert f"{two}:2:" in text.stderr and "error[E0507]" in text.stderr
    assert text.stderr.rstrip().endswith("error: 3 errors found")  # the API and 2 roles


def test_a_command_line_error_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "r.chor"
    path.write_text(RECURSIVE_THEN_HELPER)
    result = invoke("diagram", str(path), "-c", "nope")
    assert result.exit_code == 2
    assert result.stderr == f"error: {path} has no choreography `nope`\n"


# ---------------------------------------------------------------- the deepest input


def deepest_accepted(kind: str) -> int:
    """The deepest nesting of one kind that `check` accepts (beyond it: E0008)."""
    depth = MAX_NESTING + 1
    while True:
        try:
            Compilation(Source("deep.chor", nested(kind, depth))).run_until("program")
            return depth
        except ChoreoError as exc:
            assert [d.code for d in exc.diagnostics] == ["E0008"]
            depth -= 1


@pytest.fixture(scope="module")
def deepest(tmp_path_factory):
    depth = deepest_accepted("if")
    assert depth > MAX_NESTING - 10
    folder = tmp_path_factory.mktemp("deep")
    path = folder / "deep.chor"
    path.write_text(nested("if", depth))
    too_deep = folder / "too_deep.chor"
    too_deep.write_text(nested("if", depth + 1))
    return path, too_deep


def test_check_accepts_the_deepest_input_and_rejects_one_level_more(deepest):
    path, too_deep = deepest
    assert invoke("check", str(path)).exit_code == 0
    result = invoke("check", "--format", "json", str(too_deep))
    assert result.exit_code == 1
    assert [i["code"] for i in json.loads(result.stdout)] == ["E0008"]


def test_compile_the_deepest_input(deepest, tmp_path):
    result = invoke("compile", str(deepest[0]), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deep_a.erl").is_file() and (tmp_path / "deep_b.erl").is_file()


def test_diagram_of_the_deepest_input(deepest):
    for fmt, first in (("mermaid", "sequenceDiagram"), ("plantuml", "@startuml")):
        result = invoke("diagram", "--format", fmt, str(deepest[0]))
        assert result.exit_code == 0, result.output
        assert result.stdout.lstrip().startswith(first) or first in result.stdout
        assert result.stdout.count("alt ") >= 999


def test_new_from_the_deepest_input(deepest, tmp_path):
    result = invoke("new", "deepapp", "--from", str(deepest[0]), "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deepapp" / "chor" / "deep.chor").read_text() == \
        deepest[0].read_text()


@pytest.mark.erlang
def test_run_the_deepest_input(deepest):
    if shutil.which("erlc") is None:
        pytest.skip("needs erlc")
    result = invoke("run", str(deepest[0]), "--args", "#{a => [1]}")
    assert result.exit_code == 0, result.output
    assert "a => ok" in result.stdout and "b => ok" in result.stdout


@pytest.mark.parametrize("command", ["diagram", "run"])
def test_a_file_without_a_choreography_has_no_entry_point(command, tmp_path):
    path = tmp_path / "empty.chor"
    path.write_text("% nothing here yet\n")
    assert invoke("check", str(path)).exit_code == 0
    result = invoke(command, str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: error: this file has no choreography")


@pytest.mark.parametrize("kind", ["checkpoint", "tuple"])  # a statement and an expression
def test_diagram_and_compile_of_the_deepest_input_of_each_kind(kind, tmp_path):
    depth = deepest_accepted(kind)
    path = tmp_path / "deep.chor"
    path.write_text(nested(kind, depth))
    assert invoke("diagram", str(path)).exit_code == 0
    result = invoke("compile", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
