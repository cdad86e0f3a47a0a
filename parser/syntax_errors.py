"""Turns ANTLR's syntax errors into located diagnostics that say what to write instead.

ANTLR reports an offending token and the set of tokens it expected; the rules
below recognise the common mistakes (a missing `;`, `->` for `~>`, an unclosed
string) and phrase them the way a person would, in the style of Elm.
"""

from __future__ import annotations

import re

from antlr4.error.ErrorListener import ErrorListener
from antlr4.Token import Token

from choreo_erl.core.diagnostics import Diagnostic
from choreo_erl.core.source import Span

from .generated.ChoreoLexer import ChoreoLexer

# Tokens that may span lines (strings); all others end on the line they start.
_MULTILINE = frozenset({ChoreoLexer.STRING})


def token_span(tok: Token) -> Span:
    if tok.type == Token.EOF:
        return Span(tok.line, tok.column + 1, tok.line, tok.column + 1)
    if tok.type not in _MULTILINE:
        # The length from the offsets: `tok.text` re-reads the input on every call,
        # and spans are taken for every node of the AST.
        end = tok.column + tok.stop - tok.start + 1
        return Span(tok.line, tok.column + 1, tok.line, max(end, tok.column + 1))
    text = tok.text or ""
    lines = text.split("\n")
    end_line = tok.line + len(lines) - 1
    end_col = (tok.column + len(text)) if len(lines) == 1 else len(lines[-1])
    return Span(tok.line, tok.column + 1, end_line, max(end_col, tok.column + 1))


class FirstSyntaxError(Exception):
    """Raised by the collector to stop the parse: only the first error is reported, and
    ANTLR's recovery from deeply nested input costs time quadratic in the depth."""


class SyntaxErrorCollector(ErrorListener):
    """Keeps the first syntax error (later ones are usually its echoes) and stops."""

    def __init__(self) -> None:
        self.first: Diagnostic | None = None

    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):  # noqa: N802
        if self.first is not None:
            raise FirstSyntaxError
        expected: set[str] = set()
        try:
            names = recognizer.literalNames
            for t in recognizer.getExpectedTokens():
                if t == Token.EOF:
                    expected.add("<EOF>")
                elif 0 < t < len(names) and names[t] != "<INVALID>":
                    expected.add(names[t].strip("'"))
                else:
                    expected.add(recognizer.symbolicNames[t])
        except Exception:  # a lexer, or no parser state: nothing expected to report
            pass
        self.first = describe(recognizer, offendingSymbol, line, column, expected)
        raise FirstSyntaxError


_NAMES = {
    "VAR": "a variable or role",
    "ATOM": "an atom",
    "INT": "an integer",
    "STRING": "a string",
    "<EOF>": "the end of the file",
}


def _show(kind: str) -> str:
    return _NAMES.get(kind, f"`{kind}`")


def describe(recognizer, tok: Token | None, line: int, column: int,
             expected: set[str]) -> Diagnostic:
    if tok is None:
        span = Span(line, column + 1, line, column + 1)
        return Diagnostic("E0001", "this text cannot be read", span,
                          hint="check for a stray character here")
    text = tok.text if tok.type != Token.EOF else ""
    span = token_span(tok)
    if tok.type == Token.EOF:
        what = "the file ends here"
        if "}" in expected:
            return Diagnostic("E0001", f"{what}, but a block is still open", span,
                              hint="add the missing `}`")
        return Diagnostic("E0001", f"{what}, but the choreography is not complete", span,
                          hint=_expect_hint(expected))
    sym = recognizer.symbolicNames[tok.type] if tok.type < len(recognizer.symbolicNames) else ""
    if sym == "ERROR_CHAR":
        if text == '"':
            return Diagnostic("E0002", "this string is never closed", span,
                              hint='add the closing `"`')
        return Diagnostic("E0002", f"unexpected character `{text}`", span,
                          hint="remove it; comments start with `%`")
    in_context = _in_context(recognizer, tok, text, span, expected)
    if in_context is not None:
        return in_context
    if text in _OPERATORS and text not in expected:
        located = _located_before(recognizer, tok)
        if located is not None:
            role, primary = located
            return Diagnostic(
                "E0010", f"`{role}.` takes one primary expression; `{text}` cannot follow it",
                span, hint=f"put the whole expression in parentheses: "
                           f"`{role}.({primary} {text} …)`")
    if text == "->" and "->" not in expected:
        return Diagnostic(
            "E0003", "a communication is written with `~>`, not `->`", span,
            hint="write `A.Expr ~> B.Pattern;` to send; `->` only separates a case "
                 "clause's pattern from its block")
    if ";" in expected and text != ";":
        prev = _previous_token(recognizer, tok)
        if prev is not None:
            p = token_span(prev)
            at = Span(p.end_line, p.end_col + 1, p.end_line, p.end_col + 1)
            return Diagnostic("E0004", "expected `;` at the end of this statement", at,
                              hint="every statement ends with `;`")
    if text == ".":
        prev = _previous_token(recognizer, tok)
        if prev is not None and prev.text[:1].islower():
            return Diagnostic("E0005", f"`{prev.text}` cannot be a role: roles start with a "
                              "capital letter", token_span(prev),
                              hint=f"write `{prev.text[:1].upper()}{prev.text[1:]}`")
    if text == "=" and "~>" in expected and ";" not in expected:
        return Diagnostic("E0001", "unexpected `=`", span, hint=_expect_hint(expected))
    if sym == "ATOM" and "VAR" in expected and "ATOM" not in expected:
        return Diagnostic("E0005", f"expected a role or variable, found the atom `{text}`", span,
                          hint="roles and variables start with a capital letter, "
                               f"e.g. `{text[:1].upper()}{text[1:]}`")
    return Diagnostic("E0001", f"unexpected `{text}`", span, hint=_expect_hint(expected))


def _rules(recognizer) -> list:
    """The parser's rule contexts at the error, innermost first."""
    chain, ctx = [], getattr(recognizer, "_ctx", None)
    while ctx is not None:
        chain.append(ctx)
        ctx = ctx.parentCtx
    return chain


def _rule(ctx) -> str:
    return type(ctx).__name__.removesuffix("Context")


def _in_context(recognizer, tok: Token, text: str, span: Span,
                expected: set[str]) -> Diagnostic | None:
    """Mistakes recognised by the rule being parsed: a value passed to a choreography
    call, an `if`/`case` condition at no role, `;` between `case` clauses."""
    chain = _rules(recognizer)
    if not chain:
        return None
    rules = [_rule(c) for c in chain]
    if "ChorCall" in rules[:2]:
        call = chain[rules.index("ChorCall")]
        name = call.ATOM().getText() if call.ATOM() is not None else "the choreography"
        prev = _previous_token(recognizer, tok)
        after_role = text == "." and prev is not None and prev.text[:1].isupper()
        if rules[0] == "CallArg" and "VAR" in expected or after_role:
            return Diagnostic(
                "E0006", f"`{name}` is a choreography: its arguments are roles, not values",
                span, hint="pass each role by name, e.g. `B`; give a role the called "
                           "choreography's start arguments as `B(Args)`, e.g. `B(X, 1)`")
    if rules[0] == "Located" and len(rules) > 1 and rules[1] in ("IfStmt", "CaseStmt") \
            and text != ".":
        keyword = "if" if rules[1] == "IfStmt" else "case"
        condition = _text_until_block(chain[1].start) or "X > 1"
        if condition.startswith("(") and condition.endswith(")"):
            condition = condition[1:-1].strip()
        role = _first_role(chain) or "A"
        located = re.findall(r"(?<![\w.])([A-Z][A-Za-z0-9_@]*)\.(?=[\w(\[{#<'\"])", condition)
        if located:  # `if (A.X > 1)`: the role is written, in the wrong place
            role = located[0]
            condition = re.sub(rf"(?<![\w.]){role}\.(?=[\w(\[{{#<'\"])", "", condition)
        return Diagnostic(
            "E0001", f"the {'condition' if keyword == 'if' else 'value'} of `{keyword}` "
                     "must be computed at a role", span,
            hint=f"write `{keyword} {role}.({condition})`: the role that decides, a dot, "
                 "and the expression in parentheses")
    if rules[0] == "CaseStmt" and text == ";":
        return Diagnostic("E0001", "`case` clauses are not separated by `;`", span,
                          hint="remove this `;`: each clause ends with its `}`")
    return None


def _text_until_block(keyword: Token) -> str:
    """The source text after `keyword` up to the `{` that opens its block."""
    stream = keyword.getInputStream()
    start = keyword.stop + 1
    end = min(stream.size, start + 200)
    depth, i = 0, start
    while i < end:
        ch = stream.getText(i, i)
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "{" and depth <= 0:
            break
        elif ch in "\n;":
            break
        i += 1
    return stream.getText(start, i - 1).strip()


def _first_role(chain) -> str | None:
    for ctx in chain:
        if _rule(ctx) == "Choreography":
            decls = ctx.roleDecl()
            if decls and decls[0].VAR():
                return decls[0].VAR(0).getText()
    return None


_OPERATORS = {"+", "-", "*", "/", "++", "--", "==", "/=", "=<", "<", ">=", ">", "=:=", "=/=",
              "div", "rem", "and", "or", "xor", "band", "bor", "bxor", "bsl", "bsr",
              "andalso", "orelse"}


def _located_before(recognizer, tok: Token) -> tuple[str, str] | None:
    """`(Role, primary text)` when `tok` follows `Role.Primary` on the same line."""
    stream = getattr(recognizer, "_input", None)
    if stream is None:
        return None
    parts: list[Token] = []
    i = tok.tokenIndex - 1
    depth = 0
    while i >= 1 and len(parts) < 40:
        t = stream.get(i)
        if t.channel != Token.DEFAULT_CHANNEL:
            i -= 1
            continue
        if t.text in (")", "}", "]", ">>"):
            depth += 1
        elif t.text in ("(", "{", "[", "<<"):
            depth -= 1
        if depth == 0 and t.text == ".":
            role = stream.get(i - 1)
            if role.text[:1].isupper() and role.line == tok.line and parts:
                first, last = stream.get(i + 1), stream.get(tok.tokenIndex - 1)
                text = first.getInputStream().getText(first.start, last.stop)
                return role.text, text
            return None
        if depth < 0 or t.text in (";", "~>", "=") and depth == 0:
            return None
        parts.append(t)
        i -= 1
    return None


def _expect_hint(expected: set[str]) -> str | None:
    shown = sorted(_show(e) for e in expected)
    if not shown:
        return None
    if len(shown) > 6:
        return "check the syntax here against docs/language.md"
    if len(shown) == 1:
        return f"expected {shown[0]} here"
    return "expected one of " + ", ".join(shown[:-1]) + " or " + shown[-1]


def _previous_token(recognizer, tok: Token) -> Token | None:
    stream = getattr(recognizer, "_input", None)
    if stream is None or tok.tokenIndex <= 0:
        return None
    i = tok.tokenIndex - 1
    while i >= 0:
        prev = stream.get(i)
        if prev.channel == Token.DEFAULT_CHANNEL:
            return prev
        i -= 1
    return None
