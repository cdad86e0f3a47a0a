"""`choreo-erl new`: a rebar3 application around a choreography, wired to the plugin."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoErlError, ScaffoldError
from choreo_erl.core.source import Source
from choreo_erl.pipeline import Compilation

from .report import fail


def choreo_erl_executable() -> str | None:
    """The absolute path of this choreo-erl, to write into rebar.config."""
    argv0 = Path(sys.argv[0])
    candidates = [argv0] if argv0.name == "choreo-erl" else []
    candidates.append(Path(sys.executable).parent / "choreo-erl")
    found = shutil.which("choreo-erl")
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file():
            return str(path.absolute())
    return None


def run_new(name: str, from_file: Path | None, parent: Path) -> int:
    from choreo_erl.backends.rebar3 import scaffold

    try:
        scaffold.check_name(name)
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
            executable=choreo_erl_executable(), roots=compilation.roots)
    except ChoreoErlError as exc:
        return fail(exc)

    scaffold.write_files(root, scaffold.render_project(project))
    scaffold.copy_plugin(root)

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
    if project.executable is None:
        print("  note: choreo-erl's own path is unknown; the plugin will look for "
              "`choreo-erl` on the PATH (or set CHOREO_ERL)")
    print(f"next:\n  cd {root}\n  rebar3 compile && rebar3 eunit && rebar3 ct")
    return 0
