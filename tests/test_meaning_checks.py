"""`check` rejects, with a located error, what would otherwise change meaning or fail
in erlc (issue 13): malformed escapes, unbound variables in pattern positions that read
them, and generated modules that clash with each other or with the runtime's."""

from __future__ import annotations

import pytest

from choreo_erl.core.diagnostics import ChoreoError
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


# ---------------------------------------------------------------- escapes (E0010)

@pytest.mark.parametrize("literal", [r'"\x4g"', r'"\x{}"', r'"\x{110000}"', r'"\x{D800}"',
                                     r"'\x'", r'$\x{zz}', r'$\x4', r'"ok\x{12"'])
def test_a_malformed_escape_is_e0010_at_its_backslash(literal):
    text = f"choreography t(A) {{\n    return A.{{x, {literal}}};\n}}\n"
    col = text.splitlines()[1].index("\\") + 1
    assert errors(text) == [("E0010", 2, col)]


def test_a_malformed_escape_in_a_multiline_string_is_located():
    text = 'choreography t(A) {\n    return A."one\ntwo \\xq";\n}\n'
    assert errors(text) == [("E0010", 3, 5)]


@pytest.mark.parametrize("literal", [r'"\x41"', r'"\x{263A}"', r'"\^A"', r'"\101"', r'$\x41',
                                     r'$\^A', r'$\101', r'$\x{263A}', r"'x\ny'", r'"\z"'])
def test_erlang_escapes_check(literal):
    assert errors(f"choreography t(A) {{ return A.{literal}; }}") == []
