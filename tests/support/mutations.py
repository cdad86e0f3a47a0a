"""Mutation helpers shared by the fuzz tests (hypothesis) and `python -m tests.fuzz_frontend`.

A source text is cut into tokens with the whitespace/comments before each one kept
(`Tokens`), so that a mutated text keeps the layout of the original wherever it was not
touched. A `Mutation` is plain data (an operation and some indices that are taken modulo
the token count), so hypothesis can draw and shrink lists of them and the standalone
fuzzer can draw them from a seeded `random.Random`: the same helpers serve both.

`run_front_end` runs one input through the front end in-process, exactly as
`choreo-erl check` does, and classifies the outcome; it raises only on a bug.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------- tokens

# Mirrors the lexer of parser/Choreo.g4 closely enough for mutation (it need not be
# exact: a mutated text is only an input to the real lexer). Unclosed strings and
# quoted atoms are tokens too, so a truncated text still splits cleanly.
_TOKEN = re.compile(
    r"""
    (?P<gap>(?:\s+|%[^\n]*)+)
  | (?P<string>"(?:\\.|[^"\\])*"?)
  | (?P<qatom>'(?:\\.|[^'\\\n])*'?)
  | (?P<float>\d+(?:_\d+)*\.\d+(?:_\d+)*(?:[eE][+-]?\d+)?)
  | (?P<int>\d+(?:_\d+)*(?:\#[0-9a-zA-Z]+)?)
  | (?P<char>\$(?:\\.|.)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_@]*)
  | (?P<op>=:=|=/=|~>|->|<-|=>|:=|==|/=|=<|>=|\+\+|--|<<|>>|\|\||.)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class Tokens:
    """`gaps[0] toks[0] gaps[1] toks[1] ... gaps[n]`: joining them gives the text back."""

    gaps: tuple[str, ...]
    toks: tuple[str, ...]

    def text(self) -> str:
        out = [self.gaps[0]]
        for tok, gap in zip(self.toks, self.gaps[1:], strict=True):
            out.append(tok)
            out.append(gap)
        return "".join(out)


def tokenize(text: str) -> Tokens:
    gaps: list[str] = [""]
    toks: list[str] = []
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "gap":
            gaps[-1] += m.group()
        else:
            toks.append(m.group())
            gaps.append("")
    return Tokens(tuple(gaps), tuple(toks))


# Tokens of the language, for insertions and replacements.
PUNCTUATION = ("~>", "->", ";", "{", "}", "(", ")", ".", ",", "=", "[", "]", "|", "||",
               "<-", "#", "=>", ":=", ":", "<<", ">>", "/", "+", "-", "*", "++", "--",
               "==", "/=", "=:=", "=/=", "<", ">", "=<", ">=")
KEYWORDS = ("choreography", "if", "else", "case", "when", "return", "checkpoint", "rescue",
            "within", "div", "rem", "and", "or", "xor", "not", "band", "bor", "bxor", "bnot",
            "bsl", "bsr", "andalso", "orelse")
ATOMS = ("ok", "error", "ping", "foo", "self", "length", "lists", "sum", "'quoted atom'",
         "'it''s'", "'\\n'", "c", "gen_server", "erlang", "module", "fun", "receive",
         "main", "greet", "ping_pong")
VARS = ("A", "B", "C", "X", "Y", "Z", "Alice", "Bob", "N", "_", "_Ignored", "X_",
        "Ping", "Pong", "Seller", "Buyer", "Item")
LITERALS = ("0", "1", "42", "-1", "16#ff", "99#zz", "36#z", "1_000", "3.14", "1.0e10",
            "2.5e-3", '"text"', '""', '"esc\\"aped"', "$a", "$\\n", "$ ", "<<\"bin\">>")
ODD = ('"', "'", "$", "\\", "@", "`", "?", "!", "&", "^", "~", "é", "λ", "\u00a0", "\x00",
       "\t", "\n", "%", "\r", "\ufeff", "'unclosed", '"unclosed')
VOCABULARY = PUNCTUATION + KEYWORDS + ATOMS + VARS + LITERALS + ODD


# ---------------------------------------------------------------- mutations

OPS = ("delete", "duplicate", "swap", "swap_adjacent", "replace", "insert", "splice",
       "delete_range", "truncate", "rename", "rename")  # rename twice: more inputs reach
                                                       # the semantic checks


def _kind(tok: str) -> str:
    """Role/variable, atom, or anything else: `rename` swaps names of one kind only."""
    if tok[:1].isupper() or tok[:1] == "_":
        return "var"
    if tok[:1].islower() and tok not in KEYWORDS:
        return "atom"
    return "other"


@dataclass(frozen=True)
class Mutation:
    """One edit of a token list. Indices are reduced modulo the sizes they index."""

    op: str
    i: int = 0
    j: int = 0
    k: int = 0  # an index into VOCABULARY

    def apply(self, gaps: list[str], toks: list[str]) -> None:
        n = len(toks)
        word = VOCABULARY[self.k % len(VOCABULARY)]
        if n == 0:
            if self.op in ("insert", "replace", "duplicate", "splice"):
                toks.append(word)
                gaps.append("")
            return
        i, j = self.i % n, self.j % n
        if self.op == "delete":
            del toks[i]
            gaps[i] += gaps.pop(i + 1)
        elif self.op == "duplicate":
            toks.insert(i, toks[i])
            gaps.insert(i + 1, " ")
        elif self.op == "swap":
            toks[i], toks[j] = toks[j], toks[i]
        elif self.op == "swap_adjacent":
            if n > 1:
                i = min(i, n - 2)
                toks[i], toks[i + 1] = toks[i + 1], toks[i]
        elif self.op == "replace":
            toks[i] = word
        elif self.op == "insert":
            toks.insert(i, word)
            gaps.insert(i + 1, " ")
        elif self.op == "splice":  # copy a run of tokens to another place
            lo, hi = sorted((i, j))
            hi = min(hi, lo + 12)
            run = toks[lo:hi + 1]
            at = (self.k % (n + 1))
            toks[at:at] = run
            gaps[at + 1:at + 1] = [" "] * len(run)
        elif self.op == "delete_range":
            lo, hi = sorted((i, j))
            hi = min(hi, lo + 12)
            del toks[lo:hi + 1]
            merged = "".join(gaps[lo:hi + 2])
            gaps[lo:hi + 2] = [merged]
        elif self.op == "rename":  # a name takes the name of another token of its kind
            kind = _kind(toks[i])
            if kind != "other":
                names = [t for t in toks if _kind(t) == kind]
                pool = names + [v for v in VARS + ATOMS if _kind(v) == kind]
                toks[i] = pool[(self.j + self.k) % len(pool)]
        elif self.op == "truncate":
            del toks[i:]
            del gaps[i + 1:]
        else:
            raise ValueError(self.op)


def mutate(tokens: Tokens, mutations: list[Mutation]) -> str:
    gaps, toks = list(tokens.gaps), list(tokens.toks)
    for m in mutations:
        m.apply(gaps, toks)
    return Tokens(tuple(gaps), tuple(toks)).text()


def random_mutation(rng: random.Random) -> Mutation:
    return Mutation(rng.choice(OPS), rng.randrange(1 << 20), rng.randrange(1 << 20),
                    rng.randrange(len(VOCABULARY)))


def truncate_text(text: str, at: int) -> str:
    return text[: at % (len(text) + 1)]


def mutate_bytes(rng: random.Random, data: bytes, edits: int = 3) -> bytes:
    """Byte-level damage: flips, insertions of odd or invalid UTF-8 bytes, deletions."""
    buf = bytearray(data)
    odd = [b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\x80", b"\x00",
           b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r", b"\n", b"\t", b"\x1b"]
    for _ in range(edits):
        pos = rng.randrange(len(buf) + 1)
        r = rng.random()
        if r < 0.3 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif r < 0.7:
            buf[pos:pos] = rng.choice(odd)
        elif buf:
            del buf[pos:pos + rng.randrange(1, 8)]
    return bytes(buf)


# ---------------------------------------------------------------- deep nesting

HEADER = "choreography deep(A(X), B) {\n"


def nested(kind: str, depth: int) -> str:
    """A choreography nested `depth` levels deep in one of several ways."""
    if kind == "if":
        return (HEADER + "    if A.(X > 0) {\n" * depth + "A.X ~> B.Y;\n"
                + "} else { A.X ~> B.Z; }\n" * depth + "}\n")
    if kind == "else_if":
        return (HEADER + "    if A.(X > 0) { A.X ~> B.Y; } else " * depth
                + "{ A.X ~> B.W; }\n}\n")
    if kind == "case":
        return (HEADER + "    case A.X {\n 1 -> {\n" * depth + "A.X ~> B.Y;\n"
                + "}\n _ -> { A.X ~> B.Z; } }\n" * depth + "}\n")
    if kind == "checkpoint":
        return (HEADER + "    checkpoint {\n" * depth + "A.X ~> B.Y;\n"
                + "} rescue { A.X ~> B.Z; }\n" * depth + "}\n")
    if kind == "tuple":
        return HEADER + "    A." + "{" * depth + "X" + "}" * depth + " ~> B.Y;\n}\n"
    if kind == "tuple_pattern":
        return HEADER + "    A.X ~> B." + "{" * depth + "Y" + "}" * depth + ";\n}\n"
    if kind == "list":
        return HEADER + "    A." + "[" * depth + "X" + "]" * depth + " ~> B.Y;\n}\n"
    if kind == "paren":
        return HEADER + "    A." + "(" * depth + "X" + ")" * depth + " ~> B.Y;\n}\n"
    if kind == "unary":
        return HEADER + "    A.(" + "- " * depth + "X) ~> B.Y;\n}\n"
    if kind == "binary":
        return HEADER + "    A.(" + "X ++ " * depth + "X) ~> B.Y;\n}\n"
    if kind == "call":
        return HEADER + "    A." + "f(" * depth + "X" + ")" * depth + " ~> B.Y;\n}\n"
    if kind == "unclosed":
        return HEADER + "    if A.(X > 0) {\n" * depth + "A.X ~> B.Y;\n"
    raise ValueError(kind)


NESTING_KINDS = ("if", "else_if", "case", "checkpoint", "tuple", "tuple_pattern", "list",
                 "paren", "unary", "binary", "call", "unclosed")


# ---------------------------------------------------------------- running the front end


class FrontEndBug(Exception):
    """The front end did something it must never do on any input."""


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", or the code of the first diagnostic
    seconds: float  # CPU time of this process: what the input costs, however busy the
    wall: float     # machine is (the tests share it); wall time, for the record


def run_front_end(data: bytes | str, path: Path | None = None, project: bool = False) -> Outcome:
    """Read, parse and check one input as `choreo-erl check` does; render what it reports.

    Returns how it went. Raises FrontEndBug (with the original exception as its cause)
    on anything but ChoreoError/SourceError, or on a diagnostic that cannot be shown.
    With `project`, a program that passes the checks is also projected (without
    --strict-choice, projection must not fail).
    """
    from choreo_erl.core.diagnostics import ChoreoError, SourceError
    from choreo_erl.pipeline import Compilation

    if isinstance(data, str):
        data = data.encode("utf-8")
    start, cpu_start = time.perf_counter(), time.process_time()
    own_dir = None
    if path is None:
        own_dir = tempfile.TemporaryDirectory()
        path = Path(own_dir.name) / "input.chor"
    try:
        path.write_bytes(data)
        source = None
        try:
            compilation = Compilation.read(path)
            source = compilation.source
            compilation.run_until("projection" if project else "program")
            kind = "ok"
        except SourceError as exc:
            _show(exc.source, [exc.diagnostic])
            kind = exc.diagnostic.code
        except ChoreoError as exc:
            if source is None:
                raise FrontEndBug("ChoreoError before the file was read") from exc
            if not exc.diagnostics:
                raise FrontEndBug("ChoreoError without diagnostics") from exc
            _show(source, exc.diagnostics)
            kind = exc.diagnostics[0].code
        except FrontEndBug:
            raise
        except BaseException as exc:  # noqa: B036 - anything else is the bug we look for
            raise FrontEndBug(f"{type(exc).__name__}: {exc}") from exc
    finally:
        if own_dir is not None:
            own_dir.cleanup()
    return Outcome(kind, time.process_time() - cpu_start, time.perf_counter() - start)


def _show(source, diagnostics) -> None:
    """Render each diagnostic both ways; each must point into the file and quote it."""
    for d in diagnostics:
        try:
            text = d.render(source)
            json.dumps(d.to_json(source))
        except Exception as exc:
            raise FrontEndBug(f"rendering {d.code} failed: {exc!r}") from exc
        if "Traceback" in text:
            raise FrontEndBug(f"{d.code} shows a traceback")
        last = source.line_count
        if not 1 <= d.span.line <= last:
            raise FrontEndBug(f"{d.code} at {d.span.line}:{d.span.col} is outside the file "
                              f"({last} lines): {d.message}")
        if "^" not in text:
            raise FrontEndBug(f"{d.code} has no caret: {d.message}")
        _caret_under_place(source, d, text)


def _caret_under_place(source, d, text: str) -> None:
    """The first `^` stands under the character at the diagnostic's column."""
    lines = text.split("\n")
    number = f"{d.span.line} | "
    quoted = next((ln for ln in lines[1:] if ln.startswith(number)), None)
    caret = next((ln for ln in lines[1:] if ln.lstrip(" ").startswith("| ")
                  and "^" in ln), None)
    if quoted is None or caret is None:
        raise FrontEndBug(f"{d.code}: the line is not quoted with a caret:\n{text}")
    at = caret.index("^") - caret.index("|") + quoted.index("|")
    want = source.line_text(d.span.line).replace("\t", " ")
    if d.span.col - 1 < len(want):
        shown = quoted[at] if at < len(quoted) else ""
        if shown != want[d.span.col - 1]:
            raise FrontEndBug(f"{d.code}: the caret is under {shown!r}, not under "
                              f"{want[d.span.col - 1]!r} at column {d.span.col}:\n{text}")
