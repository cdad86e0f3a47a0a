"""E0605, operations on literals that always raise, agrees with erlc.

erlc refuses generated code in which an operator's operands are literals and the
operation raises ("evaluation of operator ... will fail", an error under the strict
flags). `check` must report exactly those: none that erlc accepts (a false error would
reject a program that builds), and every one erlc refuses among the operators it models.
Random operator trees over literals are compiled by erlc in one module, one function
each, and its warnings are compared with `always_fails.failures` on the same trees.
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest

from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.core.source import Source
from choreo_erl.pipeline import front_end

pytestmark = pytest.mark.erlang

LEAVES = ["0", "1", "2", "-1", "7", "0.0", "1.5", "a", "true", "false", '"ab"', "[1]", "[]",
          "{1}"]
ORDERED = ["0", "1", "-1", "1.0", "2.5", "a", "b", "true", "false"]
BINARY = ["+", "-", "*", "/", "div", "rem", "band", "bor", "bxor", "and", "or", "xor",
          "++", "--"]
COMPARE = ["==", "/=", "=<", "<", ">=", ">", "=:=", "=/="]
UNARY = ["-", "not", "bnot"]


def tree(rng: random.Random, depth: int) -> str:
    """A random expression over literals, fully parenthesised (the same text is
    Erlang and choreography syntax)."""
    roll = rng.random()
    if depth == 0 or roll < 0.25:
        return rng.choice(LEAVES)
    if roll < 0.35:
        return f"({rng.choice(ORDERED)} {rng.choice(COMPARE)} {rng.choice(ORDERED)})"
    if roll < 0.5:
        return f"({rng.choice(UNARY)} {tree(rng, depth - 1)})"
    return f"({tree(rng, depth - 1)} {rng.choice(BINARY)} {tree(rng, depth - 1)})"


def erlc_failing(exprs: list[str], tmp: Path) -> set[int]:
    """The indexes of the expressions erlc warns will fail."""
    lines = ["-module(af).", "-export([f/1])."]
    first = len(lines) + 1
    lines += [f"f({i}) -> {e};" for i, e in enumerate(exprs)]
    lines.append("f(_) -> ok.")
    (tmp / "af.erl").write_text("\n".join(lines) + "\n")
    res = subprocess.run(["erlc", "-o", str(tmp), str(tmp / "af.erl")], capture_output=True,
                         text=True, timeout=120)
    assert "af.erl" in res.stdout + res.stderr or res.returncode == 0, res.stderr
    return {int(m.group(1)) - first
            for m in re.finditer(r"af\.erl:(\d+):\d+: Warning: evaluation of operator",
                                 res.stdout + res.stderr)}


def ours_failing(exprs: list[str]) -> set[int]:
    """The indexes of the expressions `check` reports E0605 in."""
    text = "choreography t(A) {\n" + "".join(
        f"    A.V{i} = {e};\n" for i, e in enumerate(exprs)) + "}\n"
    try:
        front_end(Source("t.chor", text))
    except ChoreoError as exc:
        other = [d for d in exc.diagnostics if d.code != "E0605"]
        assert other == [], other[0].message
        return {d.span.line - 2 for d in exc.diagnostics}
    return set()


def test_e0605_reports_exactly_what_erlc_refuses(tmp_path):
    rng = random.Random(605)
    exprs = [tree(rng, rng.randint(1, 3)) for _ in range(600)]
    theirs = erlc_failing(exprs, tmp_path)
    ours = ours_failing(exprs)
    assert theirs, "the generator should give some failing expressions"
    assert len(theirs) < len(exprs), "and some that do not fail"
    assert {exprs[i] for i in ours - theirs} == set(), "reported, but erlc builds it"
    assert {exprs[i] for i in theirs - ours} == set(), "erlc refuses it, check accepts it"


@pytest.mark.parametrize("expr", ["X / 0", "X + a", "(1 bsl 2) + 1", "1 andalso true",
                                  "[1] ++ 2", "{1} == [1]", "[X] -- [1]"])
def test_what_e0605_leaves_alone(expr):
    # Operands that are not all literals, shifts (not worked out), `andalso` (erlc
    # does not fold it), and operations that do not raise.
    assert _check(f"choreography t(A(X)) {{\n    A.V = {expr};\n}}\n") == []


def _check(text: str) -> list[str]:
    try:
        front_end(Source("t.chor", text))
    except ChoreoError as exc:
        return [d.code for d in exc.diagnostics]
    return []
