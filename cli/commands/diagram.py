"""`choreo-erl diagram`: a choreography as a Mermaid or PlantUML sequence diagram."""

from __future__ import annotations

import sys
from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoErlError
from choreo_erl.pipeline import Compilation

from .report import fail


def run_diagram(file: Path, choreography: str | None, fmt: str, out: Path | None) -> int:
    try:
        text = Compilation.read(file).diagram_text(choreography, fmt)
    except ChoreoErlError as exc:
        return fail(exc)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    return 0
