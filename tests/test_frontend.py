"""The front end on its own: text to AST (shapes, operator precedence, spans) and the
generic traversal of the AST (`core.tree`, `ast.statements`, `ast.blocks`)."""

from __future__ import annotations

import pytest

from choreo_erl.core import tree
from choreo_erl.core.diagnostics import ChoreoError
from choreo_erl.core.source import Span
from choreo_erl.parser import ast as A
from choreo_erl.parser.parse import parse_text
from tests.support.mutations import nested

SHOP = """\
choreography shop(A(X), B) {
    A.{order, X + 1 * 2} ~> B.{order, Y};
    if B.(Y > 3) { B.big ~> A.R; } else { B.small ~> A.R; }
    case A.R {
        big -> { A.1 ~> B.Z; }
        _ when true -> { return A.R, B.Y; }
    }
    checkpoint { A.2 ~> B.W; } rescue { A.3 ~> B.W; }
    A.V, B.U = helper(A, B);
    return A.R, B.Y;
}

choreography helper(P, Q) {
    P.ok ~> Q.Ok;
    return P.done, Q.Ok;
}
"""


def shop() -> A.Program:
    return parse_text(SHOP, "shop.chor")


def test_statements_have_their_kinds_in_source_order():
    body = shop().get("shop").body.stmts
    assert [type(s).__name__ for s in body] == \
        ["Comm", "If", "Case", "Checkpoint", "ChorCall", "Return"]


def test_multiplication_binds_tighter_than_addition():
    comm = shop().get("shop").body.stmts[0]
    assert isinstance(comm, A.Comm)
    payload = comm.source.expr
    assert payload == A.Tuple(elems=(A.Atom(value="order"), A.BinOp(
        op="+", left=A.Var(name="X"),
        right=A.BinOp(op="*", left=A.Int(value=1, text="1"), right=A.Int(value=2, text="2")))))


def test_spans_point_at_the_source():
    chor = shop().get("shop")
    assert chor.name_span == Span(1, 14, 1, 17)
    comm = chor.body.stmts[0]
    assert (comm.span.line, comm.span.col) == (2, 5)
    assert comm.source.role_span.line == 2
    case = chor.body.stmts[2]
    assert [c.span.line for c in case.clauses] == [5, 6]


def test_spans_do_not_take_part_in_equality():
    a = parse_text("choreography t(A, B) { A.1 ~> B.X; }")
    b = parse_text("choreography t(A, B) {\n\n    A.1   ~>   B.X;\n}")
    assert a.choreographies[0].body == b.choreographies[0].body


def test_a_call_with_results_names_each_role():
    call = shop().get("shop").body.stmts[4]
    assert isinstance(call, A.ChorCall) and call.name == "helper"
    assert [a.role for a in call.args] == ["A", "B"]
    assert [(r.role, r.expr) for r in call.results] == \
        [("A", A.Var(name="V")), ("B", A.Var(name="U"))]


def test_a_syntax_error_is_located():
    with pytest.raises(ChoreoError) as info:
        parse_text("choreography t(A, B) {\n    A.1 ~> ;\n}", "bad.chor")
    d = info.value.diagnostics[0]
    assert d.code == "E0001" and d.span.line == 2


# ---------------------------------------------------------------- the generic traversal


def test_statements_walks_every_nested_statement_in_source_order():
    kinds = [type(s).__name__ for s in A.statements(shop().get("shop"))]
    assert kinds == ["Comm", "If", "Comm", "Comm", "Case", "Comm", "Return",
                     "Checkpoint", "Comm", "Comm", "ChorCall", "Return"]
    assert sum(1 for _ in A.statements(shop())) == len(kinds) + 2  # and helper's two


def test_blocks_of_each_compound_statement():
    body = shop().get("shop").body.stmts
    if_, case, cp = body[1], body[2], body[3]
    assert A.blocks(if_) == [if_.then, if_.orelse]
    assert A.blocks(case) == [c.body for c in case.clauses]
    assert A.blocks(cp) == [cp.body, cp.rescue]
    assert A.blocks(body[0]) == [] and A.blocks(body[4]) == []


def test_tree_walk_reaches_expressions_and_skips_spans():
    comm = shop().get("shop").body.stmts[0]
    names = [n.name for n in tree.walk(comm) if isinstance(n, A.Var)]
    assert names == ["X", "Y"]
    assert not any(isinstance(n, Span) for n in tree.walk(shop()))


def test_tree_children_follow_field_order_and_flatten_tuples():
    t = A.Tuple(elems=(A.Atom(value="a"), A.Var(name="B")))
    assert list(tree.children(t)) == [A.Atom(value="a"), A.Var(name="B")]
    m = A.Map(fields=(A.MapField(A.Atom(value="k"), A.Int(value=1), True),),
              base=A.Var(name="M"))
    assert [type(c).__name__ for c in tree.children(m)] == ["MapField", "Var"]
    assert tree.is_node(m) and not tree.is_node("text") and not tree.is_node(Span(1, 1, 1, 1))


def test_a_new_node_class_is_walked_without_changing_the_walk():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Twice(A.Stmt):
        first: A.Block = None  # type: ignore[assignment]
        second: A.Block = None  # type: ignore[assignment]

    inner = A.Comm(source=A.Located("A", A.Int(value=1)), target=A.Located("B", A.Var(name="X")))
    twice = Twice(first=A.Block((inner,)), second=A.Block((inner,)))
    assert A.blocks(twice) == [twice.first, twice.second]
    assert [type(s).__name__ for s in A.statements(A.Block((twice,)))] == \
        ["Twice", "Comm", "Comm"]


def test_the_walk_is_not_recursive():
    depth = 5000  # far beyond Python's recursion limit, on the caller's own stack
    block = A.Block((A.Return(),))
    for _ in range(depth):
        block = A.Block((A.Checkpoint(body=block, rescue=A.Block(())),))
    assert sum(1 for _ in A.statements(block)) == depth + 1


def test_deeply_nested_input_parses_on_the_deep_stack():
    from choreo_erl.core.source import Source
    from choreo_erl.pipeline import Compilation

    program = Compilation(Source("deep.chor", nested("if", 600))).program
    assert sum(isinstance(s, A.If) for s in A.statements(program)) == 600
