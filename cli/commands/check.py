"""`choreo-erl check`: the front end, and with --explain the knowledge of choice."""

from __future__ import annotations

from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoErlError
from choreo_erl.pipeline import Compilation

from .report import Reporter


def run_check(files: list[Path], fmt: str, explain: bool, strict_choice: bool) -> int:
    reporter = Reporter(fmt)
    for path in files:
        try:
            compilation = Compilation.read(path, strict_choice)
            compilation.run_until("program")
        except ChoreoErlError as exc:
            reporter.error(exc)
            continue
        reporter.warn(compilation)
        if explain or strict_choice:
            try:
                projection = compilation.projection
            except ChoreoErlError as exc:
                reporter.error(exc)
                continue
        if explain and fmt == "text":
            from choreo_erl.projector.explain import explain_choices

            print(explain_choices(compilation.source.path, projection))
        elif explain:
            from choreo_erl.projector.explain import explain_json

            reporter.items.extend(explain_json(compilation.source.path, projection))
    reporter.finish()
    return 1 if reporter.errors else 0
