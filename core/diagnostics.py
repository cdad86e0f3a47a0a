"""Located errors in the style of rustc and Elm: code, title, quoted line, caret, hint.

Every stage reports problems as `Diagnostic` values; `ChoreoError` carries a list of
them so that a file's errors are reported together, in source order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from choreo_erl.core.source import Source, Span


@dataclass(frozen=True)
class Note:
    """A secondary place that explains the error, e.g. where a variable is bound."""

    message: str
    span: Span | None = None


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    span: Span
    hint: str | None = None
    notes: tuple[Note, ...] = field(default_factory=tuple)
    severity: str = "error"

    def render(self, source: Source) -> str:
        """`FILE:LINE:COL: error[CODE]: message`, the quoted line, a caret, notes and hint."""
        out = [f"{source.path}:{self.span.line}:{self.span.col}: {self.severity}[{self.code}]: "
               f"{self.message}"]
        out.extend(_quote(source, self.span))
        pad = " " * (len(str(self.span.line)) + 1)
        for note in self.notes:
            where = f" (line {note.span.line})" if note.span and note.span.line else ""
            out.append(f"{pad}= note: {note.message}{where}")
        if self.hint:
            out.append(f"{pad}= hint: {self.hint}")
        return "\n".join(out)

    def to_json(self, source: Source) -> dict:
        return {
            "file": source.path,
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


class ChoreoError(Exception):
    """Raised by a stage that found problems in the input; holds every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.span.line, d.span.col))
        super().__init__("; ".join(d.message for d in self.diagnostics))


def render_all(diagnostics: list[Diagnostic], source: Source) -> str:
    return "\n\n".join(d.render(source) for d in diagnostics)


def to_json(diagnostics: list[Diagnostic], source: Source) -> str:
    return json.dumps([d.to_json(source) for d in diagnostics], indent=2)
