"""Mix integration (issue 15): `choreo-erl new --mix`, `init --mix`, the Mix compiler
and the Elixir API module of each choreography.

The end-to-end tests build a project made by `choreo-erl new --mix` from a git clone,
offline (HEX_OFFLINE=1, a MIX_HOME of their own, no hex), with choreo-erl reachable
only through PATH: `mix compile`, `mix test` (sessions through the Elixir API) and
`mix release` (a session through `bin/NAME eval`); then a project that commits its
generated code is built from a clone with no Python on the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from choreo_erl.backends.elixir import mix_config
from choreo_erl.backends.elixir.emit import ElixirNameError, camelize
from choreo_erl.backends.elixir.terms import NotATerm, args_to_elixir, to_elixir
from choreo_erl.main import app
from tests.support.examples import EXAMPLES
from tests.support.toolpath import choreo_erl, clone

ROOT = Path(__file__).resolve().parents[1]
needs_mix = pytest.mark.skipif(shutil.which("mix") is None or shutil.which("erl") is None,
                               reason="Elixir (mix) and Erlang/OTP are needed")
RESULT = "{:ok, %{alice: {:ok, {:quote, :book, 2, 14}}, bob: :ok, carol: :ok}}"
SESSION = "IO.inspect(NAME.Shipping.run(%{alice: [:book, 2]}), width: :infinity)"


def output(res: subprocess.CompletedProcess) -> str:
    return res.stdout + res.stderr


@pytest.fixture(scope="session")
def mix_home(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("mix-home"))


def run(args: list[str], cwd: Path, path: str, mix_home: str, env: dict | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess:
    full = {**os.environ, "PATH": path, "MIX_HOME": mix_home, "HEX_OFFLINE": "1",
            "MIX_ENV": "dev", **(env or {})}
    full.pop("CHOREO_ERL", None)
    return subprocess.run(args, cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=timeout)


# ---------------------------------------------------------------------------
# Without Elixir
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("erlang, elixir", [
    ("{ok, #{alice => {ok, {quote, book, 2, 14}}, bob => ok, carol => ok}}", RESULT),
    ('#{buyer => ["Types and Programming Languages", 50]}',
     '%{buyer: [~c"Types and Programming Languages", 50]}'),
    ("{error, {timeout, buyer}}", "{:error, {:timeout, :buyer}}"),
    ("[1, -2.5, $a | 16#ff]", "[1, -2.5, ?a | 255]"),
    ("#{'Big key' => <<\"x#{y}\">>, a => nil, b => true}",
     '%{:"Big key" => "x\\#{y}", :a => :"nil", :b => true}'),
    ("'receive'", ":receive"),
])
def test_erlang_terms_become_elixir(erlang, elixir):
    assert to_elixir(erlang) == elixir


@pytest.mark.parametrize("text", ["X", "f(1)", "{a, X}", "#{a => 1", "fun() -> 1 end",
                                  "<<1, 2>>", "{a} b"])
def test_what_is_not_a_literal_term_is_refused(text):
    with pytest.raises(NotATerm):
        to_elixir(text)


def test_call_arguments_become_elixir():
    assert args_to_elixir("#{alice => [book, 2]}, #{}") == ["%{alice: [:book, 2]}", "%{}"]


def test_names_become_elixir_modules():
    assert camelize("order_flow") == "OrderFlow"
    assert camelize("shop2") == "Shop2"
    with pytest.raises(ElixirNameError):
        camelize("_")


def test_compile_writes_the_elixir_api_module(tmp_path):
    res = CliRunner().invoke(app, ["compile", str(ROOT / "examples/shipping.chor"),
                                   "--elixir", "shop", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    api = (tmp_path / "shipping.ex").read_text()
    for text in ["defmodule Shop.Shipping do",
                 "  * `:alice`, started with the arguments `Item`, `Qty` "
                 "(`%{alice: [item, qty]}`)",
                 "calls `quote/2` of its implementation",
                 "declares `@behaviour :shipping_carol`",
                 "@spec run(args() | keyword(), opts() | keyword()) ::",
                 "def run(args, opts \\\\ %{}) do",
                 "@spec start(args() | keyword(), opts() | keyword()) ::",
                 "@spec await(session(), timeout()) :: {:ok, results()} | {:error, term()}",
                 "@spec child_spec(keyword()) :: Supervisor.child_spec()",
                 "required(:alice) => [term()]",
                 "Application.fetch_env(:shop, :choreo)"]:
        assert text in api, text
    # The Erlang is written as before: everything plain erlc needs.
    assert {p.name for p in tmp_path.glob("*.erl")} >= {
        "shipping.erl", "shipping_alice.erl", "choreo_runtime.erl"}


def test_new_mix_writes_the_project(tmp_path):
    res = CliRunner().invoke(app, ["new", "shop", "--mix", "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    root = tmp_path / "shop"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                   if p.is_file() and "vendor/choreo_runtime/src" not in p.as_posix())
    assert files == [
        ".formatter.exs", ".gitignore", "README.md", "chor/shipping.chor",
        "config/config.exs", "lib/shop/application.ex", "lib/shop/sessions.ex",
        "lib/shop/shipping/carol.ex", "mix.exs", "mix/tasks/compile.choreo.ex",
        "test/shop_test.exs", "test/test_helper.exs",
        "vendor/choreo_runtime/README.md", "vendor/choreo_runtime/mix.exs",
        "vendor/choreo_runtime/rebar.config"]
    runtime = {p.name for p in (root / "vendor/choreo_runtime/src").iterdir()}
    assert runtime == {p.name for p in (ROOT / "backends/erlang/runtime").iterdir()
                       if p.suffix == ".erl" or p.name.endswith(".app.src")}
    mix_exs = (root / "mix.exs").read_text()
    assert "compilers: [:choreo] ++ Mix.compilers()," in mix_exs
    assert '{:choreo_runtime, path: "vendor/choreo_runtime"}' in mix_exs
    assert str(ROOT) not in mix_exs
    assert "shipping: %{carol: Shop.Shipping.Carol}" in (root / "config/config.exs").read_text()
    assert "@behaviour :shipping_carol" in (root / "lib/shop/shipping/carol.ex").read_text()
    tests = (root / "test/shop_test.exs").read_text()
    assert "assert Shop.Shipping.run(%{alice: [:book, 2]}, %{}) ==\n" in tests
    assert f"             {RESULT}\n" in tests
    assert "/src/choreo_gen/" in (root / ".gitignore").read_text()
    # Elixir code of the project goes through the API module, never the Erlang ones.
    for path in [*root.glob("lib/**/*.ex"), *root.glob("test/*.exs")]:
        assert ":shipping." not in path.read_text() and ":choreo_runtime" not in path.read_text()


def test_new_mix_from_a_file_keeps_erlang_impls_and_stubs_the_rest(tmp_path):
    res = CliRunner().invoke(app, ["new", "books", "--mix", "--from",
                                   str(EXAMPLES / "bookseller.chor"), "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    root = tmp_path / "books"
    assert (root / "src/bookseller_seller_impl.erl").is_file()
    assert "config :books, :choreo, impl: %{}" in (root / "config/config.exs").read_text()
    chor = tmp_path / "quote.chor"
    chor.write_text("choreography quote(Buyer(Item), Seller) {\n    Buyer.Item ~> Seller.I;\n"
                    "    Seller.price(I, 2) ~> Buyer.P;\n    return Buyer.P;\n}\n")
    res = CliRunner().invoke(app, ["new", "q", "--mix", "--from", str(chor),
                                   "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    stub = (tmp_path / "q/lib/q/quote/seller.ex").read_text()
    assert "def price(_arg1, _arg2) do" in stub
    assert "lib/q/quote/seller.ex: a stub" in res.output


def test_init_mix_refuses_what_it_cannot_edit(tmp_path):
    res = CliRunner().invoke(app, ["init", "--mix", str(tmp_path)])
    assert res.exit_code == 1 and "has no mix.exs" in res.output
    (tmp_path / "mix.exs").write_text(
        "defmodule X.MixProject do\n  use Mix.Project\n  def project do\n    [\n"
        "      compilers: [:yecc] ++ Mix.compilers(),\n      deps: deps()\n    ]\n  end\n"
        "  defp deps do\n    [\n    ]\n  end\nend\n")
    before = (tmp_path / "mix.exs").read_text()
    res = CliRunner().invoke(app, ["init", "--mix", str(tmp_path)])
    assert res.exit_code == 1 and "sets `compilers:` already" in res.output
    assert mix_config.COMPILERS in res.output
    assert (tmp_path / "mix.exs").read_text() == before


# ---------------------------------------------------------------------------
# End to end with Mix
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop(tmp_path_factory, tool_path, mix_home) -> Path:
    """A project made by `new --mix`, committed, cloned and compiled with choreo-erl
    reachable only through PATH. Its name is unique to this run."""
    if shutil.which("mix") is None:
        pytest.skip("Elixir (mix) is needed")
    made = tmp_path_factory.mktemp("mix-made")
    name = f"shopx{os.getpid()}"
    res = run([choreo_erl(), "new", name, "--mix", "--dir", str(made)], made, tool_path,
              mix_home)
    assert res.returncode == 0, output(res)
    project = clone(made / name, tmp_path_factory.mktemp("mix-clone"))
    res = run(["mix", "compile"], project, tool_path, mix_home)
    assert res.returncode == 0, output(res)
    assert "Generating Erlang and Elixir from chor/shipping.chor" in res.stdout
    assert "Wrote lib/choreo_gen/shipping.ex" in res.stdout
    assert "warning" not in output(res), output(res)
    # The runtime is the path dependency, not a copy among the generated modules.
    assert sorted(p.name for p in (project / "src/choreo_gen").glob("*.erl")) == [
        "shipping.erl", "shipping_alice.erl", "shipping_bob.erl", "shipping_carol.erl"]
    return project


def module_of(project: Path) -> str:
    return project.name.capitalize()


@pytest.mark.erlang
@needs_mix
def test_mix_project_compiles_and_runs_its_tests(shop, tool_path, mix_home):
    res = run(["mix", "compile"], shop, tool_path, mix_home)
    assert res.returncode == 0 and "Generating" not in res.stdout, output(res)
    res = run(["mix", "test"], shop, tool_path, mix_home)
    assert res.returncode == 0, output(res)
    assert "4 tests, 0 failures" in res.stdout, output(res)
    assert "warning" not in output(res), output(res)
    # What choreo-erl wrote, generated code included, is as `mix format` writes it.
    res = run(["mix", "format", "--check-formatted", "lib/choreo_gen/shipping.ex"], shop,
              tool_path, mix_home)
    assert res.returncode == 0, output(res)
    res = run(["mix", "format", "--check-formatted"], shop, tool_path, mix_home)
    assert res.returncode == 0, output(res)
    # Keyword lists work as well as maps.
    call = f"{module_of(shop)}.Shipping.run([alice: [:book, 2]], timeout: 5000)"
    res = run(["mix", "run", "-e", f"IO.inspect({call}, width: :infinity)"], shop, tool_path,
              mix_home)
    assert res.returncode == 0 and res.stdout.strip() == RESULT, output(res)


@pytest.mark.erlang
@needs_mix
def test_mix_release_runs_a_session(shop, tool_path, mix_home):
    res = run(["mix", "release", "--overwrite"], shop, tool_path, mix_home,
              env={"MIX_ENV": "prod"})
    assert res.returncode == 0, output(res)
    script = shop / "_build/prod/rel" / shop.name / "bin" / shop.name
    res = run([str(script), "eval", SESSION.replace("NAME", module_of(shop))], shop,
              tool_path, mix_home, timeout=120)
    assert res.returncode == 0, output(res)
    assert res.stdout.strip() == RESULT


@pytest.mark.erlang
@needs_mix
def test_mix_compile_reports_chor_errors_and_regenerates(shop, tool_path, mix_home):
    chor = shop / "chor/shipping.chor"
    original = chor.read_text()
    session = SESSION.replace("NAME", module_of(shop))
    try:
        chor.write_text(original.replace("Bob.{quote, I, Q, Price} ~> Alice.Quote;",
                                         "Bob.{quote, I, Q, Prize} ~> Alice.Quote;"))
        res = run(["mix", "compile"], shop, tool_path, mix_home)
        assert res.returncode != 0
        assert ("** (choreo) chor/shipping.chor:12:23: error[E0201]: variable `Prize` is "
                "not bound at role `Bob`") in output(res)
        assert "    hint: did you mean `Price`?" in output(res)
        assert ("    12 |     Bob.{quote, I, Q, Prize} ~> Alice.Quote;\n"
                "       |                       ^^^^^\n") in output(res)

        chor.write_text(original.replace("return Alice.{ok, Quote};",
                                         "return Alice.{ok, Quote}, Bob.{sold, I, Q};"))
        res = run(["mix", "run", "-e", session], shop, tool_path, mix_home)
        assert res.returncode == 0, output(res)
        assert "Wrote src/choreo_gen/shipping_bob.erl" in res.stdout
        assert "Wrote src/choreo_gen/shipping_carol.erl" not in res.stdout
        assert res.stdout.strip().endswith(RESULT.replace("bob: :ok", "bob: {:sold, :book, 2}"))
    finally:
        chor.write_text(original)
        res = run(["mix", "run", "-e", session], shop, tool_path, mix_home)
    assert res.returncode == 0, output(res)
    assert res.stdout.strip().endswith(RESULT)


@pytest.mark.erlang
@pytest.mark.slow
@needs_mix
def test_committed_mix_project_builds_without_python(tmp_path_factory, tool_path,
                                                     no_python_path, mix_home):
    made = tmp_path_factory.mktemp("mix-kept-made")
    name = f"keptx{os.getpid()}"
    res = run([choreo_erl(), "new", name, "--mix", "--commit-generated", "--dir", str(made)],
              made, tool_path, mix_home)
    assert res.returncode == 0, output(res)
    res = run(["mix", "compile"], made / name, tool_path, mix_home)
    assert res.returncode == 0, output(res)
    shutil.rmtree(made / name / "_build")
    project = clone(made / name, tmp_path_factory.mktemp("mix-kept-clone"))
    assert (project / "lib/choreo_gen/shipping.ex").is_file()

    res = run(["mix", "compile"], project, no_python_path, mix_home)
    assert res.returncode == 0, output(res)
    assert "Generating" not in res.stdout
    res = run(["mix", "test"], project, no_python_path, mix_home)
    assert res.returncode == 0 and "4 tests, 0 failures" in res.stdout, output(res)
    # `mix clean` leaves the committed code and its manifest alone.
    res = run(["mix", "clean"], project, no_python_path, mix_home)
    assert res.returncode == 0, output(res)
    res = run(["mix", "compile"], project, no_python_path, mix_home)
    assert res.returncode == 0 and "Generating" not in res.stdout, output(res)
    res = run(["mix", "release"], project, no_python_path, mix_home, env={"MIX_ENV": "prod"})
    assert res.returncode == 0, output(res)
    script = project / "_build/prod/rel" / name / "bin" / name
    res = run([str(script), "eval", SESSION.replace("NAME", module_of(project))], project,
              no_python_path, mix_home, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == RESULT, output(res)
    assert subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True,
                          text=True).stdout == ""

    chor = project / "chor/shipping.chor"
    chor.write_text(chor.read_text() + "% changed\n")
    res = run(["mix", "compile"], project, no_python_path, mix_home)
    assert res.returncode != 0
    assert ("src/choreo_gen/ is out of date (chor/shipping.chor changed) and must be "
            "generated again.") in output(res)
    assert "pipx install /path/to/choreo-erl" in output(res)


@pytest.mark.erlang
@needs_mix
def test_init_mix_wires_a_plain_mix_project(tmp_path, tool_path, mix_home):
    res = run(["mix", "new", "legacy"], tmp_path, tool_path, mix_home)
    assert res.returncode == 0, output(res)
    project = tmp_path / "legacy"
    res = run([choreo_erl(), "init", "--mix", str(project)], tmp_path, tool_path, mix_home)
    assert res.returncode == 0, output(res)
    assert "mix.exs: added compilers: [:choreo] ++ Mix.compilers()" in res.stdout
    shutil.copy(ROOT / "examples/shipping.chor", project / "chor")
    (project / "src").mkdir()
    shutil.copy(ROOT / "examples/shipping_carol_impl.erl", project / "src")
    res = run(["mix", "run", "-e", SESSION.replace("NAME", "Legacy")], project, tool_path,
              mix_home)
    assert res.returncode == 0, output(res)
    assert res.stdout.strip().endswith(RESULT)
    text = (project / "mix.exs").read_text()
    again = run([choreo_erl(), "init", "--mix", str(project)], tmp_path, tool_path, mix_home)
    assert again.returncode == 0 and "already wired" in again.stdout
    assert "compile.choreo.ex: written" not in again.stdout  # it is as `mix format` leaves it
    assert (project / "mix.exs").read_text() == text


def test_new_mix_refuses_the_name_of_an_elixir_application(tmp_path):
    res = CliRunner().invoke(app, ["new", "ex_unit", "--mix", "--dir", str(tmp_path)])
    assert res.exit_code == 1 and "is an application of Elixir" in res.output
    assert not (tmp_path / "ex_unit").exists()


def test_new_mix_refuses_a_choreography_named_like_a_module_of_the_project(tmp_path):
    chor = tmp_path / "sessions.chor"
    chor.write_text("choreography sessions(A, B) {\n    A.1 ~> B.N;\n    return B.N;\n}\n")
    res = CliRunner().invoke(app, ["new", "shop", "--mix", "--from", str(chor),
                                   "--dir", str(tmp_path)])
    assert res.exit_code == 1
    assert "would be the Elixir module `Shop.Sessions`" in res.output
    assert not (tmp_path / "shop").exists()
