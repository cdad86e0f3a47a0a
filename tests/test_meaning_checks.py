"""`check` rejects, with a located error, what would otherwise change meaning or fail
in erlc (issue 13): malformed escapes, unbound variables in pattern positions that read
them, and generated modules that clash with each other or with the runtime's."""

from __future__ import annotations

from pathlib import Path

import pytest

from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.core.names import RUNTIME_MODULES
from choreo_erl.core.source import Source
from choreo_erl.pipeline import front_end


def errors(text: str) -> list[tuple[str, int, int]]:
    try:
        front_end(Source("t.chor", text))
    except ChoreoError as exc:
        return [(d.code, d.span.line, d.span.col) for d in exc.diagnostics]
    return []


def diagnostics(text: str):
    with pytest.raises(ChoreoError) as info:
        front_end(Source("t.chor", text))
    return info.value.diagnostics


# ---------------------------------------------------------------- escapes (E0012)

@pytest.mark.parametrize("literal", [r'"\x4g"', r'"\x{}"', r'"\x{110000}"', r'"\x{D800}"',
                                     r"'\x'", r'$\x{zz}', r'$\x4', r'"ok\x{12"'])
def test_a_malformed_escape_is_e0010_at_its_backslash(literal):
    text = f"choreography t(A) {{\n    return A.{{x, {literal}}};\n}}\n"
    col = text.splitlines()[1].index("\\") + 1
    assert errors(text) == [("E0012", 2, col)]


def test_a_malformed_escape_in_a_multiline_string_is_located():
    text = 'choreography t(A) {\n    return A."one\ntwo \\xq";\n}\n'
    assert errors(text) == [("E0012", 3, 5)]


@pytest.mark.parametrize("literal", [r'"\x41"', r'"\x{263A}"', r'"\^A"', r'"\101"', r'$\x41',
                                     r'$\^A', r'$\101', r'$\x{263A}', r"'x\ny'", r'"\z"'])
def test_erlang_escapes_check(literal):
    assert errors(f"choreography t(A) {{ return A.{literal}; }}") == []


# ---------------------------------------------------------------- E0201 in read positions

@pytest.mark.parametrize("stmt, var", [
    ("A.#{Kx := V} = M;", "Kx"),
    ("A.<<D:Sz/binary>> = M;", "Sz"),
    ("A.{Sz, <<D:Sz/binary>>} = M;", "Sz/"),  # bound by the pattern, but not before it
    ("A.#{K := V, k := K} = M;", "K"),
    ("A.M ~> B.#{Kx := V};", "Kx"),
    ("A.M ~> B.<<D:(Sz * 8)>>;", "Sz"),
    ("case A.M { #{Kx := V} -> { A.ok ~> B.R; } _ -> { A.no ~> B.R; } }", "Kx"),
    ("A.L = [V || #{Kx := V} <- [M]];", "Kx"),
    ("A.L = [D || <<D:Sz>> <- [M]];", "Sz"),
])
def test_an_unbound_variable_where_a_pattern_reads_is_e0201_at_it(stmt, var):
    # `var` may carry a suffix that tells which occurrence is meant (`Sz/`).
    text = f"choreography t(A(M), B) {{\n    {stmt}\n}}\n"
    (d,) = diagnostics(text)
    assert (d.code, d.span.line, d.span.col) == ("E0201", 2, text.splitlines()[1].index(var) + 1)
    var = var.rstrip("/")
    role = "B" if stmt.startswith("A.M ~>") else "A"
    assert d.message == f"variable `{var}` is not bound at role `{role}`"
    assert d.hint and d.notes


@pytest.mark.parametrize("stmt", [
    "A.<<Len:8, Data:Len/binary>> = M;",
    "A.<<Len:8, Data:(Len * 8), Rest/binary>> = M;",
    "A.M ~> B.<<Len:8, Data:Len/binary>>;",
    "A.K = k; A.#{K := V} = M;",
    "A.L = [D || <<N:8, D:N/binary>> <- [M]];",
])
def test_a_size_bound_earlier_in_the_same_binary_checks(stmt):
    assert errors(f"choreography t(A(M), B) {{\n    {stmt}\n}}\n") == []


@pytest.mark.parametrize("stmt, code, mark", [
    ("A.L = [V || #{k => V} <- [M]];", "E0601", "#{k"),  # a generator pattern is a pattern
    ("A.L = [V || f(V) <- [M]];", "E0601", "f(V)"),
    ("A.L = [V_ || V_ <- [M]];", "E0503", "V_ <-"),
    ("A.L = [_ || X <- [M]];", "E0202", "_ ||"),
    ("A.<<(M + 1):8>> = M;", "E0601", "M + 1"),
])
def test_generator_and_binary_patterns_are_checked_as_patterns(stmt, code, mark):
    text = f"choreography t(A(M), B) {{\n    {stmt}\n}}\n"
    found = errors(text)
    assert found[0] == (code, 2, text.splitlines()[1].index(mark) + 1), found


def test_a_map_pattern_in_a_generator_checks():
    assert errors("choreography t(A(M)) {\n    A.L = [V || #{k := V} <- [M]];\n"
                  "    return A.L;\n}\n") == []


# ---------------------------------------------------------------- module names (E0501/E0502)

def test_runtime_modules_are_the_runtime_sources():
    runtime = Path(__file__).resolve().parents[1] / "backends" / "erlang" / "runtime"
    assert RUNTIME_MODULES == {p.stem for p in runtime.glob("*.erl")}


@pytest.mark.parametrize("text, code, line, col", [
    ("choreography choreo_diagram(A, B) { A.x ~> B.Y; }", "E0502", 1, 14),
    ("choreography choreo_cli(A, B) { A.x ~> B.Y; }", "E0502", 1, 14),
    ("choreography choreo_runtime(A, B) { A.x ~> B.Y; }", "E0502", 1, 14),
    ("choreography choreo(Diagram, B) { Diagram.x ~> B.Y; }", "E0502", 1, 21),
    ("choreography choreo(A, Cli) { A.x ~> Cli.Y; }", "E0502", 1, 24),
    ("choreography choreo(A, Runtime) { A.x ~> Runtime.Y; }", "E0502", 1, 24),
    ("choreography a_b(A, C) { A.x ~> C.Y; }\nchoreography a(A, B) { A.x ~> B.Y; }",
     "E0501", 2, 19),
    ("choreography a(A, B) { A.x ~> B.Y; }\nchoreography a_b(A, C) { A.x ~> C.Y; }",
     "E0501", 2, 14),
    ("choreography a(A, B_c) { A.x ~> B_c.Y; }\nchoreography a_b(A, C) { A.x ~> C.Y; }",
     "E0501", 2, 21),
])
def test_a_generated_module_never_takes_another_modules_name(text, code, line, col):
    assert errors(text)[0] == (code, line, col)


def test_the_runtime_clash_names_the_runtime():
    (d,) = diagnostics("choreography choreo(Diagram, B) { Diagram.x ~> B.Y; }")
    assert "`choreo_diagram`" in d.message and "runtime" in d.message


# ---------------------------------------------------------------- E0604: statically failing

@pytest.mark.parametrize("stmts, mark", [
    ("A.{ok, _} = {error, X};", "{ok"),
    ("A.Y = {a, X}; A.{b, _} = Y;", "{b"),
    ("A.Y = 1; A.{ok, _} = Y;", "{ok"),
    ("A.Y = 1; A.Z = 2; A.Y = Z;", "Y = Z"),
    ("A.[_ | _] = [];", "[_"),
    ("A.[a] = [a, b | X];", "[a]"),
    ("A.#{k := _} = #{j => X};", "#{k"),
    ("A.1 = 1.0;", "1 ="),
    ("A.ok = (X > 1);", "ok ="),
    ("A.Y = X + 1; A.ok = Y;", "ok ="),
    ("A.X ~> B.<<300:8>>;", "300"),
    ("A.X ~> B.{<<1:8, 256:8>>};", "256"),
    ("A.Y = {a, X}; case A.Y { {b, Z} -> { A.a ~> B.R; } _ -> { A.b ~> B.R; } }", "{b, Z}"),
    ("case A.{X, 1} { {_, _} -> { A.a ~> B.R; } _ -> { A.b ~> B.R; } }", "_ -> { A.b"),
])
def test_a_match_or_clause_that_can_never_succeed_is_e0604(stmts, mark):
    text = f"choreography t(A(X), B) {{\n    {stmts}\n}}\n"
    assert errors(text) == [("E0604", 2, text.splitlines()[1].index(mark) + 1)]


@pytest.mark.parametrize("stmts", [
    "A.true = (X > 0);",
    "A.{ok, _} = X;",
    "A.Y = 1; A.Z = 1; A.Y = Z;",
    "A.Y = [a | X]; A.[_, _ | _] = Y;",
    "A.{ok, Z} = {ok, X};",
    # Bound in both branches, differently: unknown after the choice.
    "if A.(X > 1) { A.Z = 1; } else { A.Z = {b}; } A.{b} = Z;",
    "A.X ~> B.<<255:8, (-128):8/signed, 65535:16>>;",
    "A.Y = 1; case A.X { 1 -> { A.a ~> B.R; } _ -> { A.b ~> B.R; } }",
])
def test_a_match_that_may_succeed_checks(stmts):
    assert errors(f"choreography t(A(X), B) {{\n    {stmts}\n}}\n") == []


def test_names_longer_than_the_generated_code_allows_are_e0508():
    # Erlang's names have at most 255 characters and the compiler derives longer ones
    # (fields in snake_case, `await_...`, suffixes): roles, variables and
    # choreographies have at most 200; a module name at most 250 (its .beam file).
    role, var, chor = "R" + "x" * 200, "V" * 201, "c" * 201
    assert errors(f"choreography t(A, {role}) {{\n    A.x ~> {role}.Y;\n}}\n") == \
        [("E0508", 1, 19)]
    assert errors(f"choreography t(A, B) {{\n    A.x ~> B.{var};\n}}\n") == [("E0508", 2, 14)]
    assert errors(f"choreography t(A) {{\n    A.Z = [{var} || {var} <- [1]];\n}}\n") \
        == [("E0508", 2, 12 + 201 + 4)]
    assert errors(f"choreography {chor}(A) {{\n    return A.x;\n}}\n") == [("E0508", 1, 14)]
    # 200 and 200 are fine; so is a role module of 250 characters, but not one of 251
    # (reported once), nor an `_impl` module of 251.
    ok_role, ok_var = "R" + "x" * 199, "V" * 200
    assert errors(f"choreography t(A, {ok_role}) {{\n    A.x ~> {ok_role}.{ok_var};\n}}\n") == []
    for n, found in ((114, []), (115, [("E0508", 1, 148)]), (120, [("E0508", 1, 148)])):
        assert errors(f"choreography {'c' * 130}(A, {'R' * n}) {{\n    return A.x;\n}}\n") \
            == found


def test_an_atom_longer_than_erlang_allows_is_e0011():
    long = "x" * 256
    assert errors(f"choreography t(A) {{\n    return A.'{long}';\n}}\n") == [("E0011", 2, 14)]
    assert errors(f"choreography t(A) {{\n    return A.'{'x' * 255}';\n}}\n") == []
    smiles = r"\x{263A}" * 255  # counted in characters, after escapes
    assert errors(f"choreography t(A) {{\n    return A.'{smiles}';\n}}\n") == []


def test_a_case_on_a_literal_checks_as_import_writes_it():
    # erlc folds it silently; `choreo-erl import` writes this placeholder.
    assert errors("choreography t(A, B) {\n    case A.(1) {\n        1 -> { A.x ~> B.R; }\n"
                  "        2 -> { A.y ~> B.R; }\n    }\n}\n") == []
