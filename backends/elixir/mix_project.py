"""The files of a Mix project around a choreography (`choreo-erl new --mix`), and what
`init --mix` adds to an existing one.

The project model (names, roles, sessions of the `% run:` lines, implementation
modules) is the rebar3 scaffold's `Project`; this module renders it as a Mix
project: the Mix compiler, the runtime as a path dependency, implementation
modules in Elixir named in config/config.exs, and ExUnit tests that run sessions
through the Elixir API.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from choreo_erl.backends.rebar3.runtime_app import write_app
from choreo_erl.backends.rebar3.scaffold import Project
from choreo_erl.core.diagnostics import ScaffoldError
from choreo_erl.projector.project import Projection

from .emit import api_module, camelize, chor_context, render
from .terms import NotATerm, args_to_elixir, to_elixir

COMPILER = "mix/tasks/compile.choreo.ex"
RUNTIME_DIR = "vendor/choreo_runtime"
RUNTIME_DEP = '{:choreo_runtime, path: "vendor/choreo_runtime"}'

_RUN = re.compile(r"([a-z][A-Za-z0-9_]*):run\((.*)\)\Z", re.S)


@dataclass(frozen=True)
class ExSession:
    module: str  # the Elixir API module
    title: str
    call: str  # `Shop.Shipping.run(%{alice: [:book, 2]}, %{})`
    start: str
    args: str
    opts: str
    result: str | None


def _sessions(project: Project, name: str) -> list[ExSession]:
    """The sessions of the rebar3 project (Erlang text) in Elixir; one that is not
    made of literal terms is left out."""
    out = []
    for i, s in enumerate(project.sessions, 1):
        chor = s.module.strip("'")
        module = api_module(name, chor)
        try:
            args, opts = args_to_elixir(f"{s.args}, {s.opts}")
            result = to_elixir(s.result) if s.result else None
        except NotATerm:
            continue
        call = f"{module}.run({args}, {opts})"
        out.append(ExSession(module, f"{module}: session {i}", call,
                             f"{module}.start({args}, {opts})", args, opts, result))
    return out


class MixNameError(ScaffoldError):
    """A choreography whose Elixir module the project needs for itself."""


def plan(project: Project, projection: Projection) -> dict:
    """The template context of the Mix project."""
    name = project.name
    chors = chor_context(projection, name)
    own = {f"{camelize(name)}.{m}" for m in ("Application", "Sessions", "Supervisor",
                                                "MixProject")}
    for c in chors:
        if c["module"] in own:
            raise MixNameError(
                f"{project.chor_file}: choreography `{c['name']}` would be the Elixir module "
                f"`{c['module']}`, which the project needs for itself: rename it")
    erlang_impls = {f.name for f in project.impls if f.origin in ("copied", "copied-specs")}
    roots = {c.name for c in project.roots}
    for c in chors:
        c["elixir"] = c["module"]
        impls = []
        for r in c["roles"]:
            r["callback_list"] = sorted(
                projection.callbacks.get((c["name"], r["name"]), set()))
            erl_impl = f"{r['impl'].lstrip(':')}.erl"
            if r["callback_list"] and erl_impl not in erlang_impls and c["name"] in roots:
                impls.append(r)
        c["impls"] = impls
    project.mix_chors = chors  # type: ignore[attr-defined]
    sessions = _sessions(project, name)
    needs_args = [c for c in chors if c["name"] in roots and any(r["params"] for r in c["roles"])]
    return dict(project=project, name=name, module=camelize(name), sessions=sessions,
                needs_args=needs_args)


def impl_path(name: str, elixir_impl: str) -> str:
    """`Shop.Shipping.Carol` -> `lib/shop/shipping/carol.ex`."""
    parts = elixir_impl.split(".")[1:]
    return "/".join(["lib", name, *(_underscore(p) for p in parts)]) + ".ex"


def _underscore(alias: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", alias).lower()


def _example_body(role: dict) -> str | None:
    if role["elixir_impl"].endswith(".Shipping.Carol"):
        return resources.files("choreo_erl.backends.elixir").joinpath(
            "templates", "mix", "example_shipping_carol.ex").read_text(encoding="utf-8").rstrip()
    return None


def render_project(project: Project, projection: Projection, example: bool) -> dict[str, str]:
    """Relative path -> content of every file of the new Mix project but the runtime."""
    ctx = plan(project, projection)
    name = project.name
    files = {
        "mix.exs": render("mix/mix.exs.j2", **ctx),
        COMPILER: render("mix/compile.choreo.ex.j2"),
        ".gitignore": render("mix/gitignore.j2", **ctx),
        ".formatter.exs": render("mix/formatter.exs.j2"),
        "config/config.exs": render("mix/config.exs.j2", **ctx),
        f"lib/{name}/application.ex": render("mix/application.ex.j2", **ctx),
        f"lib/{name}/sessions.ex": render("mix/sessions.ex.j2", **ctx),
        "test/test_helper.exs": render("mix/test_helper.exs.j2"),
        f"test/{name}_test.exs": render("mix/test.exs.j2", **ctx),
        f"chor/{project.chor_file}": project.chor_text,
    }
    impl_files = []
    for c in ctx["project"].mix_chors:
        for r in c["impls"]:
            path = impl_path(name, r["elixir_impl"])
            files[path] = render("mix/impl.ex.j2", chor=c, role=r, chor_file=project.chor_file,
                                 body=_example_body(r) if example else None)
            impl_files.append(path)
    for impl in project.impls:
        if impl.origin in ("copied", "copied-specs"):
            files[f"src/{impl.name}"] = impl.text
            impl_files.append(f"src/{impl.name}")
    files["README.md"] = render("mix/README.md.j2", impl_files=impl_files, **ctx)
    return files


def format_sources(root: Path) -> bool:
    """`mix format` the new project, when Elixir is installed (the templates are
    written in its style, but where it breaks a long line depends on the terms of
    the choreography). Whether it ran."""
    mix = shutil.which("mix")
    if mix is None:
        return False
    env = {**os.environ, "HEX_OFFLINE": "1", "MIX_ENV": "dev"}
    try:
        res = subprocess.run([mix, "format"], cwd=root, env=env, capture_output=True,
                             timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return res.returncode == 0


def write_runtime(root: Path) -> tuple[Path, bool]:
    dest = root / RUNTIME_DIR
    return dest, write_app(dest)

