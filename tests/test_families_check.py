"""Role families in the front end and the checks (design section 8).

The shared examples of `families/` check; every file of `families/errors/` is rejected
at the place and with the words of its header; each misuse the design implies has a
located error of its own with a hint.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.core.source import Source
from choreo_erl.main import app
from choreo_erl.pipeline import front_end
from tests.support.examples import expected_error, family_error_files, family_example_files
from tests.test_errors_corpus import at_expected_place, first_error, mentions

EXAMPLES = family_example_files()
ERRORS = family_error_files()


def test_the_family_examples_are_there():
    assert len(EXAMPLES) >= 3 and len(ERRORS) >= 3, "../shared/examples/families not found"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_family_example_checks(path):
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_family_error_is_reported_where_and_as_expected(path):
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    err = first_error(path, result.stderr)
    assert at_expected_place(path, err.line, err.column), result.stderr
    for word in expected_error(path).mentions:
        assert mentions(err.title, word), f"{word!r} not in the title {err.title!r}"
    assert "= hint:" in err.text
    assert result.stderr.count("error[") == 1, "one mistake, one error"


def errors_of(text: str):
    with pytest.raises(ChoreoError) as info:
        front_end(Source("t.chor", text))
    return info.value.diagnostics


def first(text: str):
    d = errors_of(text)[0]
    assert d.hint, d
    return d


def ok(text: str):
    return front_end(Source("t.chor", text))


def test_declarations_and_statements_parse():
    program = ok("""
choreography fam(A(L), Ws[], Bs[](Max)) {
    A.go ~> Ws.G;
    Ws.X = G;
    Ws.log(X);
    Ws.X ~> A.Xs;
    for W[I] in Ws {
        for B in Bs { W.I ~> B.N; B.N ~> A.M; }
        A.lists:nth(I, L) ~> W.Y;
    }
    Ws.Y ~> A.Ys;
    return A.Ys, Ws.Y, Bs.Max;
}
""")
    chor = program.get("fam")
    assert [r.family for r in chor.roles] == [False, True, True]
    assert chor.families == {"Ws", "Bs"}
    loop = chor.body.stmts[4]
    assert (loop.member, loop.index, loop.family) == ("W", "I", "Ws")
    assert loop.body.stmts[0].index is None


def test_family_and_member_arguments_and_new():
    program = ok("""
choreography outer(A(L)) {
    A.R = inner(A(L), new Ws[A.(length(L))]);
}
choreography inner(M(L), Ws[]) {
    Ws.P = each(M, Ws);
    for W in Ws { W.Q = one(M, W); }
    return M.ok, Ws.{P, Q};
}
choreography each(M, Fs[]) { M.hi ~> Fs.H; return Fs.H; }
choreography one(M, F) { M.hi ~> F.H; return F.H; }
""")
    arg = program.get("outer").body.stmts[0].args[1]
    assert arg.role == "Ws" and arg.new.role == "A"


@pytest.mark.parametrize("text, code, at, words", [
    ("choreography fam(A, Ws[]) { for W in Ws { for V in Ws { A.x ~> V.X; } } }",
     "E0904", (1, "Ws { A.x ~> V"), ["Ws", "nest"]),
    ("choreography fam(A, Ws[]) { for W in Ws { A.x ~> Ws.X; } }",
     "E0905", (1, "Ws.X"), ["Ws", "W"]),
    ("choreography fam(A, Ws[]) { if Ws.(1 > 0) { Ws.x ~> A.X; } }",
     "E0906", (1, "Ws.(1"), ["Ws"]),
    ("choreography fam(A, Ws[]) { case Ws.x { _ -> { Ws.x ~> A.X; } } }",
     "E0906", (1, "Ws.x {"), ["Ws"]),
    ("choreography fam(A, Ws[]) { Ws[stop] ~> A; }", "E0906", (1, "Ws[stop]"), ["Ws"]),
    ("choreography fam(A, Ws[], Vs[]) { Ws.x ~> Vs.X; }", "E0901", (1, "Ws.x ~>"), ["Ws", "Vs"]),
    ("choreography fam(A, Ws[]) { d(A, Ws); }\nchoreography d(A, B) { A.x ~> B.X; }",
     "E0907", (1, "Ws);"), ["Ws", "single"]),
    ("choreography fam(A, B) { d(A, B); }\nchoreography d(A, Fs[]) { A.x ~> Fs.X; }",
     "E0907", (1, "B);"), ["B", "family"]),
    ("choreography fam(A) { d(A, new Ws[A.3]); }\nchoreography d(A, B) { A.x ~> B.X; }",
     "E0907", (1, "new"), ["new Ws", "single"]),
    ("choreography fam(A, Ws[]) { d(A, new Ws[A.3]); }\nchoreography d(A, Fs[]) { A.x ~> Fs.X; }",
     "E0909", (1, "new"), ["Ws"]),
    ("choreography fam(A, B) { d(A, new Ws[B.3]); }\nchoreography d(A, Fs[]) { A.x ~> Fs.X; }",
     "E0910", (1, "B.3"), ["B", "not passed"]),
    ("choreography fam(A, Ws[]) { for W in Ws { return A.x; } }",
     "E0911", (1, "return"), ["return"]),
    ("choreography fam(A(I), Ws[]) { for W[I] in Ws { A.I ~> W.X; } }",
     "E0912", (1, "I] in"), ["I", "A"]),
    ("choreography fam(A, Ws[]) { for A in Ws { A.x ~> A.X; } }", "E0913", (1, "A in"), ["A"]),
    ("choreography fam(A, Ws[]) {\n for W in Ws { if A.(1 > 0) { A.x ~> W.X; }"
     " else { A.y ~> W.Y; } }\n Ws.X ~> A.L;\n}",
     "E0201", (3, "X ~>"), ["X", "Ws", "some branches"]),
    ("choreography fam(A, Ws[]) {\n for W in Ws { A.Y = 1; A.x ~> W.X; }\n A.Y ~> Ws.Z;\n}",
     "E0201", (3, "Y ~>"), ["Y", "A"]),
    ("choreography fam(A, Ws[]) {\n for W[I] in Ws { A.x ~> W.X; }\n A.I ~> Ws.Z;\n}",
     "E0201", (3, "I ~>"), ["I", "A"]),
    ("choreography fam(A, Ws[]) { A.X = new Ws[A.3]; }", "E0908", (1, "new"), ["new", "call"]),
    ("choreography fam(A, Ws[]) { fir W in Ws { A.x ~> W.X; } }", "E0001", (1, "fir"), ["fir"]),
])
def test_misuse_is_located_and_explained(text, code, at, words):
    d = first(text)
    line, needle = at
    col = text.splitlines()[line - 1].index(needle) + 1
    assert (d.code, (d.span.line, d.span.col)) == (code, (line, col)), d
    for w in words:
        assert w in d.message, (w, d.message)


def test_member_sees_the_family_variables_and_the_family_gets_the_members():
    ok("""
choreography fam(A, Ws[](P)) {
    for W[I] in Ws { W.{I, P} ~> A.Q; A.Q ~> W.R; }
    Ws.R ~> A.Rs;
    return A.Rs, Ws.R;
}
""")


def test_nested_loops_over_different_families():
    ok("""
choreography fam(A, Ws[], Vs[]) {
    for W[I] in Ws { for V[J] in Vs { W.{I, J} ~> V.P; } }
}
""")


def documented_family_errors():
    """(code, source, output) of each `### E09xx` section of docs/language.md."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "language.md").read_text()
    out = []
    for m in re.finditer(r"^### (E09\d\d) .*?\n(.*?)(?=^### |^## )", doc, re.M | re.S):
        blocks = re.findall(r"```\n(.*?)```", m.group(2), re.S)
        out.append((m.group(1), blocks[0], blocks[1]))
    return out


def test_every_family_error_is_documented_as_the_checker_prints_it(tmp_path, monkeypatch):
    documented = documented_family_errors()
    assert [c for c, _, _ in documented] == [f"E09{n:02d}" for n in range(1, 14)]
    monkeypatch.chdir(tmp_path)
    for code, source, output in documented:
        (tmp_path / "demo.chor").write_text(source)
        result = CliRunner().invoke(app, ["check", "demo.chor"])
        assert result.exit_code == 1
        assert result.stderr == output, f"{code}: docs/language.md shows\n{output}\nbut got\n" \
                                        f"{result.stderr}"


def test_a_receive_into_a_member_variable_already_bound_is_warned():
    from choreo_erl.checks.warnings import program_warnings

    program = ok("""
choreography fam(A, Ws[]) {
    A.go ~> Ws.X;
    for W in Ws { A.1 ~> W.X; W.X ~> A.Y; A.Y ~> W.Z; }
    A.2 ~> Ws.Z;
}""")
    found = [(w.code, w.span.line, w.message.split(":")[0]) for w in program_warnings(program)]
    assert found == [("W0001", 4, "`X` is already bound at role `W`"),
                     ("W0001", 5, "`Z` is already bound at role `Ws`")]


@pytest.mark.parametrize("text, at, words", [
    ("choreography fam(A, Ws[]) { checkpoint { A.x ~> Ws.X; } rescue { A.y ~> Ws.Y; } }",
     (1, "A.x ~> Ws"), ["Ws", "checkpoint"]),
    ("choreography fam(A, B, Ws[]) { for W in Ws { checkpoint { A.x ~> W.X; } rescue"
     " { A.X = 0; } } }", (1, "A.x ~> W.X"), ["W", "member"]),
    ("choreography fam(A, B) { checkpoint { A.T = d(A, new Ws[A.3]); } rescue { A.T = 0; } }"
     "\nchoreography d(A, Fs[]) { A.x ~> Fs.X; }", (1, "new"), ["new Ws"]),
    ("choreography fam(A, B) { checkpoint { e(A, B); } rescue { A.x ~> B.X; } }\n"
     "choreography e(A, B) { d(A, new Ws[A.3]); }\nchoreography d(A, Fs[]) { A.x ~> Fs.X; }",
     (1, "e(A"), ["`e`", "families"]),
    ("choreography fam(A, Ws[]) { Ws.x ~> A.Xs; checkpoint { A.Y = 1; return A.Y; }"
     " rescue { A.Y = 0; } }", (1, "return"), ["return", "famil"]),
])
def test_a_family_in_a_checkpoint_is_refused_by_the_erlang_back_end(text, at, words):
    # The interpreter runs such a program (a member's failure runs the rescue); the
    # Erlang runtime cannot restore members yet, so compile stops with E0801.
    from choreo_erl.pipeline.compilation import Compilation

    compilation = Compilation(Source("fam.chor", text))
    assert compilation.program is not None  # `check` accepts it
    with pytest.raises(ChoreoError) as err:
        compilation.modules  # noqa: B018
    d = err.value.diagnostics[0]
    line, needle = at
    col = text.splitlines()[line - 1].index(needle) + 1
    assert (d.code, (d.span.line, d.span.col)) == ("E0801", (line, col)), d
    assert all(w in d.message for w in words), d.message
