"""The runtime as an OTP library application, `choreo_runtime`, for projects to depend on.

Its sources are every `*.erl` of `backends/erlang/runtime/` (whatever modules the
runtime has today) and `choreo_runtime.app.src` there; a `rebar.config`, a `mix.exs`
and a README make the directory a rebar3 application, a Mix project and a hex
package at once. rebar3 projects get it in `_checkouts/choreo_runtime`, Mix
projects in `vendor/choreo_runtime` (a path dependency).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from choreo_erl import __version__

from .file_sync import sync_files

APP = "choreo_runtime"
RUNTIME_PACKAGE = "choreo_erl.backends.erlang"


def _runtime_dir():
    return resources.files(RUNTIME_PACKAGE).joinpath("runtime")


def runtime_sources() -> dict[str, str]:
    """File name -> text of every module of the runtime, and the .app.src."""
    out = {}
    for node in sorted(_runtime_dir().iterdir(), key=lambda t: t.name):
        if node.name.endswith(".erl") or node.name == f"{APP}.app.src":
            out[node.name] = node.read_text(encoding="utf-8")
    return out


def runtime_modules() -> list[str]:
    return [name[: -len(".erl")] for name in runtime_sources() if name.endswith(".erl")]


def app_files() -> dict[str, str]:
    """Relative path (in the application's directory) -> content."""
    from .scaffold import render

    files = {f"src/{name}": text for name, text in runtime_sources().items()}
    for name in ("rebar.config", "mix.exs", "README.md"):
        files[name] = render(f"runtime/{name}.j2", app=APP)
    return files


def write_app(dest: Path) -> bool:
    """Write (or refresh) the application in dest; whether anything changed.

    Files of an older copy that it no longer has (a module since removed) go.
    """
    return sync_files(dest, app_files(), lambda rel: rel.startswith("src/"))


def version() -> str:
    return __version__
