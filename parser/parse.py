"""`parse(source) -> Program`: text to AST, or a `ChoreoError` with located diagnostics."""

from __future__ import annotations

from antlr4 import CommonTokenStream, InputStream
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.error.Errors import ParseCancellationException
from antlr4.error.ErrorStrategy import BailErrorStrategy, DefaultErrorStrategy

from choreo_erl.core.diagnostics import ChoreoError, Diagnostic
from choreo_erl.core.source import Source, Span

from . import fast_lexer
from .ast import Program
from .build_ast import AstBuilder
from .fast_parser import FastParser, TokenList
from .generated.ChoreoLexer import ChoreoLexer
from .generated.ChoreoParser import ChoreoParser
from .syntax_errors import FirstSyntaxError, SyntaxErrorCollector

MAX_NESTING = 1000


def parse_source(source: Source) -> Program:
    """Parse a whole file. Raises ChoreoError on any syntax error."""
    tree = _parse_tree(source.text)
    if isinstance(tree, Diagnostic):
        raise ChoreoError([tree])
    builder = AstBuilder(source.path)
    program = builder.program(tree)
    if builder.errors:
        raise ChoreoError(builder.errors)
    return program


def parse_text(text: str, path: str = "<string>") -> Program:
    return parse_source(Source(path, text))


def _parse_tree(text: str):
    depth_error = _check_nesting(text)
    if depth_error is not None:
        return depth_error
    # Two-stage parsing. First the fast lexer and SLL prediction (fast_parser.py),
    # which accept almost every valid file; on any failure, ANTLR's own lexer and
    # full LL parsing with error reporting, so that errors read as they always did.
    if fast_lexer.AVAILABLE:
        try:
            return FastParser(TokenList(fast_lexer.tokenize(text))).program()
        except ParseCancellationException:
            return _parse_tree_ll(text, sll_first=False)
    return _parse_tree_ll(text, sll_first=True)


def _parse_tree_ll(text: str, sll_first: bool):
    """ANTLR's stock lexer and parser: SLL (if asked), then full LL with error reporting."""
    tokens = CommonTokenStream(ChoreoLexer(InputStream(text)))
    tokens.tokenSource.removeErrorListeners()
    parser = ChoreoParser(tokens)
    parser.removeErrorListeners()
    if sll_first:
        parser._interp.predictionMode = PredictionMode.SLL
        parser._errHandler = BailErrorStrategy()
        try:
            return parser.program()
        except ParseCancellationException:
            pass
        tokens.seek(0)
        parser.reset()
    collector = SyntaxErrorCollector()
    parser.addErrorListener(collector)
    parser._interp.predictionMode = PredictionMode.LL
    parser._errHandler = DefaultErrorStrategy()
    try:
        tree = parser.program()
    except FirstSyntaxError:
        pass
    if collector.first is not None:
        return collector.first
    return tree


def _check_nesting(text: str) -> Diagnostic | None:
    """Reject absurd nesting up front: a clear error beats a parser lost in recursion.

    Line by line: a line with no string, comment or backslash, whose brackets cannot
    take the depth past the limit, is counted with `str.count`; any other line is
    scanned character by character (`_scan_line`).
    """
    state = [0, False, ""]  # depth, in a string, previous character
    lines = text.split("\n")
    last = len(lines) - 1
    for number, line in enumerate(lines, 1):
        if not state[1] and '"' not in line and "%" not in line and "\\" not in line:
            opens = line.count("{") + line.count("(") + line.count("[")
            if state[0] + opens <= MAX_NESTING:
                state[0] += opens - line.count("}") - line.count(")") - line.count("]")
                state[2] = "\n"
                continue
        error = _scan_line(line if number - 1 == last else line + "\n", number, state)
        if error is not None:
            return error
    return None


def _scan_line(line: str, number: int, state: list) -> Diagnostic | None:
    depth, in_string, prev = state
    in_comment = False
    col = 0
    for ch in line:
        col += 1
        if ch == "\n":
            in_comment = False
        elif in_comment:
            pass
        elif in_string:
            if ch == '"' and prev != "\\":
                in_string = False
        elif ch == "%":
            in_comment = True
        elif ch == '"':
            in_string = True
        elif ch in "{([":
            depth += 1
            if depth > MAX_NESTING:
                return Diagnostic(
                    "E0008", f"nesting deeper than {MAX_NESTING} levels",
                    Span(number, col, number, col),
                    hint="split the choreography into smaller ones and call them")
        elif ch in "})]":
            depth -= 1
        prev = ch if prev != "\\" else ""
    state[:] = [depth, in_string, prev]
    return None
