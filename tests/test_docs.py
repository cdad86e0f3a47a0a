"""The documentation shows what the tool does: every command, error and Erlang shell
session shown in README.md and docs/*.md is run, and its output compared with the text
of the docs, so that they cannot drift apart.

What is run is found in the Markdown itself:

- a fenced block whose first line starts with `$ ` is a shell session: each `$ command`
  runs (bash, in a scratch directory of its document, with the examples of
  ../shared/examples, `examples/` and tests/docs_fixtures/ in it), and the lines up to the
  next `$ ` are its output (standard output and standard error, as a terminal shows);
- a block with `1> expr.` prompts is an Erlang shell session: its prompts are evaluated
  in one Erlang VM (bindings kept from prompt to prompt) with the examples built, after
  the document's shell sessions, and each value is compared with the text after it
  (whitespace, pids and refs aside);
- a block that starts with `FILE.chor:LINE:COL: error[...]` (or `warning[...]`) shows
  what `choreo-erl check FILE.chor` prints (or the command shown as `` `$ command` ``
  in the prose just before it): FILE.chor is one of the examples, else the block just
  before it (the source);
- `<!-- docs-test: file NAME -->` on the line before a block makes the block the file
  NAME of the scratch directory (`login.mmd` in docs/diagrams.md);
- `<!-- docs-test: illustrative: REASON -->` on the line before a block that would be
  run says why it is not (a cluster of nodes, a rebar3 build run by test_rebar3.py).

In expected output, `…` stands for any text. Paths of temporary directories, pids and
refs are normalised.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.examples import EXAMPLES, erlang_example_files, erlang_impl_files

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FIXTURES = Path(__file__).parent / "docs_fixtures"
BIN = Path(sys.executable).parent

_FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
_MARKER = re.compile(r"^\s*<!-- docs-test: (.*?) -->\s*$")
_DIAGNOSTIC = re.compile(r"^(\S+\.(?:chor|mmd)):\d+:\d+: (?:error|warning)\[[EW]\d{4}\]")
_PROMPT = re.compile(r"^(?:\([^)]*\))?(\d+)> (.*)$")


@dataclass
class Block:
    doc: Path
    line: int  # of the opening fence
    lang: str
    text: str
    marker: str | None
    lead: str = ""  # the prose between the previous block and this one

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"

    @property
    def kind(self) -> str:
        lines = self.text.splitlines()
        first = next((x for x in lines if x.strip()), "")
        if first.startswith("$ "):
            return "shell"
        if any(_PROMPT.match(x) for x in lines) and self.lang in ("erlang", ""):
            return "erlang"
        if _DIAGNOSTIC.match(first):
            return "diagnostic"
        return "text"


def blocks(doc: Path) -> list[Block]:
    out: list[Block] = []
    lines = doc.read_text(encoding="utf-8").splitlines()
    i = end = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang, start = len(m.group(1)), m.group(2), i
        body: list[str] = []
        i += 1
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            line = lines[i]
            body.append(line[indent:] if not line[:indent].strip() else line.lstrip())
            i += 1
        i += 1
        before = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        marker = _MARKER.match(before)
        out.append(Block(doc, start + 1, lang, "\n".join(body) + "\n",
                         marker.group(1) if marker else None, "\n".join(lines[end:start])))
        end = i
    return out


# ---------------------------------------------------------------- comparing


def normalise(text: str, scratch: Path | None = None) -> str:
    if scratch is not None:
        text = text.replace(str(scratch) + "/", "").replace(str(scratch), ".")
    text = re.sub(r"/tmp/choreo-run-\w+", "/tmp/choreo-run-…", text)
    lines = [x.rstrip() for x in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def matches(expected: str, actual: str) -> bool:
    """`actual` is `expected`, where `…` in `expected` stands for any text."""
    pattern = ".*?".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, actual, re.S) is not None


def erlang_value(text: str) -> str:
    text = re.sub(r"#Ref<[\d.]+>", "#Ref<>", text)
    text = re.sub(r"<\d+\.\d+\.\d+>", "<pid>", text)
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- running


def scratch_dir(tmp: Path) -> set[str]:
    """Fills `tmp` with the examples of the shared corpus (with errors/), `examples/` of
    the repository and the docs' own fixtures: the files the docs' commands name. Returns
    their names."""
    for path in sorted(EXAMPLES.glob("*.chor")) + sorted(EXAMPLES.glob("*.erl")):
        shutil.copy(path, tmp)
    shutil.copytree(EXAMPLES / "errors", tmp / "errors")
    shutil.copytree(ROOT / "examples", tmp / "examples")
    for path in sorted(FIXTURES.iterdir()):
        if path.is_dir():
            shutil.copytree(path, tmp / path.name)
        else:
            shutil.copy(path, tmp)
    return {str(p.relative_to(tmp)) for p in tmp.rglob("*")}


def run_shell(block: Block, scratch: Path) -> list[tuple[str, str, str]]:
    """(command, expected, actual) for each `$ command` of a shell session."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    # `$ erl -pa ebin` opens the Erlang shell whose session the next block shows: that
    # session runs in the docs' Erlang VM.
    steps = [(cmd, want) for cmd, want in steps if not re.match(r"erl(\s|$)", cmd)]
    sep = "@@docs-test-step@@"
    script = "".join(f"{cmd}\n__rc=$?\nprintf '\\n{sep}\\n'\n(exit $__rc)\n"
                     for cmd, _ in steps)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    res = subprocess.run(["bash", "-c", script], cwd=scratch, env=env, timeout=600,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    outputs = res.stdout.decode("utf-8", "replace").split(f"\n{sep}\n")
    return [(cmd, normalise("\n".join(want)), normalise(got, scratch))
            for (cmd, want), got in zip(steps, outputs, strict=False)]


def prompts(block: Block) -> list[tuple[str, str]]:
    """(expression, expected value) of each `N> expr.` of an Erlang shell session."""
    out: list[tuple[list[str], list[str]]] = []
    in_expr = False
    for line in block.text.splitlines():
        m = _PROMPT.match(line)
        if m:
            out.append(([m.group(2)], []))
            in_expr = not _ends_expression(m.group(2))
        elif out and in_expr:
            out[-1][0].append(line)
            in_expr = not _ends_expression(line)
        elif out:
            out[-1][1].append(line)
    return [(" ".join(_strip_comment(x) for x in expr).strip().removesuffix("."),
             "\n".join(want)) for expr, want in out]


def _strip_comment(line: str) -> str:
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote and line[i - 1] != "\\":
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "%":
            return line[:i]
    return line


def _ends_expression(line: str) -> bool:
    return _strip_comment(line).rstrip().endswith(".")


# The shell's `flush()`: the messages waiting for the shell, shown as "Shell got ...".
FLUSH = ("{docs_test_flush, (fun DocsTestFlush(Acc) -> receive M -> DocsTestFlush([M | Acc]) "
         "after 0 -> lists:reverse(Acc) end end)([])}")


def run_erlang(vm, block: Block) -> list[tuple[str, str, str]]:
    """Each prompt of the session evaluated in turn with the bindings of the ones before;
    (expression, expected, actual)."""
    steps = prompts(block)
    names = [f"DocsTestValue{n}" for n in range(len(steps))]
    body = ", ".join(f"{name} = ({FLUSH if expr == 'flush()' else expr})"
                     for name, (expr, _) in zip(names, steps, strict=True))
    shown = ("binary:encode_hex(unicode:characters_to_binary(lists:join(\"\\n@@\\n\", "
             "[case V of {docs_test_flush, Ms} -> "
             "[[io_lib:format(\"Shell got ~tp~n\", [M]) || M <- Ms], \"ok\"]; "
             f"_ -> io_lib:format(\"~tp\", [V]) end || V <- [{', '.join(names)}]])))")
    text = vm.eval(f"begin {body}, {shown} end", timeout=120)
    values = bytes.fromhex(text.strip('<>"')).decode("utf-8").split("\n@@\n")
    return [(expr, want, got) for (expr, want), got in zip(steps, values, strict=True)]


@pytest.fixture(scope="module")
def docs_vm(tmp_path_factory):
    """One Erlang VM with every example built, role families' included (and their
    implementation modules)."""
    from choreo_erl.pipeline import compile_file
    from tests.support.erlang_vm import ErlangVM, erlc

    src = tmp_path_factory.mktemp("docs_src")
    ebin = tmp_path_factory.mktemp("docs_ebin")
    for chor in erlang_example_files():
        for name, text in compile_file(chor).items():
            (src / name).write_text(text, encoding="utf-8")
    res = erlc(sorted(src.glob("*.erl")) + erlang_impl_files(), ebin, strict=False)
    assert res.returncode == 0, res.stdout + res.stderr
    vm = ErlangVM([tmp_path_factory.mktemp("docs_eval"), ebin])
    yield vm
    vm.close()


# ---------------------------------------------------------------- the tests


def test_every_block_that_shows_a_command_is_run_or_marked():
    """Most blocks run here; a block shown but not run says why, and one that names the
    test module that runs its steps (a rebar3 or Mix build) must name a real one."""
    run = illustrative = 0
    tests = Path(__file__).parent
    for doc in DOCS:
        for block in blocks(doc):
            if block.marker and block.marker.startswith("illustrative"):
                assert re.match(r"illustrative: \S", block.marker), \
                    f"{block.where}: say why the block is illustrative"
                named = re.search(r"tests/(test_\w+\.py)", block.marker)
                if named:
                    assert (tests / named.group(1)).exists(), f"{block.where}: no {named[0]}"
                else:
                    illustrative += 1
            elif block.kind in ("shell", "erlang", "diagnostic"):
                run += 1
    assert run >= 60 and illustrative <= run // 4, (run, illustrative)


@pytest.mark.erlang
@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_docs_show_what_the_tool_does(doc, tmp_path, docs_vm):
    scratch = tmp_path
    given = scratch_dir(scratch)
    wrong: list[str] = []
    previous: Block | None = None
    sessions: list[Block] = []
    for block in blocks(doc):
        marker = block.marker or ""
        if marker.startswith("illustrative"):
            pass
        elif marker.startswith("file "):
            (scratch / marker[5:].strip()).write_text(block.text, encoding="utf-8")
        elif block.kind == "shell":
            for cmd, want, got in run_shell(block, scratch):
                if not matches(want, got):
                    wrong.append(f"{block.where}: $ {cmd}\n--- docs\n{want}\n--- tool\n{got}")
        elif block.kind == "erlang":
            first = int(_PROMPT.match(next(x for x in block.text.splitlines()
                                           if _PROMPT.match(x))).group(1))
            if first > 1 and sessions:  # the same shell session, continued
                sessions[-1] = Block(doc, sessions[-1].line, "erlang",
                                     sessions[-1].text + block.text, None)
            else:
                sessions.append(block)
        elif block.kind == "diagnostic":
            name = _DIAGNOSTIC.match(block.text).group(1)
            if name not in given:  # else one of the examples
                assert previous is not None, f"{block.where}: no source before the error"
                (scratch / name).write_text(previous.text, encoding="utf-8")
            shown = re.search(r"`\$ (choreo-erl [^`]*)`", block.lead)
            command = shown.group(1) if shown else f"choreo-erl check {name}"
            (cmd, want, got), = run_shell(
                Block(doc, block.line, "", f"$ {command}\n{block.text}", None), scratch)
            if not matches(want, got):
                wrong.append(f"{block.where}: (the block above as {name})\n--- docs\n{want}"
                             f"\n--- tool\n{got}")
        previous = block
    for block in sessions:
        for expr, want, got in run_erlang(docs_vm, block):
            if not matches(erlang_value(want), erlang_value(got)):
                wrong.append(f"{block.where}: {expr}.\n--- docs\n{want}\n--- erl\n{got}")
    assert not wrong, "\n\n".join(wrong)


def test_every_diagnostic_code_is_documented():
    """Each code the tool can report is in the table of docs/language.md (E0xxx, W0xxx)
    or docs/diagrams.md (E1xxx, `import`)."""
    code = re.compile(r"[\"\[]([EW]\d{4})[\"\]]")
    produced: set[str] = set()
    for package in ("core", "parser", "checks", "projector", "backends", "diagrams", "cli"):
        for path in (ROOT / package).rglob("*.py"):
            if "generated" not in path.parts:
                produced |= set(code.findall(path.read_text(encoding="utf-8")))
    tables = {doc: set(re.findall(r"^\| \[?([EW]\d{4})\]?", (ROOT / "docs" / doc).read_text(),
                                  re.M))
              for doc in ("language.md", "diagrams.md")}
    missing = sorted(c for c in produced
                     if c not in tables["diagrams.md" if c.startswith("E1") else "language.md"])
    assert len(produced) > 40 and not missing, missing
