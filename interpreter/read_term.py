"""Erlang terms read from text (`lists:seq(1, 3)`): a closed expression, parsed and evaluated."""

from __future__ import annotations

from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.parser import ast as A
from choreo_erl.parser.parse import parse_text

from .semantics import ErlangError, InterpreterUnsupported, evaluate
from .terms import Term


def parse_term(text: str) -> Term:
    """Read an Erlang term (any closed expression, e.g. `lists:seq(1, 3)`) with our grammar.

    The text is parsed as the result of a one-role choreography and evaluated by the
    interpreter with no variables bound; raises ValueError when it is not a closed
    expression of the language.
    """
    try:
        program = parse_text(f"choreography t(A) {{ return A.({text}\n); }}", "<term>")
    except ChoreoError as exc:
        raise ValueError(f"not an Erlang term: {text!r} ({exc})") from None
    ret = program.choreographies[0].body.stmts[0]
    assert isinstance(ret, A.Return)
    try:
        return evaluate(ret.values[0].expr)
    except (ErlangError, InterpreterUnsupported) as exc:
        raise ValueError(f"cannot evaluate {text!r}: {exc}") from exc
