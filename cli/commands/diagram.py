"""`choreo-erl diagram`: a choreography as a Mermaid or PlantUML sequence diagram."""

from __future__ import annotations

import sys
from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoError

from ..pipeline import SourceError, read_source
from .report import Reporter, fail_on_input


def run_diagram(file: Path, choreography: str | None, fmt: str, out: Path | None) -> int:
    from choreo_erl.diagrams import diagram_of_source

    reporter = Reporter("text")
    source = None
    try:
        source = read_source(file)
        diagram = diagram_of_source(source, choreography)
    except (SourceError, ChoreoError) as exc:
        return fail_on_input(reporter, exc, source)
    except KeyError as exc:
        sys.stderr.write(f"error: {file} has no choreography `{exc.args[0]}`\n")
        return 2
    if fmt == "plantuml":
        from choreo_erl.diagrams.plantuml import render
    else:
        from choreo_erl.diagrams.mermaid import render
    text = render(diagram)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    return 0
