"""`choreo-erl check`: the front end, and with --explain the knowledge of choice."""

from __future__ import annotations

from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoError

from ..pipeline import SourceError, front_end, read_source
from .report import Reporter


def run_check(files: list[Path], fmt: str, explain: bool, strict_choice: bool) -> int:
    reporter = Reporter(fmt)
    for path in files:
        try:
            source = read_source(path)
        except SourceError as exc:
            reporter.report(exc.source, [exc.diagnostic])
            continue
        try:
            program = front_end(source)
        except ChoreoError as exc:
            reporter.report(source, exc.diagnostics)
            continue
        reporter.warn(source, program)
        if explain or strict_choice:
            from choreo_erl.core.deep import run_deep
            from choreo_erl.projector.project import project_program

            try:
                projection = run_deep(
                    lambda p=program: project_program(p, strict_choice=strict_choice))
            except ChoreoError as exc:
                reporter.report(source, exc.diagnostics)
                continue
            if explain and fmt == "text":
                from choreo_erl.projector.explain import explain_choices

                print(run_deep(lambda p=projection, s=source: explain_choices(s.path, p)))
            elif explain:
                from choreo_erl.projector.explain import explain_json

                reporter.items.extend(explain_json(source.path, projection))
    reporter.finish()
    return 1 if reporter.errors else 0
