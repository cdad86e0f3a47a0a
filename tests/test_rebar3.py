"""rebar3 integration (issue 4): `choreo-erl new`, `choreo-erl init` and the plugin.

The end-to-end tests share one project made by `choreo-erl new` (the `shop`
fixture) and run rebar3 on it: compile, eunit, ct, xref, dialyzer, release. The
first dialyzer run on a machine builds rebar3's base PLT (about a minute).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from choreo_erl.backends.rebar3 import rebar_config, scaffold
from choreo_erl.main import app
from tests.support.examples import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
EXE = ROOT / ".venv" / "bin" / "choreo-erl"
needs_rebar3 = pytest.mark.skipif(shutil.which("rebar3") is None,
                                  reason="rebar3 is not installed")
SESSION = "shipping:run(#{alice => [book, 2]}, #{})"
RESULT = "{ok,#{alice => {ok,{quote,book,2,14}},bob => ok,carol => ok}}"


def choreo_erl() -> str:
    return str(EXE if EXE.exists() else shutil.which("choreo-erl"))


def run(args: list[str], cwd: Path, env: dict | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "REBAR_COLOR": "none", **(env or {})}
    return subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout)


def rebar3(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run(["rebar3", *args], cwd, env)


def output(res: subprocess.CompletedProcess) -> str:
    return res.stdout + res.stderr


def erl_eval(project: Path, expr: str) -> str:
    """The value of expr, printed with ~0p, in a VM with the project's code."""
    ebins = [str(p) for p in sorted((project / "_build/default/lib").glob("*/ebin"))]
    res = run(["erl", "-noshell", "-pa", *ebins, "-eval",
               f"io:format(\"~0p~n\", [{expr}]), halt()."], project, timeout=60)
    assert res.returncode == 0, output(res)
    return res.stdout.strip()


# ---------------------------------------------------------------------------
# `new`: names and files (no rebar3)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name, why", [
    ("Shop", "not a valid application name"),
    ("1shop", "not a valid application name"),
    ("my-shop", "not a valid application name"),
    ("receive", "reserved word"),
    ("lists", "module `lists` already exists in OTP"),
    ("kernel", "is an OTP application"),
    ("choreo_runtime", "module of choreo-erl"),
])
def test_new_rejects_bad_names(tmp_path, name, why):
    res = CliRunner().invoke(app, ["new", name, "--dir", str(tmp_path)])
    assert res.exit_code == 1
    assert why in res.output
    assert not (tmp_path / name).exists()


def test_new_refuses_an_existing_directory(tmp_path):
    (tmp_path / "shop").mkdir()
    res = CliRunner().invoke(app, ["new", "shop", "--dir", str(tmp_path)])
    assert res.exit_code == 1
    assert "already exists" in res.output


def test_new_rejects_a_name_the_choreography_takes(tmp_path):
    chor = tmp_path / "x.chor"
    chor.write_text("choreography x_sup(A, B) {\n    A.1 ~> B.N;\n    return B.N;\n}\n")
    res = CliRunner().invoke(app, ["new", "x", "--from", str(chor), "--dir", str(tmp_path)])
    assert res.exit_code == 1
    assert "generates module `x_sup`" in res.output


def test_new_reports_a_bad_choreography_with_its_location(tmp_path):
    chor = tmp_path / "bad.chor"
    chor.write_text("choreography bad(A, B) {\n    A.X ~> B.Y;\n}\n")
    res = CliRunner().invoke(app, ["new", "shop", "--from", str(chor), "--dir", str(tmp_path)])
    assert res.exit_code == 1
    assert "bad.chor:2:7: error[E0201]" in res.output
    assert not (tmp_path / "shop").exists()


def test_new_writes_the_project(tmp_path):
    res = CliRunner().invoke(app, ["new", "shop", "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    root = tmp_path / "shop"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [
        ".gitignore", "README.md",
        "_checkouts/rebar3_choreo/rebar.config",
        "_checkouts/rebar3_choreo/src/rebar3_choreo.app.src",
        "_checkouts/rebar3_choreo/src/rebar3_choreo.erl",
        "_checkouts/rebar3_choreo/src/rebar3_choreo_lib.erl",
        "_checkouts/rebar3_choreo/src/rebar3_choreo_prv_check.erl",
        "_checkouts/rebar3_choreo/src/rebar3_choreo_prv_compile.erl",
        "chor/shipping.chor", "config/sys.config", "config/vm.args", "rebar.config",
        "src/shipping_carol_impl.erl", "src/shop.app.src", "src/shop_app.erl",
        "src/shop_sessions.erl", "src/shop_sup.erl",
        "test/shop_SUITE.erl", "test/shop_tests.erl",
    ]
    config = (root / "rebar.config").read_text()
    for wiring in ["{deps, []}.", "{plugins, [rebar3_choreo]}.",
                   "{provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}.",
                   "warnings_as_errors", "{xref_checks,", "{relx,"]:
        assert wiring in config
    assert re.search(r'\{executable, "/[^"]*choreo-erl"\}', config)


def test_the_default_choreography_is_the_shipping_example():
    assert scaffold.example_chor()[1] == (ROOT / "examples" / "shipping.chor").read_text()


def test_new_from_a_file_adds_specs_to_copied_impl_modules(tmp_path):
    res = CliRunner().invoke(app, ["new", "books", "--from", str(EXAMPLES / "bookseller.chor"),
                                   "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    impl = (tmp_path / "books/src/bookseller_seller_impl.erl").read_text()
    assert "-spec price(term()) -> term().\nprice(" in impl
    assert "-spec delivery_date(term()) -> term().\ndelivery_date(" in impl
    tests = (tmp_path / "books/test/books_tests.erl").read_text()
    assert 'bookseller:run(#{buyer => ["Types and Programming Languages", 50]}, #{})' in tests


def test_new_writes_stubs_for_missing_impl_modules(tmp_path):
    chor = tmp_path / "quote.chor"
    chor.write_text("choreography quote(Buyer(Item), Seller) {\n"
                    "    Buyer.Item ~> Seller.I;\n"
                    "    Seller.price(I, 2) ~> Buyer.P;\n"
                    "    return Buyer.P;\n}\n")
    res = CliRunner().invoke(app, ["new", "q", "--from", str(chor), "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    stub = (tmp_path / "q/src/quote_seller_impl.erl").read_text()
    assert "-behaviour(quote_seller)." in stub
    assert "-spec price(term(), term()) -> term()." in stub
    assert "no `% run:` line" in res.output


# ---------------------------------------------------------------------------
# `init`: editing rebar.config
# ---------------------------------------------------------------------------


def test_wire_appends_what_is_missing():
    edit = rebar_config.wire("{erl_opts, [debug_info]}.\n{deps, []}.\n", "/x/choreo-erl")
    assert edit.text.startswith("{erl_opts, [debug_info]}.\n{deps, []}.\n\n%% choreo-erl")
    assert edit.text.endswith("{plugins, [rebar3_choreo]}.\n"
                              "{provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}.\n"
                              '{choreo, [{executable, "/x/choreo-erl"}]}.\n')


def test_wire_adds_to_existing_lists_and_keeps_comments():
    text = ("%% {plugins, [not_this]}.\n"
            "{plugins, [\n    rebar3_hex % for publishing\n]}.\n"
            "{provider_hooks, [{post, [{compile, xref}]}]}.\n")
    edit = rebar_config.wire(text, None)
    assert "%% {plugins, [not_this]}.\n" in edit.text
    assert "{plugins, [\n    rebar3_choreo,\n    rebar3_hex % for publishing\n]}." in edit.text
    assert ("{provider_hooks, [{pre, [{compile, {choreo, compile}}]}, "
            "{post, [{compile, xref}]}]}.") in edit.text
    text = "{provider_hooks, [{pre, [{compile, {pc, compile}}]}]}.\n{plugins, []}.\n"
    edit = rebar_config.wire(text, None)
    assert "{pre, [{compile, {choreo, compile}}, {compile, {pc, compile}}]}" in edit.text
    assert "{plugins, [rebar3_choreo]}." in edit.text


def test_wire_leaves_a_wired_config_alone():
    text = ("{plugins, [rebar3_choreo]}.\n"
            "{provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}.\n{choreo, []}.\n")
    assert rebar_config.wire(text, "/x").changes == []


def test_wire_refuses_what_it_cannot_edit():
    with pytest.raises(rebar_config.ConfigError, match="2 `plugins` terms"):
        rebar_config.wire("{plugins, [a]}.\n{plugins, [b]}.\n", None)
    with pytest.raises(rebar_config.ConfigError, match="no terminating"):
        rebar_config.wire("{plugins, [a]}\n", None)


@pytest.mark.erlang
def test_verify_accepts_the_wiring_only():
    old = "{erl_opts, [debug_info]}.\n{plugins, [rebar3_hex]}.\n"
    rebar_config.verify(old, rebar_config.wire(old, None).text)
    with pytest.raises(rebar_config.ConfigError, match="more than the wiring"):
        rebar_config.verify(old, old.replace("debug_info", "nowarn") +
                            "{provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}.\n"
                            "{plugins, [rebar3_choreo]}.\n{choreo, []}.\n")
    with pytest.raises(rebar_config.ConfigError, match="Erlang cannot read it"):
        rebar_config.verify("{erl_opts, [}.\n", "")


def test_init_refuses_what_is_not_a_rebar3_project(tmp_path):
    res = CliRunner().invoke(app, ["init", str(tmp_path)])
    assert res.exit_code == 1 and "has no rebar.config" in res.output
    (tmp_path / "rebar.config").write_text("{deps, []}.\n")
    (tmp_path / "rebar.config.script").write_text("CONFIG.\n")
    res = CliRunner().invoke(app, ["init", str(tmp_path)])
    assert res.exit_code == 1 and "rebar.config.script" in res.output
    assert "{plugins, [rebar3_choreo]}." in res.output


# ---------------------------------------------------------------------------
# End to end with rebar3, on one project made by `choreo-erl new`
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    """A new project, compiled. Its name is unique to this run: it names the node
    of its release."""
    if shutil.which("rebar3") is None or shutil.which("erl") is None:
        pytest.skip("rebar3 and Erlang/OTP are needed")
    parent = tmp_path_factory.mktemp("rebar3")
    name = f"shop{os.getpid()}"
    res = run([choreo_erl(), "new", name, "--dir", str(parent)], parent)
    assert res.returncode == 0, output(res)
    project = parent / name
    res = rebar3(project, "compile")
    assert res.returncode == 0, output(res)
    assert "Generating Erlang from chor/shipping.chor" in res.stdout
    return project


@pytest.mark.erlang
@needs_rebar3
def test_new_project_compiles_tests_and_checks_cleanly(shop):
    res = rebar3(shop, "compile")
    assert res.returncode == 0, output(res)
    assert "Generating" not in res.stdout  # nothing changed: choreo-erl did not run
    for args, expect in [(["eunit"], "3 tests, 0 failures"),
                         (["ct"], "All 3 tests passed."),
                         (["xref"], "Running cross reference analysis"),
                         (["choreo", "check"], "Checked chor/shipping.chor: no errors")]:
        res = rebar3(shop, *args)
        assert res.returncode == 0, output(res)
        assert expect in res.stdout, output(res)
        assert "Warning" not in output(res), output(res)


@pytest.mark.erlang
@needs_rebar3
def test_new_project_passes_dialyzer(shop):
    res = rebar3(shop, "dialyzer")
    assert res.returncode == 0, output(res)
    assert "Warning" not in output(res), output(res)


@pytest.mark.erlang
@needs_rebar3
def test_release_runs_sessions_and_leaves_no_process(shop):
    res = rebar3(shop, "release")
    assert res.returncode == 0, output(res)
    script = shop / "_build/default/rel" / shop.name / "bin" / shop.name
    res = run([str(script), "daemon"], shop, timeout=60)
    assert res.returncode == 0, output(res)
    try:
        for _ in range(40):
            if run([str(script), "ping"], shop, timeout=30).stdout.strip() == "pong":
                break
            time.sleep(0.25)
        res = run([str(script), "eval", SESSION + "."], shop, timeout=60)
        assert res.returncode == 0, output(res)
        assert res.stdout.split() == ("{ok, #{alice => {ok, {quote, book, 2, 14}}, "
                                      "bob => ok, carol => ok}}").split()
        # 1000 sessions run by the caller and 1000 under the application's
        # supervisors, then the processes that were not there before.
        expr = (
            "Before = processes(), "
            "Ok = [shipping:run(#{alice => [book, N]}, #{}) || N <- lists:seq(1, 1000)], "
            "true = lists:all(fun(R) -> element(1, R) =:= ok end, Ok), "
            f"[{{ok, _}} = {shop.name}_sessions:start_session(shipping, "
            "#{alice => [book, 2]}, #{}) || _ <- lists:seq(1, 1000)], "
            f"Wait = fun W(0) -> timeout; W(T) -> case {shop.name}_sessions:count(shipping) of "
            "0 -> ok; _ -> timer:sleep(10), W(T - 1) end end, "
            "ok = Wait(500), "
            "{sessions_left, length(processes() -- Before)}.")
        res = run([str(script), "eval", expr], shop, timeout=120)
        assert res.returncode == 0, output(res)
        assert res.stdout.split() == ["{sessions_left,", "0}"], output(res)
    finally:
        stop = run([str(script), "stop"], shop, timeout=60)
        if stop.returncode != 0:
            pid = run([str(script), "pid"], shop, timeout=30).stdout.strip()
            if pid.isdigit():
                os.kill(int(pid), 9)


@pytest.mark.erlang
@needs_rebar3
def test_compile_regenerates_a_changed_chor_and_fails_on_a_broken_one(shop, tmp_path):
    chor = shop / "chor/shipping.chor"
    original = chor.read_text()
    # A wrapper records that the plugin ran the choreo-erl named by CHOREO_ERL.
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "choreo-erl-wrapper"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{choreo_erl()}" "$@"\n')
    wrapper.chmod(0o755)
    env = {"CHOREO_ERL": str(wrapper)}
    try:
        chor.write_text(original.replace("return Alice.{ok, Quote};",
                                         "return Alice.{ok, Quote}, Bob.{sold, I, Q};"))
        res = rebar3(shop, "compile", env=env)
        assert res.returncode == 0, output(res)
        assert "Wrote src/choreo_gen/shipping_bob.erl" in res.stdout
        assert "Wrote src/choreo_gen/shipping_carol.erl" not in res.stdout
        assert log.read_text().startswith("compile chor/shipping.chor")
        assert erl_eval(shop, SESSION) == RESULT.replace("bob => ok", "bob => {sold,book,2}")

        chor.write_text(original.replace("Bob.{quote, I, Q, Price} ~> Alice.Quote;",
                                         "Bob.{quote, I, Q, Prize} ~> Alice.Quote;"))
        res = rebar3(shop, "compile", env=env)
        assert res.returncode != 0
        assert ("chor/shipping.chor:12:23: error[E0201]: variable `Prize` is not bound at "
                "role `Bob`") in output(res)
        assert "12 |     Bob.{quote, I, Q, Prize} ~> Alice.Quote;" in output(res)
        res = rebar3(shop, "choreo", "check", env=env)
        assert res.returncode != 0 and "error[E0201]" in output(res)
    finally:
        chor.write_text(original)
        res = rebar3(shop, "compile")
    assert res.returncode == 0, output(res)
    assert erl_eval(shop, SESSION) == RESULT


@pytest.mark.erlang
@needs_rebar3
def test_compile_without_changes_needs_no_choreo_erl(shop):
    res = rebar3(shop, "compile", env={"CHOREO_ERL": "/nonexistent/choreo-erl"})
    assert res.returncode == 0, output(res)
    res = rebar3(shop, "choreo", "compile", "--force",
                 env={"CHOREO_ERL": "/nonexistent/choreo-erl"})
    assert res.returncode != 0
    assert "CHOREO_ERL=/nonexistent/choreo-erl is not an executable file" in output(res)


@pytest.mark.erlang
@needs_rebar3
def test_init_wires_a_plain_rebar3_app(tmp_path):
    res = rebar3(tmp_path, "new", "app", "name=plain")
    assert res.returncode == 0, output(res)
    project = tmp_path / "plain"
    res = run([choreo_erl(), "init", str(project)], tmp_path)
    assert res.returncode == 0, output(res)
    assert "rebar.config: added {plugins, [rebar3_choreo]}" in res.stdout
    config = (project / "rebar.config").read_text()
    assert config.startswith("{erl_opts, [debug_info]}.\n{deps, []}.\n")
    assert "{provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}." in config
    assert (project / "_checkouts/rebar3_choreo/src/rebar3_choreo.erl").is_file()
    shutil.copy(ROOT / "examples/shipping.chor", project / "chor")
    shutil.copy(ROOT / "examples/shipping_carol_impl.erl", project / "src")
    res = rebar3(project, "compile")
    assert res.returncode == 0, output(res)
    assert erl_eval(project, SESSION) == RESULT
    again = run([choreo_erl(), "init", str(project)], tmp_path)
    assert again.returncode == 0 and "already wired" in again.stdout
    assert (project / "rebar.config").read_text() == config


@pytest.mark.erlang
@needs_rebar3
def test_new_from_an_example_builds_and_tests(tmp_path):
    res = run([choreo_erl(), "new", "books", "--from", str(EXAMPLES / "bookseller.chor"),
               "--dir", str(tmp_path)], tmp_path)
    assert res.returncode == 0, output(res)
    res = rebar3(tmp_path / "books", "eunit")
    assert res.returncode == 0, output(res)
    assert "4 tests, 0 failures" in res.stdout
