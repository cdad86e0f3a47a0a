"""Hostile inputs for `import` and `run --args`, shared by the fuzzer (`make fuzz`) and
the property tests: damaged Mermaid diagrams full of entities and line terminators, and
argument texts full of code. Each `run_*` answers how the input was handled or raises
FrontEndBug when the tool misbehaved."""

from __future__ import annotations

import random
from pathlib import Path

from tests.support.mutations import FrontEndBug

# Text that would become a statement of the `.chor` if it ever left its comment.
PAYLOADS = ['os:cmd("touch /tmp/choreo_pwned")', "A.x ~> B.y;", "}", "{", "%", ";", "'",
            '"', "choreography evil(A, B) {", "return A.x;", "end", "alt A: x", "else",
            "participant Z", "A->>B: hi", "Note over A: x", "[then]", "within 5"]
# Entities and raw characters that end a line somewhere (Python, Unicode, Erlang, ANTLR).
TERMINATORS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
               "\x00", "\x1b", "\x7f", "\ufeff", "\u200b"]
ENTITIES = [f"#{ord(c)};" for c in TERMINATORS] + [
    "#10;", "#13;", "#010;", "#59;", "#37;", "#lt;", "#gt;", "#quot;", "#amp;", "#nbsp;",
    "#1114112;", "#55296;", "#57343;", "#99999999999999999999;", "#" + "9" * 5000 + ";",
    "#x0A;", "#;", "#-1;"]
MERMAID_WORDS = ["sequenceDiagram", "participant", "actor", "as", "->>", "-->>", "alt",
                 "else", "opt", "loop", "critical", "option", "end", "rect", "box", "Note",
                 "over", "left of", "title", "autonumber", "par", "and", "break", ":",
                 "A", "B", "C", "x", "%%", "---", "\n"]


def hostile_piece(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return rng.choice(ENTITIES)
    if r < 0.5:
        return rng.choice(TERMINATORS)
    if r < 0.75:
        return rng.choice(PAYLOADS)
    if r < 0.85:
        return f"#{rng.randrange(1 << rng.randint(1, 70))};"
    return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 4)))


def damaged_diagram(rng: random.Random, bases: list[str]) -> bytes:
    """A diagram of an example with hostile text put into its lines, lines dropped or
    repeated, Mermaid words in odd places, or random bytes."""
    lines = rng.choice(bases).split("\n")
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(lines))
        r = rng.random()
        labelled = [n for n, line in enumerate(lines) if ":" in line or
                    line.strip().startswith(("alt", "else", "opt", "loop", "critical",
                                             "option", "rect"))]
        if r < 0.45 and labelled:  # into the text of a label: it must stay a comment
            n = rng.choice(labelled)
            lines[n] += "".join(hostile_piece(rng) for _ in range(rng.randint(1, 4)))
        elif r < 0.55:
            at = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:at] + hostile_piece(rng) + lines[i][at:]
        elif r < 0.65:
            del lines[i]
            if not lines:
                lines = [""]
        elif r < 0.75:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif r < 0.9:
            lines.insert(i, " ".join(rng.choice(MERMAID_WORDS)
                                     for _ in range(rng.randint(1, 6))))
        else:
            lines.insert(i, "    alt A: x\n" * rng.randint(1, 600))
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        pos = rng.randrange(len(data) + 1)
        data = data[:pos] + rng.randbytes(rng.randint(1, 8)) + data[pos:]
    return data


def run_import(data: bytes, path: Path) -> str:
    """`choreo-erl import` of `data` in-process: "imported", "unchecked" (imported, but
    the choreography does not check) or "rejected"; FrontEndBug for anything else, or
    for an output line that could end a comment early."""
    from choreo_erl.core.deep import run_deep
    from choreo_erl.core.diagnostics import ChoreoError
    from choreo_erl.core.source import Source
    from choreo_erl.diagrams.mermaid_import import import_mermaid
    from choreo_erl.pipeline import SourceError, front_end, read_source

    path.write_bytes(data)
    try:
        source = read_source(path)
        text = run_deep(lambda: import_mermaid(source))
    except (ChoreoError, SourceError):
        return "rejected"
    except Exception as exc:
        raise FrontEndBug(f"import raised {type(exc).__name__}: {exc}") from exc
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.isprintable():
            raise FrontEndBug(f"line {n} of the imported .chor holds a character that "
                              f"does not print: {line!r}")
    try:
        front_end(Source("imported.chor", text))
    except ChoreoError:
        return "unchecked"
    except Exception as exc:
        raise FrontEndBug(f"checking the import raised {type(exc).__name__}: {exc}") from exc
    return "imported"


# ---------------------------------------------------------------- run --args

ARGS_PIECES = ["#{", "}", "[", "]", "{", "}", "(", ")", "=>", ":=", ",", ".", " ", "alice",
               "bob", "'q x'", "1", "-2", "3.5", "$a", '"s"', "<<", ">>", "<<\"b\">>",
               "os:cmd(\"touch MARKER\")", "file:write_file(\"MARKER\", <<>>)",
               "fun() -> os:cmd(\"touch MARKER\") end", "begin", "end", "case", "of",
               "->", "X", "_", "||", "<-", "lists:seq(1, 3)", "erlang:halt()", "#a{}",
               "-eval", "+pc", "%", "\n", "\\", "'", '"', "é", "\u2028", "2#101", "16#ff"]


VALUES = ["1", "-2", "3.5", "book", "'q x'", '"s"', '<<"b">>', "[]", "{a, 1}", "#{k => v}",
          "$a", "2#101", "\"é\"", "[1 | 2]"]


def args_text(rng: random.Random, marker: Path) -> str:
    if rng.random() < 0.4:  # a map of roles, some of its values hostile
        entries = []
        for role in rng.sample(["alice", "bob", "carol", "'Odd role'", "1"], rng.randint(0, 3)):
            values = [rng.choice(VALUES if rng.random() < 0.8 else ARGS_PIECES)
                      for _ in range(rng.randint(0, 3))]
            value = ", ".join(values)
            entries.append(f"{role} => " + (f"[{value}]" if rng.random() < 0.8 else value))
        text = "#{" + ", ".join(entries) + "}"
    else:
        text = "".join(rng.choice(ARGS_PIECES) for _ in range(rng.randint(0, 14)))
    return text.replace("MARKER", str(marker))


def erlang_string(text: str) -> str:
    """`text` as an Erlang list of code points (no quoting to get wrong)."""
    return "[" + ",".join(str(ord(c)) for c in text) + "]"


def run_args(vm, text: str, marker: Path) -> str:
    """`choreo_cli:parse_args/1` on `text` in `vm`: "term" or "error"; FrontEndBug when
    it raises, answers something else, or when anything in the text ran."""
    from tests.support.erlang_vm import ErlangError

    expr = (f"case choreo_cli:parse_args({erlang_string(text)}) of "
            "{ok, M} when is_map(M) -> term; {error, E} -> lists:flatten(E) =/= [] end")
    try:
        answer = vm.eval(expr, timeout=30)
    except ErlangError as exc:
        raise FrontEndBug(f"parse_args raised on {text!r}: {exc}") from exc
    if marker.exists():
        raise FrontEndBug(f"--args {text!r} ran code")
    if answer not in ("term", "true"):
        raise FrontEndBug(f"parse_args answered {answer} on {text!r}")
    return "term" if answer == "term" else "error"
