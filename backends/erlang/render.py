"""Lays out state-machine functions as Erlang text, keeping `.chor` line numbers.

Each function is preceded by `-file("x.chor", N).` so that compiler messages and
stack traces point at the choreography; inside it, a statement is moved down with
blank lines until it sits on its own source line (when the layout allows), the way
Jinja's code generator keeps its template line map.
"""

from __future__ import annotations

import re

from choreo_erl.core.names import string_literal

from .state_machine import CaseCode, Line

_MAX_PAD = 40
INDENT = "    "


class FunctionWriter:
    def __init__(self, chor_path: str) -> None:
        self.chor_path = string_literal(chor_path)

    def function(self, name: str, params: list[str], body: list, src: int) -> str:
        text_so_far = _code_only(_flatten_text(body))
        params = [_unused_param(p, text_so_far) for p in params]
        first_src = next((s.src for s in body if s.src), src) or src
        preamble = []
        if "Impl_:" in text_so_far:
            preamble = [Line(0, "Impl_ = choreo_runtime:impl(Ctx_)")]
            params = ["Ctx_" if p == "_Ctx" else p for p in params]
        # The attribute's own line counts as N: put the head and any preamble
        # just above the first statement, so that it lands on its .chor line.
        file_line = max(first_src - 2 - len(preamble), 0)
        out = [f"-file({self.chor_path}, {file_line})."]
        out.append(f"{name}({', '.join(params)}) ->")
        self.mapped = file_line + 2
        out.extend(self.body(preamble + body, 1, "."))
        return "\n".join(out)

    def body(self, stmts: list, depth: int, terminator: str) -> list[str]:
        out: list[str] = []
        for i, s in enumerate(stmts):
            end = terminator if i == len(stmts) - 1 else ","
            out.extend(self.pad(s.src))
            if isinstance(s, Line):
                lines = s.text.split("\n")
                for j, ln in enumerate(lines):
                    tail = end if j == len(lines) - 1 else ""
                    out.append(INDENT * depth + ln + tail)
                    self.mapped += 1
            else:
                out.extend(self.case(s, depth, end))
        return out

    def case(self, c: CaseCode, depth: int, end: str) -> list[str]:
        out = [INDENT * depth + c.head]
        self.mapped += 1
        for j, (src, head, body) in enumerate(c.clauses):
            out.extend(self.pad(src - 1 if body and body[0].src == src else src))
            out.append(INDENT * (depth + 1) + head)
            self.mapped += 1
            out.extend(self.body(body, depth + 2, ";" if j < len(c.clauses) - 1 else ""))
        out.append(INDENT * depth + "end" + end)
        self.mapped += 1
        return out

    def pad(self, src: int) -> list[str]:
        if not src or src <= self.mapped or src - self.mapped > _MAX_PAD:
            return []
        n = src - self.mapped
        self.mapped = src
        return [""] * n


# Literals as core.names writes them (one line each, every quote escaped); a char
# first, since `$"` and `$'` hold a quote.
_LITERAL = re.compile(r"""\$(?:\\x\{[0-9A-F]+\}|\\.|.)|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'""")


def _code_only(text: str) -> str:
    """`text` without its literals: a string holding `Impl_:` or `Ctx_` uses neither."""
    return _LITERAL.sub("0", text)


def _flatten_text(body: list) -> str:
    parts = []
    for s in body:
        if isinstance(s, Line):
            parts.append(s.text)
        else:
            parts.append(s.head)
            for _, head, b in s.clauses:
                parts.append(head)
                parts.append(_flatten_text(b))
    return "\n".join(parts)


def _unused_param(param: str, text: str) -> str:
    """`Ctx_` and `Msg_` that the body never reads become `_Ctx` / `_Msg`."""
    if param in ("Ctx_", "Msg_") and param not in text and "Impl_:" not in text:
        return "_" + param[:-1]
    if param == "Msg_" and param not in text:
        return "_Msg"
    return param
