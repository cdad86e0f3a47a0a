"""`choreo-erl compile`: write the Erlang modules of each file, touching only changed ones."""

from __future__ import annotations

from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoErlError, Diagnostic, Note
from choreo_erl.core.source import Source, Span
from choreo_erl.pipeline import Compilation

from .report import Reporter


def write_if_changed(path: Path, content: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.write_text(content, encoding="utf-8")
    return True


def run_compile(files: list[Path], out: Path, fmt: str, strict_choice: bool,
                elixir_app: str | None = None) -> int:
    from choreo_erl.backends.erlang.emit import SHARED_MODULES

    reporter = Reporter(fmt)
    outputs: dict[str, str] = {}
    # Who generated each module so far: the file's text and where the module comes from
    # (kept instead of the compilation, whose program and projection can then go).
    owners: dict[str, tuple[Source, Span]] = {}
    for path in files:
        try:
            compilation = Compilation.read(path, strict_choice, out_dir=out)
            generated = compilation.modules
            spans = compilation.module_spans
            reporter.warn(compilation)
        except ChoreoErlError as exc:
            reporter.error(exc)
            continue
        source = compilation.source
        for name, text in generated.items():
            module = name[: -len(".erl")]
            if module in SHARED_MODULES:
                outputs[name] = text
                continue
            here = spans.get(module, Span(1, 1, 1, 1))
            first = owners.get(name)
            if first is not None and first[0].path != source.path:
                reporter.report(source, [_clash(module, here, *first)])
            owners[name] = (source, here)
            outputs[name] = text
        if elixir_app is not None:
            from choreo_erl.backends.elixir.emit import emit_elixir

            try:
                outputs.update(emit_elixir(compilation.projection, source.path, elixir_app))
            except ChoreoErlError as exc:  # APP or a name that makes no Elixir module
                reporter.error(exc)
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


def _clash(module: str, here: Span, first: Source, there: Span) -> Diagnostic:
    """E0507: two files generate the same Erlang module."""
    return Diagnostic(
        "E0507", f"module `{module}` is also generated from {first.path}", here,
        notes=(Note(f"{first.path}:{there.line}:{there.col} generates it too"),),
        hint="rename the choreography or role in one of the files")
