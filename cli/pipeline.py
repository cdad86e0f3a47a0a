"""The stages end to end, for the CLI and the tests: read, parse, check, project, emit."""

from __future__ import annotations

from pathlib import Path

from choreo_erl.core.deep import run_deep
from choreo_erl.core.diagnostics import ChoreoError, Diagnostic
from choreo_erl.core.source import Source, Span
from choreo_erl.parser import ast as A


def read_source(path: str | Path) -> Source:
    """Read a `.chor` file; bytes that are not UTF-8 give a located error."""
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is not part of the text
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        line = prefix.count("\n") + 1
        col = len(prefix) - (prefix.rfind("\n") + 1) + 1
        src = Source(str(path), prefix)
        raise SourceError(src, Diagnostic(
            "E0009", "this file is not valid UTF-8", Span(line, col, line, col),
            hint="save the file as UTF-8")) from None
    return Source(str(path), text)


class SourceError(Exception):
    def __init__(self, source: Source, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.source = source
        self.diagnostic = diagnostic


def front_end(source: Source) -> A.Program:
    """Parse and check; raises ChoreoError with every diagnostic of the file."""

    def work() -> A.Program:
        from choreo_erl.checks.program import check_program
        from choreo_erl.parser.parse import parse_source

        program = parse_source(source)
        errors = check_program(program)
        if errors:
            raise ChoreoError(errors)
        return program

    try:
        return run_deep(work)
    except RecursionError:
        raise ChoreoError([Diagnostic(
            "E0008", "this choreography is nested too deeply to compile", Span(1, 1, 1, 1),
            hint="split it into smaller choreographies and call them")]) from None
