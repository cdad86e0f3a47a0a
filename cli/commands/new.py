"""`choreo-erl new`: a rebar3 (or, with --mix, Mix) application around a choreography,
wired to what regenerates its code."""

from __future__ import annotations

from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoErlError, ScaffoldError
from choreo_erl.core.source import Source
from choreo_erl.pipeline import Compilation

from .report import fail

# Elixir's own applications: a Mix project must not take one of these names.
ELIXIR_APPS = frozenset({"elixir", "mix", "logger", "ex_unit", "iex", "eex"})


def run_new(name: str, from_file: Path | None, parent: Path,
            commit_generated: bool = False, mix: bool = False) -> int:
    from choreo_erl.backends.rebar3 import scaffold

    try:
        scaffold.check_name(name)
        if mix and name in ELIXIR_APPS:
            raise ScaffoldError(f"`{name}` is an application of Elixir: choose another name")
        root = parent / name
        if root.exists():
            raise ScaffoldError(f"{root} already exists: choose another name, or another "
                                "parent directory with --dir")
        if from_file is None:
            chor_file, text = scaffold.example_chor()
            compilation = Compilation(Source(f"chor/{chor_file}", text))
        else:
            compilation = Compilation.read(from_file)
            chor_file, text = from_file.name, compilation.source.text
        compilation.run_until("modules")  # the Erlang back end takes the whole program
        project = scaffold.plan_project(
            name, chor_file, text, compilation.projection,
            impl_dir=from_file.parent if from_file is not None else None,
            roots=compilation.roots, commit_generated=commit_generated)
    except ChoreoErlError as exc:
        return fail(exc)

    if mix:
        return _write_mix(root, project, compilation.projection, from_file is None)
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
    from choreo_erl.backends.rebar3 import scaffold

    try:
        files = mix_project.render_project(project, projection, example)
    except ScaffoldError as exc:  # a name that makes no Elixir module, or a taken one
        return fail(exc)
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
