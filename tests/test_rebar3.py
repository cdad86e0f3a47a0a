"""rebar3 integration (issues 4, 15): `choreo-erl new`, `choreo-erl init` and the plugin.

The end-to-end tests share one project made by `choreo-erl new`, committed to git
and cloned into a fresh directory (the `shop` fixture), and run rebar3 on the clone
with `choreo-erl` reachable only through PATH: compile, eunit, ct, xref, dialyzer,
release. A second project commits its generated code and is built from a clone with
no Python and no choreo-erl on the PATH at all. Both dialyzer runs share rebar3's
base PLT in its global cache (~/.cache/rebar3): the first run on a machine builds
it (about 6 minutes), later ones copy it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from choreo_erl import __version__
from choreo_erl.backends.rebar3 import rebar_config, runtime_app, scaffold
from choreo_erl.main import app
from tests.support.examples import EXAMPLES
from tests.support.toolpath import clone

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


def rebar3(cwd: Path, *args: str, env: dict | None = None,
           path: str | None = None) -> subprocess.CompletedProcess:
    """rebar3 with a PATH of its own (choreo-erl only through it), unless env sets one."""
    return run(["rebar3", *args], cwd, {"PATH": path or TOOL_PATH[0], **(env or {})})


# The PATH of `tool_path`, for rebar3 calls in tests that have no fixture for it.
TOOL_PATH: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def _tool_path(tool_path):
    TOOL_PATH[:] = [tool_path]


def output(res: subprocess.CompletedProcess) -> str:
    return res.stdout + res.stderr


def erl_eval(project: Path, expr: str) -> str:
    """The value of expr, printed with ~0p, in a VM with the project's code."""
    ebins = [str(p) for p in sorted((project / "_build/default").glob("*/*/ebin"))]
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
    runtime = sorted(f"_checkouts/choreo_runtime/src/{p.name}" for p in RUNTIME_DIR.iterdir()
                     if p.suffix == ".erl" or p.name.endswith(".app.src"))
    assert len(runtime) >= 2
    assert files == [
        ".gitignore", "README.md",
        "_checkouts/choreo_runtime/README.md", "_checkouts/choreo_runtime/mix.exs",
        "_checkouts/choreo_runtime/rebar.config", *runtime,
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
    for wiring in ["{deps, [choreo_runtime]}.", "{plugins, [rebar3_choreo]}.",
                   "{provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}.",
                   "warnings_as_errors", "{xref_checks,", "{relx,"]:
        assert wiring in config
    # No path of this machine: the plugin finds choreo-erl on the PATH.
    assert '{choreo, [{chor_dir, "chor"}, {out_dir, "src/choreo_gen"}]}.' in config
    assert str(ROOT) not in config and ".venv" not in config
    assert "choreo_runtime" in (root / "src/shop.app.src").read_text()
    assert "src/choreo_gen/" in (root / ".gitignore").read_text()


def test_new_can_keep_the_generated_code_in_git(tmp_path):
    res = CliRunner().invoke(app, ["new", "shop", "--commit-generated", "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "choreo_gen" not in (tmp_path / "shop/.gitignore").read_text()
    assert "is committed" in (tmp_path / "shop/rebar.config").read_text()


RUNTIME_DIR = ROOT / "backends/erlang/runtime"


def test_the_runtime_application_takes_every_module_of_the_runtime():
    files = runtime_app.app_files()
    modules = sorted(p.name for p in RUNTIME_DIR.glob("*.erl"))
    assert sorted(f[4:] for f in files if f.endswith(".erl")) == modules
    assert "choreo_runtime" in runtime_app.runtime_modules()
    assert files["src/choreo_runtime.app.src"] == (
        RUNTIME_DIR / "choreo_runtime.app.src").read_text()
    assert f'version: "{__version__}"' in files["mix.exs"]


@pytest.mark.erlang
def test_the_runtime_app_src_is_ready_for_hex(tmp_path):
    """What rebar3_hex needs to publish: description, vsn, licenses, links, files;
    `modules` is left to the build."""
    expr = ('{ok, [{application, choreo_runtime, P}]} = file:consult("' +
            str(RUNTIME_DIR / "choreo_runtime.app.src") + '"), '
            "io:format(\"~0p~n\", [[{K, proplists:get_value(K, P)} || K <- "
            "[vsn, modules, applications, licenses]] ++ "
            "[{K, is_list(proplists:get_value(K, P))} || K <- [description, links, files]]]), "
            "halt().")
    res = run(["erl", "-noshell", "-eval", expr], tmp_path, timeout=60)
    assert res.returncode == 0, output(res)
    assert res.stdout.strip() == (
        f'[{{vsn,"{__version__}"}},{{modules,[]}},{{applications,[kernel,stdlib]}},'
        '{licenses,["Apache-2.0"]},{description,true},{links,true},{files,true}]')


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


def test_new_writes_a_stub_for_a_family_that_new_starts(tmp_path):
    # The members of `new Workers[...]` play no caller's role: their callbacks go to
    # the called choreography's own module, dispatch_workers_impl (a stub was missing,
    # and the first session failed with undef).
    chor = tmp_path / "lb.chor"
    chor.write_text("choreography lb(Client(Jobs), Balancer) {\n"
                    "    Client.Jobs ~> Balancer.Js;\n"
                    "    Balancer.R = dispatch(Balancer(Js), new Workers[Balancer.(length(Js))]);\n"
                    "    return Client.ok;\n}\n"
                    "choreography dispatch(Balancer(Js), Workers[]) {\n"
                    "    for W[I] in Workers { Balancer.lists:nth(I, Js) ~> W.Job; }\n"
                    "    Workers.work(Job) ~> Balancer.Out;\n"
                    "    return Balancer.Out;\n}\n")
    res = CliRunner().invoke(app, ["new", "lbapp", "--from", str(chor), "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    stub = (tmp_path / "lbapp/src/dispatch_workers_impl.erl").read_text()
    assert "-spec work(term()) -> term()." in stub
    assert not (tmp_path / "lbapp/src/dispatch_balancer_impl.erl").exists()


# ---------------------------------------------------------------------------
# `init`: editing rebar.config
# ---------------------------------------------------------------------------


def test_wire_appends_what_is_missing():
    edit = rebar_config.wire("{erl_opts, [debug_info]}.\n{deps, []}.\n")
    assert edit.text.startswith("{erl_opts, [debug_info]}.\n{deps, [choreo_runtime]}.\n\n"
                                "%% choreo-erl")
    assert edit.text.endswith("{plugins, [rebar3_choreo]}.\n"
                              "{provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}.\n"
                              "{choreo, []}.\n")
    edit = rebar_config.wire("{erl_opts, [debug_info]}.\n", "choreo-erl-0.1")
    assert "{deps, [choreo_runtime]}.\n" in edit.text
    assert '{choreo, [{executable, "choreo-erl-0.1"}]}.\n' in edit.text


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
    text = ("{plugins, [rebar3_choreo]}.\n{deps, [choreo_runtime]}.\n"
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
                            "{deps, [choreo_runtime]}.\n"
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
def shop(tmp_path_factory, tool_path) -> Path:
    """A new project, committed to git, cloned into a fresh directory and compiled
    there with choreo-erl reachable only through PATH. Its name is unique to this
    run: it names the node of its release."""
    if shutil.which("rebar3") is None or shutil.which("erl") is None:
        pytest.skip("rebar3 and Erlang/OTP are needed")
    made = tmp_path_factory.mktemp("rebar3-made")
    name = f"shop{os.getpid()}"
    res = run([choreo_erl(), "new", name, "--dir", str(made)], made)
    assert res.returncode == 0, output(res)
    project = clone(made / name, tmp_path_factory.mktemp("rebar3-clone"))
    assert not (project / "src/choreo_gen").exists()  # git-ignored
    res = rebar3(project, "compile", path=tool_path)
    assert res.returncode == 0, output(res)
    assert "Generating Erlang from chor/shipping.chor" in res.stdout
    # The runtime is the dependency in _checkouts, not a copy in src/.
    assert "Compiling choreo_runtime" in res.stdout
    assert sorted(p.name for p in (project / "src/choreo_gen").glob("*.erl")) == [
        "shipping.erl", "shipping_alice.erl", "shipping_bob.erl", "shipping_carol.erl"]
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


def in_release(project: Path, exprs: list[str], path: str) -> list[str]:
    """Start the release of project as a daemon, evaluate each expression in it,
    stop it; the output of each."""
    script = project / "_build/default/rel" / project.name / "bin" / project.name
    env = {"PATH": path}
    res = run([str(script), "daemon"], project, env, timeout=60)
    assert res.returncode == 0, output(res)
    outputs = []
    try:
        for _ in range(40):
            if run([str(script), "ping"], project, env, timeout=30).stdout.strip() == "pong":
                break
            time.sleep(0.25)
        for expr in exprs:
            res = run([str(script), "eval", expr], project, env, timeout=120)
            assert res.returncode == 0, output(res)
            outputs.append(res.stdout)
    finally:
        stop = run([str(script), "stop"], project, env, timeout=60)
        if stop.returncode != 0:
            pid = run([str(script), "pid"], project, env, timeout=30).stdout.strip()
            if pid.isdigit():
                os.kill(int(pid), 9)
    return outputs


RELEASE_RESULT = "{ok, #{alice => {ok, {quote, book, 2, 14}}, bob => ok, carol => ok}}"


@pytest.mark.erlang
@needs_rebar3
def test_release_runs_sessions_and_leaves_no_process(shop, tool_path):
    res = rebar3(shop, "release", path=tool_path)
    assert res.returncode == 0, output(res)
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
    one, many, apps = in_release(shop, [SESSION + ".", expr, "application:which_applications()."],
                                 tool_path)
    assert one.split() == RELEASE_RESULT.split()
    assert many.split() == ["{sessions_left,", "0}"], many
    assert "{choreo_runtime," in apps


@pytest.mark.erlang
@pytest.mark.slow
@needs_rebar3
def test_committed_generated_code_builds_without_python(tmp_path_factory, tool_path,
                                                        no_python_path):
    """`new --commit-generated`: compiled once where choreo-erl is, committed, then
    a clone builds, tests, type-checks and releases with no Python on the PATH."""
    made = tmp_path_factory.mktemp("kept-made")
    name = f"kept{os.getpid()}"
    res = run([choreo_erl(), "new", name, "--commit-generated", "--dir", str(made)], made)
    assert res.returncode == 0, output(res)
    res = rebar3(made / name, "compile", path=tool_path)
    assert res.returncode == 0, output(res)
    shutil.rmtree(made / name / "_build")
    project = clone(made / name, tmp_path_factory.mktemp("kept-clone"))
    manifest = (project / "src/choreo_gen/choreo.manifest").read_text()
    assert f'choreo_erl => "choreo-erl {__version__}"' in manifest

    for args, expect in [(["compile"], "Compiling " + name),
                         (["eunit"], "3 tests, 0 failures"),
                         (["ct"], "All 3 tests passed."),
                         (["dialyzer"], "Analyzing"),
                         (["release"], "Release successfully assembled")]:
        res = rebar3(project, *args, path=no_python_path)
        assert res.returncode == 0, output(res)
        assert expect in res.stdout, output(res)
        assert "Generating" not in res.stdout and "Warning" not in output(res), output(res)
    assert run(["git", "status", "--porcelain"], project).stdout == ""
    [result] = in_release(project, [SESSION + "."], no_python_path)
    assert result.split() == RELEASE_RESULT.split()

    # A changed .chor makes the committed code stale: without choreo-erl the build
    # stops and says what changed and how to get choreo-erl.
    chor = project / "chor/shipping.chor"
    chor.write_text(chor.read_text().replace("Alice.{ok, Quote}", "Alice.{ok, Quote, Item}"))
    res = rebar3(project, "compile", path=no_python_path)
    assert res.returncode != 0
    assert ("src/choreo_gen/ is out of date (chor/shipping.chor changed) and must be "
            "generated again.") in output(res)
    assert "choreo-erl was not found on the PATH" in output(res)
    assert "pipx install /path/to/choreo-erl" in output(res)
    # With choreo-erl back on the PATH it regenerates, and the change is there.
    res = rebar3(project, "compile", path=tool_path)
    assert res.returncode == 0, output(res)
    assert "Wrote src/choreo_gen/shipping_alice.erl" in res.stdout
    assert erl_eval(project, SESSION) == RESULT.replace("14}}", "14},book}")


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
    # A runtime in _checkouts that is not the one of this choreo-erl is reported.
    vendored = shop / "_checkouts/choreo_runtime/src/choreo_diagram.erl"
    runtime_text = vendored.read_text()
    try:
        vendored.write_text(runtime_text + "%% an older copy\n")
        chor.write_text(original.replace("return Alice.{ok, Quote};",
                                         "return Alice.{ok, Quote}, Bob.{sold, I, Q};"))
        res = rebar3(shop, "compile", env=env)
        assert res.returncode == 0, output(res)
        assert ("differs from the runtime of this choreo-erl in choreo_diagram.erl: run "
                "`choreo-erl init` to update _checkouts/choreo_runtime") in output(res)
        vendored.write_text(runtime_text)
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
        vendored.write_text(runtime_text)
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
def test_a_checkout_without_choreo_erl_says_how_to_get_it(tmp_path, tool_path):
    res = CliRunner().invoke(app, ["new", "away", "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    project = tmp_path / "away"
    res = rebar3(project, "compile", path="/usr/bin:/bin")
    assert res.returncode != 0
    assert ("src/choreo_gen/ is out of date (it has no manifest) and must be generated "
            "again.\nchoreo-erl was not found on the PATH.") in output(res)
    assert "= help: install it" in output(res)
    # A project made by an older choreo-erl names a path of another machine: the
    # plugin warns and takes choreo-erl from the PATH.
    config = project / "rebar.config"
    config.write_text(config.read_text().replace(
        "{choreo, [", '{choreo, [{executable, "/home/someone/.venv/bin/choreo-erl"}, '))
    res = rebar3(project, "compile", path=tool_path)
    assert res.returncode == 0, output(res)
    assert "choreo-erl is not at /home/someone/.venv/bin/choreo-erl" in output(res)
    assert "Wrote src/choreo_gen/shipping.erl" in res.stdout


def test_version():
    res = CliRunner().invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output == f"choreo-erl {__version__}\n"


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
    assert config.startswith("{erl_opts, [debug_info]}.\n{deps, [choreo_runtime]}.\n")
    assert "{provider_hooks, [{pre, [{compile, {choreo, compile}}]}]}." in config
    assert (project / "_checkouts/rebar3_choreo/src/rebar3_choreo.erl").is_file()
    assert (project / "_checkouts/choreo_runtime/src/choreo_runtime.erl").is_file()
    assert "{deps, [choreo_runtime]}." in config
    assert "add choreo_runtime to the `applications` of src/plain.app.src" in res.stdout
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


@pytest.mark.erlang
def test_init_can_keep_the_generated_code_in_git(tmp_path):
    (tmp_path / "rebar.config").write_text("{erl_opts, [debug_info]}.\n")
    (tmp_path / ".gitignore").write_text("_build/\n")
    (tmp_path / "src").mkdir()
    res = CliRunner().invoke(app, ["init", "--commit-generated", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "choreo_gen" not in (tmp_path / ".gitignore").read_text()
    assert "{deps, [choreo_runtime]}." in (tmp_path / "rebar.config").read_text()
    res = CliRunner().invoke(app, ["init", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "**/src/choreo_gen/" in (tmp_path / ".gitignore").read_text()
