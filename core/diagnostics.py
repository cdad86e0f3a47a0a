"""Located errors in the style of rustc and Elm: code, title, quoted line, caret, hint,
and the one hierarchy of errors choreo-erl reports to its users.

Every stage reports problems as `Diagnostic` values. Every error a user can see is a
`ChoreoErlError` carrying a list of them (so that a file's errors are reported
together, in source order, as text or as JSON):

    ChoreoErlError            the root: `diagnostics`, and the `source` they point into
    ├── ChoreoError           a stage rejected the choreography (E0xxx)
    │   └── SourceError       the file cannot be read as text
    ├── BuildError            Erlang is missing, or erlc rejected what it was given
    ├── ScaffoldError         `new` cannot make the project asked for
    ├── ConfigError           `init` cannot edit a rebar.config safely
    └── UsageError            a command line that names something that is not there
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from choreo_erl.core.source import NO_SPAN, Source, Span


@dataclass(frozen=True)
class Note:
    """A secondary place that explains the error, e.g. where a variable is bound."""

    message: str
    span: Span | None = None


@dataclass(frozen=True)
class Diagnostic:
    """One problem. `code` is None for problems outside the language (a missing tool, a
    project that cannot be made); their span is `NO_SPAN`."""

    code: str | None
    message: str
    span: Span
    hint: str | None = None
    notes: tuple[Note, ...] = field(default_factory=tuple)
    severity: Literal["error", "warning", "note"] = "error"

    def render(self, source: Source | None) -> str:
        """`FILE:LINE:COL: error[CODE]: message`, the quoted line, a caret, notes and hint."""
        kind = f"{self.severity}[{self.code}]" if self.code else self.severity
        if source is None:
            out = [f"{kind}: {self.message}"]
        elif self.span.line < 1:
            out = [f"{source.path}: {kind}: {self.message}"]
        else:
            out = [f"{source.path}:{self.span.line}:{self.span.col}: {kind}: {self.message}"]
            out.extend(_quote(source, self.span))
        pad = " " * (len(str(self.span.line)) + 1)
        for note in self.notes:
            where = f" (line {note.span.line})" if note.span and note.span.line else ""
            out.append(f"{pad}= note: {note.message}{where}")
        if self.hint:
            out.append(f"{pad}= hint: {self.hint}")
        return "\n".join(out)

    def to_json(self, source: Source | None) -> dict:
        return {
            "file": source.path if source is not None else None,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "line": self.span.line,
            "column": self.span.col,
            "end_line": self.span.end_line,
            "end_column": self.span.end_col,
            "hint": self.hint,
            "notes": [
                {"message": n.message, "line": n.span.line if n.span else None,
                 "column": n.span.col if n.span else None}
                for n in self.notes
            ],
        }


_MAX_QUOTE = 160


def _quote(source: Source, span: Span) -> list[str]:
    if span.line < 1:
        return []
    text = source.line_text(span.line).replace("\t", " ")
    if len(text) > _MAX_QUOTE:  # show a window around the column of a very long line
        start = max(0, min(span.col - 1 - _MAX_QUOTE // 2, len(text) - _MAX_QUOTE))
        cut_end = start + _MAX_QUOTE < len(text)
        text = ("…" if start else "") + text[start:start + _MAX_QUOTE] + ("…" if cut_end else "")
        shift = start - (1 if start else 0)
        span = Span(span.line, span.col - shift, span.end_line,
                    max(span.end_col - shift, span.col - shift))
    gutter = " " * len(str(span.line))
    end = span.end_col if span.end_line == span.line else len(text)
    width = max(1, min(end, max(len(text), span.col)) - span.col + 1)
    marker = "^" if width == 1 else "^" * width
    return [
        f"{gutter} |",
        f"{span.line} | {text}",
        f"{gutter} | {' ' * (span.col - 1)}{marker}",
    ]


class ChoreoErlError(Exception):
    """The root of every error choreo-erl reports to its user.

    `diagnostics` are sorted by position; `source` is the text they point into (None
    when they are not about a `.chor` file); `exit_code` is the command's exit status.
    """

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic], source: Source | None = None) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.span.line, d.span.col))
        self.source = source
        super().__init__("; ".join(d.message for d in self.diagnostics))


class _Unlocated(ChoreoErlError):
    """An error about no place in a `.chor` file: one message, maybe a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__([Diagnostic(None, message, NO_SPAN, hint=hint)])
        self.message = message


class ChoreoError(ChoreoErlError):
    """Raised by a stage that found problems in the input; holds every diagnostic."""


class SourceError(ChoreoError):
    """A `.chor` file that cannot be read as text (e.g. bytes that are not UTF-8)."""

    def __init__(self, source: Source, diagnostic: Diagnostic) -> None:
        super().__init__([diagnostic], source)
        self.diagnostic = diagnostic


class BuildError(_Unlocated):
    """Erlang/OTP is missing, or `erlc` rejected the files (`output` is what it said)."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class ScaffoldError(_Unlocated):
    """`choreo-erl new` cannot make the project asked for; the message says why."""


class ConfigError(_Unlocated):
    """A `rebar.config` cannot be edited safely; the message says why."""


class UsageError(_Unlocated):
    """The command line names something that is not there (e.g. a choreography)."""

    exit_code = 2


def render_all(diagnostics: list[Diagnostic], source: Source | None) -> str:
    return "\n\n".join(d.render(source) for d in diagnostics)


def to_json(diagnostics: list[Diagnostic], source: Source | None) -> str:
    return json.dumps([d.to_json(source) for d in diagnostics], indent=2)
