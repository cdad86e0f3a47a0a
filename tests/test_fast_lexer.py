"""The fast front end (parser/fast_lexer.py, parser/fast_parser.py) agrees with ANTLR's.

The grammar is the one definition of the syntax: the fast lexer must give exactly the
tokens of the lexer ANTLR generates from it, and the fast SLL pass exactly the AST of
ANTLR's stock parser. Checked on every example, error and test file, on generated
programs, and on fuzzed text built to hit the corners of the token rules.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from antlr4 import CommonTokenStream, InputStream

from choreo_erl.parser import fast_lexer, parse
from choreo_erl.parser.generated.ChoreoLexer import ChoreoLexer
from tests.support.examples import error_files, example_files

ROOT = Path(__file__).resolve().parents[1]


def corpus_files() -> list[Path]:
    own = [p for p in ROOT.rglob("*.chor") if ".venv" not in p.parts]
    return sorted(set(own + example_files() + error_files()))


def antlr_tokens(text: str) -> list[tuple]:
    stream = CommonTokenStream(ChoreoLexer(InputStream(text)))
    stream.tokenSource.removeErrorListeners()
    stream.fill()
    return [_fields(t) for t in stream.tokens]


def fast_tokens(text: str) -> list[tuple]:
    return [_fields(t) for t in fast_lexer.tokenize(text)]


def _fields(t) -> tuple:
    return (t.type, t.text, t.start, t.stop, t.line, t.column, t.tokenIndex, t.channel)


def test_the_fast_lexer_covers_the_grammar() -> None:
    """False would mean Choreo.g4 gained a token rule that fast_lexer.py does not know:
    the parser would still work (on ANTLR's lexer), only slower."""
    assert fast_lexer.AVAILABLE


def test_a_changed_token_rule_switches_the_fast_lexer_off(monkeypatch) -> None:
    """A new fragment (say, escapes inside CHAR) means a transliterated rule changed:
    the fast lexer must not guess, ANTLR's is used until fast_lexer.py is updated."""
    assert fast_lexer._build() is not None
    monkeypatch.setattr(ChoreoLexer, "ruleNames", [*ChoreoLexer.ruleNames, "UNICODE_ESCAPE"])
    assert fast_lexer._build() is None


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_tokens_equal_antlr_on_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert fast_tokens(text) == antlr_tokens(text)


# Pieces that sit at the edges of the token rules: prefixes of longer tokens,
# unfinished strings, atoms and chars, escapes, numbers with `_`, `#`, `.` and
# exponents, keywords inside words, and characters no rule takes.
PIECES = [
    "choreography", "if", "else", "iff", "elsewhere", "case", "when", "return", "rescue",
    "checkpoint", "within", "div", "rem", "andalso", "orelse", "bnot", "bsl", "bor",
    "a", "b_c@d", "A", "_", "_X", "Xy9", "0", "12", "1_000", "1_", "1__2", "16#ff", "16#",
    "2#", "1.5", "1.", "1.e3", "1.5e", "1.5e+", "1.5e-3", "1.5E10", "3.1_4", ".5",
    "'", "'a b'", "'it\\'s'", "'\\n'", "'open", "'a\nb'", "\"", "\"s\"", "\"a\\\"b\"",
    "\"multi\nline\"", "\"\\", "$", "$a", "$\\n", "$\\", "$ ", "$\n", "%", "% comment",
    "%x\ny", "~", "~>", "->", "-", "--", "-->", "=", "==", "=:=", "=/=", "=/", "=<", "=<<",
    "=>", ":=", ":", "::", "<", "<<", "<-", "<<-", ">", ">=", ">>", ">>=", "|", "||",
    "|||", "+", "++", "+++", "/", "/=", "*", "#", "#{", ".", "..", ",", ";", "(", ")",
    "[", "]", "{", "}", "\\", "^", "&", "!", "?", "`", "é", "λx", "\u00a0", "\t", "\r\n",
    "\n", " ", "\f", "\x00", "😀",
    # Erlang's escapes, whole and broken, in chars, strings and atoms.
    "$\\101", "$\\1", "$\\18", "$\\x41", "$\\x4g", "$\\x{263A}", "$\\x{", "$\\x{}",
    "$\\x", "$\\^A", "$\\^", "$\\e", "\"\\x{41}\"", "'\\x41'", "\"\\101\"",
]


def _fuzz_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    files = [p.read_text(encoding="utf-8", errors="replace") for p in corpus_files()]
    for i in range(count):
        if i % 3 == 0 and files:
            # An example with a few characters replaced, inserted or removed.
            text = list(rng.choice(files))
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(text) + 1)
                op = rng.random()
                piece = rng.choice(PIECES)
                if op < 0.4 and at < len(text):
                    text[at:at + 1] = list(piece)
                elif op < 0.7:
                    text[at:at] = list(piece)
                else:
                    del text[at:at + rng.randint(1, 5)]
            texts.append("".join(text))
        else:
            seps = ["", "", " ", "\n"]
            texts.append("".join(rng.choice(PIECES) + rng.choice(seps)
                                 for _ in range(rng.randint(1, 40))))
    return texts


def test_tokens_equal_antlr_on_fuzzed_text() -> None:
    for text in _fuzz_texts(1500, seed=12):
        assert fast_tokens(text) == antlr_tokens(text), repr(text)


def _stock_ast(text: str):
    saved = fast_lexer.AVAILABLE
    fast_lexer.AVAILABLE = False
    try:
        return parse.parse_text(text)
    finally:
        fast_lexer.AVAILABLE = saved


def _valid_texts() -> list[str]:
    from bench.synth import synthesize
    from choreo_erl.core.diagnostics import ChoreoError
    from tests.support.random_chor import generate

    out = []
    for p in corpus_files():
        text = p.read_text(encoding="utf-8", errors="replace")
        try:
            _stock_ast(text)
        except ChoreoError:
            continue
        out.append(text)
    out += [synthesize(300, shape) for shape in ("flat", "modular")]
    out += [generate(seed, "fuzzed")[0] for seed in range(40)]
    return out


def test_the_fast_pass_builds_the_stock_ast() -> None:
    texts = _valid_texts()
    assert len(texts) > 40
    for text in texts:
        assert parse.parse_text(text) == _stock_ast(text)


def test_the_fast_pass_leaves_errors_to_antlr() -> None:
    """Text the fast pass cannot parse is parsed again by ANTLR, with its messages."""
    from choreo_erl.core.diagnostics import ChoreoError

    for text in ["choreography c(A, B) { A.X ~> B.Y }\n",
                 "choreography c(A, B) { A.X -> B.Y; }\n",
                 "choreography c(A, B) { A.\"x ~> B.Y; }\n"]:
        with pytest.raises(ChoreoError) as fast:
            parse.parse_text(text)
        with pytest.raises(ChoreoError) as stock:
            _stock_ast(text)
        assert fast.value.diagnostics == stock.value.diagnostics


def _nesting_reference(text: str):
    """The character-by-character nesting check, as it was before the line fast path."""
    from choreo_erl.core.source import Span

    depth = 0
    line, col = 1, 0
    in_string = in_comment = False
    prev = ""
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
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
            if depth > parse.MAX_NESTING:
                return Span(line, col, line, col)
        elif ch in "})]":
            depth -= 1
        prev = ch if prev != "\\" else ""
    return None


def test_the_nesting_check_finds_the_same_place() -> None:
    rng = random.Random(7)
    pieces = ["{", "(", "[", "}", ")", "]", "\"", "\\", "\\\"", "%", "\n", " ", "x", "{{{{",
              "((((", "% {{{{\n", "\"{{{{\"", "\n\n"]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in corpus_files()]
    for _ in range(400):
        n = rng.choice([50, 500, 3000])
        texts.append("".join(rng.choice(pieces) for _ in range(n)))
        deep = "".join(rng.choice(["{", "(", "[", "{\n", "( "] * 8 + ["\"x\"", "%c\n", "\\"])
                       for _ in range(rng.randint(900, 1300)))
        texts.append(deep)
    too_deep = 0
    for text in texts:
        found = parse._check_nesting(text)
        expected = _nesting_reference(text)
        assert (found.span if found is not None else None) == expected, repr(text[:200])
        too_deep += expected is not None
    assert 50 < too_deep < len(texts) - 50
