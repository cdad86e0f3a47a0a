"""Every file of ../shared/examples/errors/ is rejected at the place and with the words of its
header (`% expect-error-at:` and `% expect-mentions:`), as the errors README requires.

The checks run the CLI in-process (typer's CliRunner) for speed; one real subprocess run
over the whole corpus checks the exit code and that no traceback is ever shown.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from choreo_erl.main import app
from tests.support.examples import error_files, expected_error

# The shared corpus, and mistakes newcomers make that this repository adds to it.
LOCAL_ERRORS = sorted((Path(__file__).parent / "errors").glob("*.chor"))
ERRORS = error_files() + LOCAL_ERRORS
CLI = Path(sys.executable).with_name("choreo-erl")

# Words of `expect-mentions` that are allowed to appear only in a note or the hint of the
# first diagnostic rather than its title line. Design section 1 asks the unbound-variable
# error to name "where it is bound": that is a note (`Item` is bound at role `Alice`).
NOT_IN_TITLE = {"unbound_variable": {"Alice"}}


@dataclass
class FirstError:
    line: int
    column: int
    code: str
    title: str
    text: str  # the whole first diagnostic: title, quoted line, caret, notes, hint


def first_error(path: Path, stderr: str) -> FirstError:
    """The first diagnostic of a text report (diagnostics are separated by blank lines)."""
    block = stderr.split("\n\n")[0]
    head = re.match(re.escape(str(path)) + r":(\d+):(\d+): error\[(E\d{4})\]: (.*)", block)
    assert head, f"the first line is not `FILE:LINE:COL: error[CODE]: message`:\n{stderr}"
    return FirstError(int(head[1]), int(head[2]), head[3], head[4], block)


def mentions(text: str, word: str) -> bool:
    """`word` occurs as a word of its own (`A` must not be found inside `Alice`)."""
    if re.fullmatch(r"\w+", word):
        return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None
    return word in text


def at_expected_place(path: Path, line: int, column: int) -> bool:
    return any(line == ln and lo <= column <= hi for ln, lo, hi in expected_error(path).places)


def check(*args: str):
    return CliRunner().invoke(app, ["check", *args])


def test_corpus_is_there():
    assert len(ERRORS) - len(LOCAL_ERRORS) >= 10, "the shared error corpus was not found"
    for path in ERRORS:
        expected_error(path)  # every file has a well-formed header


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_error_is_reported_where_and_as_expected(path):
    result = check(str(path))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{path.name}: {result.exception!r}"
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == "", "errors go to stderr"
    err = first_error(path, result.stderr)
    want = expected_error(path)
    assert at_expected_place(path, err.line, err.column), (
        f"{path.name}: first error at {err.line}:{err.column}, expected one of "
        f"{want.places}\n{result.stderr}")
    for word in want.mentions:
        assert mentions(err.text, word), f"{path.name}: {word!r} not in\n{err.text}"
    assert result.stderr.rstrip().splitlines()[-1].startswith("error: ")


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_title_line_carries_the_key_words(path):
    err = first_error(path, check(str(path)).stderr)
    missing = [w for w in expected_error(path).mentions
               if not mentions(err.title, w) and w not in NOT_IN_TITLE.get(path.stem, set())]
    assert not missing, f"{path.name}: the title `{err.title}` does not name {missing}"


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_line_is_quoted_with_a_caret_under_the_place(path):
    err = first_error(path, check(str(path)).stderr)
    lines = err.text.splitlines()
    source_line = path.read_text().splitlines()[err.line - 1].replace("\t", " ")
    gutter = " " * len(str(err.line))
    assert lines[1] == f"{gutter} |", err.text
    assert lines[2] == f"{err.line} | {source_line}", err.text
    caret = lines[3]
    assert caret.startswith(f"{gutter} | "), err.text
    marks = caret[len(gutter) + 3:]
    assert marks.lstrip(" ").startswith("^"), err.text
    assert set(marks.strip()) == {"^"}, err.text
    assert len(marks) - len(marks.lstrip(" ")) + 1 == err.column, \
        f"the caret is not under column {err.column}:\n{err.text}"
    assert any(ln.lstrip().startswith("= hint:") for ln in lines[4:]), \
        f"{path.name}: the error does not say what to do\n{err.text}"


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_json_gives_the_same_first_place(path):
    text = first_error(path, check(str(path)).stderr)
    result = check("--format", "json", str(path))
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert items, "JSON lists no error"
    first = items[0]
    assert (first["line"], first["column"], first["code"]) == (text.line, text.column,
                                                               text.code)
    assert first["file"] == str(path)
    assert first["severity"] == "error"
    assert at_expected_place(path, first["line"], first["column"])
    full = first["message"] + " " + (first["hint"] or "") + " " + " ".join(
        n["message"] for n in first["notes"])
    for word in expected_error(path).mentions:
        assert mentions(full, word), f"{path.name}: {word!r} not in the JSON {first}"


def test_real_process_over_the_whole_corpus():
    """One subprocess for all files: exit 1, each file's error reported, no traceback."""
    proc = subprocess.run([str(CLI), "check", *map(str, ERRORS)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    reported = {}
    for m in re.finditer(r"^(.+\.chor):(\d+):(\d+): error\[E\d{4}\]", proc.stderr, re.M):
        reported.setdefault(m[1], (int(m[2]), int(m[3])))
    for path in ERRORS:
        assert str(path) in reported, f"no error reported for {path.name}"
        assert at_expected_place(path, *reported[str(path)]), (path.name, reported[str(path)])
    count = re.search(r"^error: (\d+) errors? found$", proc.stderr, re.M)
    assert count and int(count[1]) >= len(ERRORS), proc.stderr[-300:]


# What the hint of each local corpus file must say: how to fix it, in the user's terms.
HINTS = {
    "call_with_a_value": ["`B(Args)`", "`B`"],
    "call_with_a_located_value": ["`B(Args)`", "`B`"],
    "if_without_a_role": ["`if A.(X > 1)`"],
    "if_with_the_role_inside": ["`if A.(X > 1)`"],
    "case_without_a_role": ["`case A.(X)`"],
    "semicolon_between_case_clauses": ["remove this `;`"],
    "operation_that_always_fails": ["call a function that raises"],
}


def test_every_local_error_has_its_hint_checked():
    assert sorted(HINTS) == sorted(p.stem for p in LOCAL_ERRORS)


@pytest.mark.parametrize("path", LOCAL_ERRORS, ids=lambda p: p.stem)
def test_newcomer_errors_say_how_to_fix_them(path):
    hint = next(line for line in first_error(path, check(str(path)).stderr).text.splitlines()
                if line.lstrip().startswith("= hint:"))
    for words in HINTS[path.stem]:
        assert words in hint, hint
