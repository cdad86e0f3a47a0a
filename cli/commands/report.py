"""Printing diagnostics for people (rustc style) or tools (JSON)."""

from __future__ import annotations

import json
import sys

from choreo_erl.core.diagnostics import Diagnostic
from choreo_erl.core.source import Source


class Reporter:
    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.items: list[dict] = []
        self.errors = 0
        self.warnings = 0

    def report(self, source: Source, diagnostics: list[Diagnostic]) -> None:
        for d in diagnostics:
            if d.severity == "error":
                self.errors += 1
            else:
                self.warnings += 1
            if self.fmt == "json":
                self.items.append(d.to_json(source))
            else:
                sys.stderr.write(d.render(source) + "\n\n")

    def finish(self) -> None:
        if self.fmt == "json":
            sys.stdout.write(json.dumps(self.items, indent=2) + "\n")
        elif self.errors:
            s = "s" if self.errors != 1 else ""
            sys.stderr.write(f"error: {self.errors} error{s} found\n")
        elif self.warnings:
            s = "s" if self.warnings != 1 else ""
            sys.stderr.write(f"warning: {self.warnings} warning{s}\n")

    def warn(self, source: Source, program) -> None:
        """Report the warnings of a program that checks."""
        from choreo_erl.checks.warnings import program_warnings

        self.report(source, program_warnings(program))


def fail_on_input(reporter: Reporter, exc: Exception, source: Source | None) -> int:
    """Report the errors of one input file (unreadable, or rejected by a stage), finish,
    and return exit code 1. `source` is the file's text when it could be read."""
    from ..pipeline import SourceError

    if isinstance(exc, SourceError):
        reporter.report(exc.source, [exc.diagnostic])
    else:
        assert source is not None, "a stage can only reject a file that was read"
        reporter.report(source, exc.diagnostics)  # type: ignore[attr-defined]
    reporter.finish()
    return 1
