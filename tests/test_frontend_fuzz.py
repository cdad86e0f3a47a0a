"""The front end takes any input: it answers with success or located diagnostics, never with
another exception, a traceback or a hang (design section 6: "a bad input never shows a
Python traceback").

Each property runs a few hundred inputs (CHOREO_FUZZ_EXAMPLES overrides the count);
`make fuzz` (tests/fuzz_frontend.py) runs the same mutations by the hundred thousand.
"""

from __future__ import annotations

import atexit
import os
import random
import shutil
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.main import app
from choreo_erl.pipeline import front_end, read_source
from choreo_erl.projector.project import project_program
from tests.support.examples import error_files, example_files
from tests.support.mutations import (
    NESTING_KINDS,
    OPS,
    VOCABULARY,
    Mutation,
    mutate,
    mutate_bytes,
    nested,
    run_front_end,
    tokenize,
)

MAX_SECONDS = 2.0
HANG_SECONDS = 60
N = int(os.environ.get("CHOREO_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=N, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

EXAMPLES = example_files()
CORPUS = EXAMPLES + error_files()
TEXTS = {p.stem: p.read_text() for p in CORPUS}
TOKENS = {name: tokenize(text) for name, text in TEXTS.items()}
SCRATCH = Path(tempfile.mkdtemp(prefix="choreo-fuzz-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


def answer(data: bytes | str, project: bool = True) -> str:
    """Run the front end on one input; fails the test on a bug or a slow answer.

    Slow means more than MAX_SECONDS of CPU time: wall time would fail on a busy machine.
    A hang (HANG_SECONDS of wall time) fails the test instead of stopping the suite.
    """
    path = SCRATCH / "input.chor"
    outcome = _guarded(data, path, project)
    if outcome.seconds > MAX_SECONDS:  # one retry
        outcome = min(outcome, _guarded(data, path, project), key=lambda o: o.seconds)
    assert outcome.seconds < MAX_SECONDS, \
        f"{outcome.seconds:.2f} s of CPU ({outcome.wall:.2f} s wall) for {data!r:.300}"
    return outcome.kind


def _guarded(data: bytes | str, path: Path, project: bool):
    if not hasattr(signal, "SIGALRM"):
        return run_front_end(data, path, project=project)

    def hang(signum, frame):
        raise TimeoutError(f"no answer after {HANG_SECONDS} s: the front end hangs")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_SECONDS)
    try:
        return run_front_end(data, path, project=project)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


mutations = st.builds(Mutation, st.sampled_from(OPS), st.integers(0, 1 << 20),
                      st.integers(0, 1 << 20), st.integers(0, len(VOCABULARY) - 1))


def test_tokenize_round_trips():
    for name, text in TEXTS.items():
        assert TOKENS[name].text() == text, name


# ---------------------------------------------------------------- raw input


@pytest.mark.parametrize("data", [
    b"", b"\n", b"   \t\r\n", b"% only a comment", b"% comment without newline\n%",
    b"\xef\xbb\xbf", b"\xef\xbb\xbfchoreography a(A, B) { A.ok ~> B.X; }",
    b"\x00", b"\xff", b"\xc3", b"choreography", b"choreography a", b"choreography a(",
    b"choreography a()", b"choreography a(A) {", b"}", b"\"", b"'", b"$", b"$\\",
    b"choreography a(A, B) { A.\"unclosed ~> B.X; }", b"choreography a(A, B) { A.'q ~> B.X; }",
    b"choreography a(A, B) { A.99#zz ~> B.X; }", b"choreography a(A, B) { A.1#0 ~> B.X; }",
    b"choreography 'if'(A, B) { A.ok ~> B.X; }", b"choreography a(A, B) { A.ok ~> B.X }",
    b"\r\n\r\n\xe2\x80\xa8choreography", "choreography λ(A) {}".encode(),
    # based integers outside expressions (they crashed the AST builder with ValueError)
    b"choreography a(A, B) { A.X ~> B.Y within 99#zz; }",
    b"choreography a(A(X), B) { A.X ~> B.Y within 16#ff; }",
    b"choreography a(A, B) { A.<<99#1>> ~> B.Y; }",
    b"choreography a(A(X), B) { A.<<X:37#1>> ~> B.Y; }",
    b"choreography a(A, B) { A[99#zz] ~> B; }",
], ids=repr)
def test_edge_inputs(data):
    answer(data)


@pytest.mark.parametrize(("body", "expected"), [
    ("A.X ~> B.Y within 16#ff;", "ok"),
    ("A.X ~> B.Y within 1_000;", "ok"),
    ("A.X ~> B.Y within 99#zz;", "E0007"),
    ("A.<<16#ff, 2#101:3>> ~> B.Y;", "ok"),
    ("A.<<99#1>> ~> B.Y;", "E0007"),
    ("A.<<X:37#1>> ~> B.Y;", "E0007"),
    ("A.(2#9) ~> B.Y;", "E0007"),
])
def test_based_integers_everywhere(body, expected):
    assert answer(f"choreography a(A(X), B) {{\n    {body}\n}}\n") == expected


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    answer(data)


@FUZZ
@given(st.lists(st.sampled_from(VOCABULARY), max_size=80).map(" ".join))
def test_token_soup(text):
    answer(text)


@FUZZ
@given(st.sampled_from(sorted(TEXTS)), st.integers(0, 1 << 30))
def test_invalid_utf8_in_examples(name, seed):
    answer(mutate_bytes(random.Random(seed), TEXTS[name].encode(), edits=2))


# ---------------------------------------------------------------- the examples, damaged


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
@settings(FUZZ, max_examples=max(10, N // 4))
@given(at=st.integers(0, 1 << 20))
def test_truncated_examples(path, at):
    text = TEXTS[path.stem]
    answer(text[: at % (len(text) + 1)])


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_prefix_at_token_boundaries(path):
    """Deterministic: each example cut after each of its tokens (projection off: speed)."""
    tokens = TOKENS[path.stem]
    text = TEXTS[path.stem]
    cut = 0
    for gap, tok in zip(tokens.gaps, tokens.toks, strict=False):
        cut += len(gap) + len(tok)
        answer(text[:cut], project=False)


@FUZZ
@given(st.sampled_from(sorted(TEXTS)), st.lists(mutations, min_size=1, max_size=4))
def test_token_mutations(name, edits):
    answer(mutate(TOKENS[name], edits))


@settings(FUZZ, max_examples=max(10, N // 4))
@given(st.sampled_from(sorted(TEXTS)), st.lists(mutations, min_size=1, max_size=3))
def test_token_mutations_through_the_cli(name, edits):
    """The same, through the command in-process: exit 0 or 1, never a traceback."""
    path = SCRATCH / "cli.chor"
    path.write_text(mutate(TOKENS[name], edits))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert result.stderr.startswith(f"{path}:"), result.stderr


# ---------------------------------------------------------------- deep nesting


@pytest.mark.parametrize("kind", NESTING_KINDS)
def test_nested_300_levels(kind):
    # "unclosed" (300 open `if` blocks, then the end of the file) is the slowest: ANTLR's
    # error recovery costs O(depth) per open level, ~0.6 s of CPU at 300 levels.
    assert answer(nested(kind, 300)) == ("E0001" if kind == "unclosed" else "ok")


@pytest.mark.parametrize("flag", ["--strict-choice", "--explain"])
def test_projecting_flags_on_deep_nesting_through_the_cli(flag):
    path = SCRATCH / "deep.chor"
    path.write_text(nested("if", 300))
    result = CliRunner().invoke(app, ["check", flag, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 1)


@pytest.mark.parametrize("kind", ["if", "case", "checkpoint", "tuple", "paren", "call"])
def test_nesting_beyond_the_limit_is_a_clean_error(kind):
    from choreo_erl.parser.parse import MAX_NESTING

    assert answer(nested(kind, MAX_NESTING + 1), project=False) == "E0008"


# ---------------------------------------------------------------- projection


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_projection_of_every_example(path):
    program = front_end(read_source(path))
    projection = project_program(program)
    assert projection.procs
    for chor in program.choreographies:
        for role in chor.role_names:
            assert (chor.name, role) in projection.procs
    try:
        project_program(program, strict_choice=True)
    except ChoreoError as exc:
        assert all(d.code == "E0701" for d in exc.diagnostics), exc.diagnostics


# ------------------------------------------------- `import` (make fuzz: --target import)

_DIAGRAMS: list[str] = []


def _diagrams() -> list[str]:
    if not _DIAGRAMS:
        from choreo_erl.diagrams import diagram_of_source
        from choreo_erl.diagrams import mermaid as M

        _DIAGRAMS.extend(M.render(diagram_of_source(read_source(p), None))
                         for p in example_files())
    return _DIAGRAMS


@settings(max_examples=int(os.environ.get("CHOREO_FUZZ_EXAMPLES", 200)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 1 << 64))
def test_damaged_diagrams_import_cleanly(seed):
    from tests.support.hostile import damaged_diagram, run_import

    data = damaged_diagram(random.Random(seed), _diagrams())
    run_import(data, SCRATCH / "input.mmd")
