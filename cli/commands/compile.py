"""`choreo-erl compile`: write the Erlang modules of each file, touching only changed ones."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoError, Diagnostic
from choreo_erl.core.source import Source

from ..pipeline import SourceError, front_end, read_source
from .report import Reporter


def compile_file(path: Path, strict_choice: bool = False,
                 out_dir: Path | None = None) -> dict[str, str]:
    """The generated modules of one file; raises ChoreoError / SourceError on bad input.

    With `out_dir`, the `-file` attributes name the source relative to it, so the
    output does not depend on the working directory."""
    return compile_source(read_source(path), strict_choice, out_dir)[1]


def compile_source(source: Source, strict_choice: bool = False,
                   out_dir: Path | None = None):
    """(checked program, generated modules) of a file's text; raises ChoreoError."""
    from choreo_erl.backends.erlang.emit import emit_program
    from choreo_erl.backends.erlang.state_machine import Unsupported
    from choreo_erl.core.deep import run_deep
    from choreo_erl.projector.project import project_program

    program = front_end(source)

    def back_end() -> dict[str, str]:
        projection = project_program(program, strict_choice=strict_choice)
        path = source.path if out_dir is None else \
            os.path.relpath(os.path.abspath(source.path), os.path.abspath(out_dir))
        return emit_program(projection, path)

    try:
        return program, run_deep(back_end)
    except Unsupported as exc:
        raise ChoreoError([Diagnostic("E0801", str(exc), exc.span,
                                      hint="see docs/language.md for what each backend supports")
                           ]) from None


def write_if_changed(path: Path, content: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.write_text(content, encoding="utf-8")
    return True


def run_compile(files: list[Path], out: Path, fmt: str, strict_choice: bool) -> int:
    from choreo_erl.backends.erlang.emit import SHARED_MODULES

    reporter = Reporter(fmt)
    outputs: dict[str, str] = {}
    owners: dict[str, Path] = {}
    for path in files:
        try:
            generated = compile_file(path, strict_choice, out)
        except SourceError as exc:
            reporter.report(exc.source, [exc.diagnostic])
            continue
        except ChoreoError as exc:
            reporter.report(read_source(path), exc.diagnostics)
            continue
        for name, text in generated.items():
            shared = name[: -len(".erl")] in SHARED_MODULES
            if name in owners and not shared and owners[name] != path:
                sys.stderr.write(f"{path}: error[E0507]: module `{name[:-4]}` is also generated "
                                 f"from {owners[name]}\n  = hint: rename the choreography "
                                 "or role in one of the files\n")
                reporter.errors += 1
            owners[name] = path
            outputs[name] = text
    if reporter.errors:
        reporter.finish()
        return 1
    out.mkdir(parents=True, exist_ok=True)
    written = [name for name, text in sorted(outputs.items())
               if write_if_changed(out / name, text)]
    if fmt == "text":
        unchanged = len(outputs) - len(written)
        for name in written:
            print(f"wrote {out / name}")
        if unchanged:
            print(f"{unchanged} module{'s' if unchanged != 1 else ''} unchanged")
    reporter.finish()
    return 0
