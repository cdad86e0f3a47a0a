"""A fast lexer for the grammar's token rules: one compiled regular expression.

ANTLR's Python lexer costs about 5 µs a token, which for a large file is a third of
all parsing. This one yields the same tokens (type, text, offsets, line and column)
as `generated/ChoreoLexer.py`, about five times faster. The grammar stays the one
definition of the syntax:

- The keywords and punctuation are read from the generated lexer's `literalNames`,
  so a literal added to `Choreo.g4` is picked up by `make grammar` alone.
- The other token rules (ATOM, VAR, FLOAT, INT, CHAR, STRING, COMMENT, WS,
  ERROR_CHAR) are transliterated below, one pattern per rule. If the grammar gains
  or loses a non-literal token rule or a fragment, `AVAILABLE` is False and the
  parser uses ANTLR's lexer (tests/test_fast_lexer.py fails until this file is
  updated).
- tests/test_fast_lexer.py asserts that the token stream equals ANTLR's on every
  example and test file and on fuzzed text.

ANTLR's lexer takes the longest match, and the earliest rule on a tie. The pattern
gets the same answer because the rules it has to choose between start with
different characters, except where noted: a word is an ATOM unless it is exactly a
keyword (same length, keyword rules come first); a FLOAT is tried before an INT
(it is longer whenever both match); punctuation is tried longest first.
"""

from __future__ import annotations

import re

from antlr4.Token import CommonToken, Token

from .generated.ChoreoLexer import ChoreoLexer

# The grammar's token rules that are not literals, and the pattern of each.
_RULES = {
    "WS": r"[ \t\r\n\f]+",
    "COMMENT": r"%[^\r\n]*",
    "ATOM_WORD": r"[a-z][a-zA-Z0-9_@]*",
    "VAR": r"[A-Z_][a-zA-Z0-9_@]*",
    "FLOAT": r"[0-9]+(?:_[0-9]+)*\.[0-9]+(?:_[0-9]+)*(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?",
    "INT": r"[0-9]+(?:_[0-9]+)*(?:\#[0-9a-zA-Z]+)?",
    "ATOM_QUOTED": r"'(?:\\[\s\S]|[^'\\\r\n])*'",
    "CHAR": r"\$(?:\\[\s\S]|[^\\])",  # replaced below when the grammar has ESCAPE
    "STRING": r'"(?:\\[\s\S]|[^"\\])*"',
}
_KNOWN = {"ATOM", "VAR", "FLOAT", "INT", "CHAR", "STRING", "COMMENT", "WS", "ERROR_CHAR"}
# The fragments those rules use (inlined in the patterns above), and the patterns
# that depend on which fragments the grammar has: with ESCAPE, CHAR takes Erlang's
# escapes (`$\101`, `$\x41`, `$\x{263A}`, `$\^A`, `$\n`) whole.
_FRAGMENTS = {"DIGITS"}
_OPTIONAL_FRAGMENTS = {
    "ESCAPE": {"CHAR": r"\$(?:\\(?:[0-7]{1,3}|x(?:\{[^}\r\n]*\}|[0-9a-fA-F]{1,2})?"
                       r"|\^[\s\S]|[\s\S])|[^\\])"},
}
_SKIPPED = {"WS", "COMMENT"}
_WORD = re.compile(r"[a-z][a-zA-Z0-9_@]*\Z")
# Characters a punctuation literal may not contain: they start other rules.
_NOT_PUNCT = re.compile(r"[a-zA-Z0-9_'\"$%\s]")


def _literals() -> tuple[dict[str, int], dict[str, int], set[str]] | None:
    """(keywords, punctuation, symbolic names of the other rules) from the generated
    lexer, or None when a literal has a shape this lexer does not handle."""
    keywords: dict[str, int] = {}
    punct: dict[str, int] = {}
    others: set[str] = set()
    names = ChoreoLexer.literalNames
    # The lexer's symbolicNames leave out the implicit literal tokens (T__0, ...): the
    # type of each name is the class attribute of that name.
    symbols = {getattr(ChoreoLexer, n): n for n in ChoreoLexer.symbolicNames[1:]}
    for ttype in range(1, max(len(names) - 1, *symbols) + 1):
        lit = names[ttype] if ttype < len(names) else "<INVALID>"
        if lit == "<INVALID>":
            if ttype not in symbols:
                return None
            others.add(symbols[ttype])
            continue
        if not (lit.startswith("'") and lit.endswith("'")) or "\\" in lit:
            return None
        text = lit[1:-1]
        if _WORD.match(text):
            keywords[text] = ttype
        elif text and not _NOT_PUNCT.search(text):
            punct[text] = ttype
        else:
            return None
    return keywords, punct, others


def _build():
    found = _literals()
    if found is None:
        return None
    keywords, punct, others = found
    if others != _KNOWN:
        return None
    # Every lexer rule that is not a literal must be one of those above (a new
    # fragment means a rule above has changed).
    literal_rules = {n for n in ChoreoLexer.ruleNames if n.startswith("T__")}
    literal_rules |= {n for n in ChoreoLexer.ruleNames
                      if getattr(ChoreoLexer, n, None) in keywords.values()}
    fragments = set(ChoreoLexer.ruleNames) - literal_rules - _KNOWN
    if not _FRAGMENTS <= fragments or not fragments - _FRAGMENTS <= _OPTIONAL_FRAGMENTS.keys():
        return None
    rules = dict(_RULES)
    for fragment in sorted(fragments - _FRAGMENTS):
        rules.update(_OPTIONAL_FRAGMENTS[fragment])
    types = {name: getattr(ChoreoLexer, name) for name in _KNOWN}
    kinds = list(rules.items())
    kinds.append(("PUNCT", "|".join(re.escape(p) for p in sorted(punct, key=len, reverse=True))))
    kinds.append(("ERROR_CHAR", r"[\s\S]"))
    pattern = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in kinds))
    return pattern, keywords, punct, types


_TABLES = _build()
AVAILABLE = _TABLES is not None


class FastToken(CommonToken):
    """A CommonToken whose text is kept (ANTLR's re-reads it from the input stream)."""

    def __init__(self, source, ttype: int, start: int, stop: int, index: int, line: int,
                 column: int, text: str) -> None:
        self.source = source
        self.type = ttype
        self.channel = Token.DEFAULT_CHANNEL
        self.start = start
        self.stop = stop
        self.tokenIndex = index
        self.line = line
        self.column = column
        self._text = text


def tokenize(text: str, input_stream=None) -> list[Token]:
    """The tokens ANTLR's lexer gives for `text` (skipped ones left out), EOF last.

    `input_stream` is the ANTLR InputStream the tokens point back at (for `getText`).
    """
    assert _TABLES is not None, "check AVAILABLE first"
    pattern, keywords, punct, types = _TABLES
    source = (None, input_stream)
    atom, var, flt, integer = types["ATOM"], types["VAR"], types["FLOAT"], types["INT"]
    char, string, error = types["CHAR"], types["STRING"], types["ERROR_CHAR"]
    kind_types = {"VAR": var, "FLOAT": flt, "INT": integer, "ATOM_QUOTED": atom,
                  "CHAR": char, "STRING": string, "ERROR_CHAR": error}
    tokens: list[Token] = []
    append = tokens.append
    line, line_start = 1, 0
    for m in pattern.finditer(text):
        kind = m.lastgroup
        value = m.group()
        start = m.start()
        if kind == "WS" or kind == "COMMENT":
            newlines = value.count("\n")
            if newlines:
                line += newlines
                line_start = start + value.rindex("\n") + 1
            continue
        if kind == "ATOM_WORD":
            ttype = keywords.get(value, atom)
        elif kind == "PUNCT":
            ttype = punct[value]
        else:
            ttype = kind_types[kind]
        append(FastToken(source, ttype, start, start + len(value) - 1, len(tokens), line,
                         start - line_start, value))
        if kind == "STRING" or kind == "CHAR" or kind == "ERROR_CHAR" \
                or kind == "ATOM_QUOTED":
            newlines = value.count("\n")
            if newlines:
                line += newlines
                line_start = start + value.rindex("\n") + 1
    end = len(text)
    eof = FastToken(source, Token.EOF, end, end - 1, len(tokens), line, end - line_start,
                    "<EOF>")
    append(eof)
    return tokens
