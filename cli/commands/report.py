"""Printing diagnostics for people (rustc style) or tools (JSON)."""

from __future__ import annotations

import json
import sys

from choreo_erl.core.diagnostics import ChoreoErlError, Diagnostic
from choreo_erl.core.source import Source


class Reporter:
    """Collects what a command reports; `finish` prints the JSON list or the summary."""

    def __init__(self, fmt: str = "text") -> None:
        self.fmt = fmt
        self.items: list[dict] = []
        self.errors = 0
        self.warnings = 0

    def report(self, source: Source | None, diagnostics: list[Diagnostic]) -> None:
        for d in diagnostics:
            if d.severity == "error":
                self.errors += 1
            else:
                self.warnings += 1
            if self.fmt == "json":
                self.items.append(d.to_json(source))
            else:
                sys.stderr.write(d.render(source) + ("\n\n" if d.code else "\n"))

    def error(self, exc: ChoreoErlError) -> None:
        """Report every diagnostic of an error."""
        self.report(exc.source, exc.diagnostics)

    def finish(self) -> None:
        if self.fmt == "json":
            sys.stdout.write(json.dumps(self.items, indent=2) + "\n")
        elif self.errors:
            s = "s" if self.errors != 1 else ""
            sys.stderr.write(f"error: {self.errors} error{s} found\n")
        elif self.warnings:
            s = "s" if self.warnings != 1 else ""
            sys.stderr.write(f"warning: {self.warnings} warning{s}\n")

    def warn(self, compilation) -> None:
        """Report the warnings of a program that checks."""
        self.report(compilation.source, compilation.warnings)


def fail(exc: ChoreoErlError, fmt: str = "text") -> int:
    """Report one error that ends a command, and return its exit code.

    Errors in a choreography end with the count of errors found; an error about
    anything else (a missing tool, a project that cannot be made) is its one line."""
    reporter = Reporter(fmt)
    reporter.error(exc)
    if fmt == "json" or any(d.code for d in exc.diagnostics):
        reporter.finish()
    return exc.exit_code
