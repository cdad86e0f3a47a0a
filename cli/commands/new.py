"""`choreo-erl new`: a rebar3 application around a choreography, wired to the plugin."""

from __future__ import annotations

import sys
from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoError, Diagnostic
from choreo_erl.core.source import Source

from ..pipeline import SourceError, front_end, read_source
from .report import Reporter, fail_on_input

# Elixir's own applications: a Mix project must not take one of these names.
ELIXIR_APPS = frozenset({"elixir", "mix", "logger", "ex_unit", "iex", "eex"})


def _check_back_end(projection, path: str) -> None:
    """The Erlang backend supports the whole program (else the build would fail later)."""
    from choreo_erl.backends.erlang.emit import emit_program
    from choreo_erl.backends.erlang.state_machine import Unsupported
    from choreo_erl.core.deep import run_deep

    try:
        run_deep(lambda: emit_program(projection, path))
    except Unsupported as exc:
        raise ChoreoError([Diagnostic("E0801", str(exc), exc.span,
                                      hint="see docs/language.md for what each backend supports")
                           ]) from None


def run_new(name: str, from_file: Path | None, parent: Path,
            commit_generated: bool = False, mix: bool = False) -> int:
    from choreo_erl.backends.rebar3 import scaffold
    from choreo_erl.projector.project import project_program

    try:
        scaffold.check_name(name)
    except scaffold.ScaffoldError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    if mix and name in ELIXIR_APPS:
        sys.stderr.write(f"error: `{name}` is an application of Elixir: choose another name\n")
        return 1
    root = parent / name
    if root.exists():
        sys.stderr.write(f"error: {root} already exists: choose another name, or another "
                         "parent directory with --dir\n")
        return 1

    reporter = Reporter("text")
    source = None
    try:
        if from_file is None:
            chor_file, text = scaffold.example_chor()
            source = Source(f"chor/{chor_file}", text)
        else:
            source = read_source(from_file)
            chor_file, text = from_file.name, source.text
        projection = project_program(front_end(source))
        _check_back_end(projection, source.path)
    except (SourceError, ChoreoError) as exc:
        return fail_on_input(reporter, exc, source)

    try:
        project = scaffold.plan_project(
            name, chor_file, text, projection,
            impl_dir=from_file.parent if from_file is not None else None,
            commit_generated=commit_generated)
    except scaffold.ScaffoldError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1

    if mix:
        return _write_mix(root, project, projection, from_file is None)
    scaffold.write_files(root, scaffold.render_project(project))
    scaffold.copy_plugin(root)
    scaffold.copy_runtime(root)

    print(f"created {root}/ (a rebar3 application) with chor/{chor_file}")
    for impl in project.impls:
        if impl.origin == "stub":
            print(f"  src/{impl.name}: a stub; write the functions it exports")
        elif impl.origin == "copied-specs":
            print(f"  src/{impl.name}: copied, with a -spec of term()s added to each "
                  "exported function that had none: make them precise")
    if not project.sessions:
        print(f"  test/: no `% run:` line in {chor_file}, so the tests only check the "
              "modules; add sessions to them")
    if commit_generated:
        print(f"  {scaffold.OUT_DIR}/: commit it after `rebar3 compile`: a checkout then "
              "builds without choreo-erl until a .chor file changes")
    print(f"next:\n  cd {root}\n  rebar3 compile && rebar3 eunit && rebar3 ct")
    return 0


def _write_mix(root: Path, project, projection, example: bool) -> int:
    """The Mix flavour of `new`: same project model, rendered as a Mix project."""
    from choreo_erl.backends.elixir import mix_project
    from choreo_erl.backends.elixir.emit import ElixirNameError
    from choreo_erl.backends.rebar3 import scaffold

    try:
        files = mix_project.render_project(project, projection, example)
    except (ElixirNameError, mix_project.MixNameError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    scaffold.write_files(root, files)
    mix_project.write_runtime(root)
    mix_project.format_sources(root)
    print(f"created {root}/ (a Mix project) with chor/{project.chor_file}")
    for path in sorted(files):
        if path.startswith("lib/") and "TODO: write" in files[path]:
            print(f"  {path}: a stub; write the functions it defines")
    if not project.sessions:
        print(f"  test/: no `% run:` line in {project.chor_file}, so the tests run no "
              "session; add some")
    if project.commit_generated:
        print("  src/choreo_gen/, lib/choreo_gen/: commit them after `mix compile`: a "
              "checkout then builds without choreo-erl until a .chor file changes")
    print(f"next:\n  cd {root}\n  mix compile && mix test")
    return 0
