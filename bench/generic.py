"""A choreography compiled by the generic back end alone, as the benchmarks need it to
measure what the direct back end saves (the CLI picks the direct back end when it can)."""

from __future__ import annotations

from pathlib import Path


def generic_sources(path: Path, text: str) -> dict[str, str]:
    """Writes `text` to `path` and returns the Erlang modules of its choreographies,
    every one compiled by the generic back end: {file name: source}."""
    from choreo_erl.backends.erlang.emit import emit_program
    from choreo_erl.core.source import Source
    from choreo_erl.pipeline import front_end
    from choreo_erl.projector.project import project_program

    path.write_text(text)
    program = front_end(Source(str(path), text))
    return emit_program(project_program(program), str(path), generic_only=True)
