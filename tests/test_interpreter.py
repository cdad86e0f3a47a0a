"""The interpreter of the global semantics: the examples' sessions, and Erlang's rules.

Every `% run:` line of the shared examples runs centrally, with Python stand-ins for
the `*_impl.erl` modules, and must give the `% result:` and `% messages:` lines. No
Erlang is needed.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from functools import cache

import pytest

from choreo_erl.core.names import role_atom
from choreo_erl.core.source import Source
from choreo_erl.interpreter.read_term import parse_term
from choreo_erl.interpreter.semantics import (
    ErlangError,
    InterpreterUnsupported,
    Outcome,
    StepLimitExceeded,
    evaluate,
    run,
)
from choreo_erl.interpreter.terms import (
    NIL,
    Atom,
    ErlFloat,
    ErlMap,
    compare,
    equal,
    erl_list,
    erl_string,
    format_term,
    sort_key,
    to_term,
)
from choreo_erl.parser import ast as A
from choreo_erl.parser.ast import Program
from choreo_erl.pipeline import front_end, read_source
from tests.support.examples import EXAMPLES, example_files, impl_files, runs

# ---------------------------------------------------------------- the examples' impl modules


def _crashing_price(normal: int) -> Callable[[Atom], int]:
    """`price/1` of the quote sellers: `crash` fails; `slow` fails too, as the missed
    `within` does (the interpreter has no clock)."""
    def price(title: Atom) -> int:
        if title == Atom("crash"):
            raise ErlangError(Atom("seller_crashed"))
        if title == Atom("slow"):
            raise ErlangError(Atom("too_slow"))
        return normal
    return price


def _vote(limit: int) -> Callable[[tuple], Atom]:
    def vote(tx: tuple) -> Atom:
        ok = isinstance(tx, tuple) and len(tx) == 2 and tx[0] == Atom("transfer") \
            and tx[1] <= limit
        return Atom("yes" if ok else "no")
    return vote


def _applied(tx: object) -> tuple:
    return (Atom("applied"), tx)


# Per example, per physical role: the Python equivalent of `<example>_<role>_impl.erl`.
CALLBACKS: dict[str, dict[str, dict[tuple[str, int], Callable]]] = {
    "bookseller": {"Seller": {
        ("price", 1): lambda t: 80 if t == erl_string("Types and Programming Languages")
        else 30,
        ("delivery_date", 1): lambda t: (2026, 12, 24),
    }},
    "failing_quote": {"Seller": {("price", 1): _crashing_price(10)}},
    "resilient_quote": {
        "Seller": {("price", 1): _crashing_price(10)},
        "Backup": {("price", 1): lambda t: 20},
    },
    "shipping": {"Carol": {("quote", 2): lambda item, qty: 10 + 2 * qty}},
    "sso": {"IdP": {
        ("valid", 1): lambda c: c == (Atom("alice"), erl_string("secret")),
        ("token", 1): lambda c: (Atom("token"), c[0]),
    }},
    "two_buyer": {"Seller": {
        ("price", 1): lambda t: 90,
        ("ship", 2): lambda t, addr: (2026, 12, 1),
    }},
    "two_phase_commit": {
        "P1": {("vote", 1): _vote(1000), ("apply", 1): _applied},
        "P2": {("vote", 1): _vote(100), ("apply", 1): _applied},
    },
}

RUN = re.compile(r"(?P<chor>\w+):run\((?P<args>.*), #\{\}\)$")
ROLE_DOWN = re.compile(r"case (?P<run>.*) of \{error, \{role_down, Role, _\}\} -> Role end$")
RUNS = [r for f in example_files() for r in runs(f)]


@cache
def example(stem: str) -> Program:
    return front_end(read_source(EXAMPLES / f"{stem}.chor"))


def run_line(line: str) -> Outcome:
    """Run `chor:run(#{role => [Args...]}, #{})` in the interpreter."""
    m = RUN.match(line)
    assert m, f"not a run line the interpreter test understands: {line}"
    args = parse_term(m["args"])
    return run(example(m["chor"]), m["chor"], {str(k): list(v) for k, v in args.items()},
               CALLBACKS.get(m["chor"], {}))


@pytest.mark.parametrize("case", RUNS, ids=lambda r: f"{r.example}:{r.run[:60]}")
def test_example_session(case):
    expected = parse_term(case.result)
    if isinstance(expected, tuple) and expected[:1] == (Atom("error"),) \
            and expected[1][0] == Atom("timeout"):
        pytest.skip("a timeout outside any checkpoint needs a clock")
    wrapped = ROLE_DOWN.match(case.run)
    outcome = run_line(wrapped["run"] if wrapped else case.run)
    if wrapped:
        assert outcome.error == ("role_down", str(expected)), outcome
    else:
        got = outcome.as_term()
        assert got == expected, f"{case.run}\n gave {format_term(got)}\n want {case.result}"
    if case.messages is not None:
        assert outcome.messages == case.messages


def test_every_impl_module_has_a_python_stand_in():
    for impl in impl_files():
        exports = re.search(r"-export\(\[(.*?)\]\)", impl.read_text()).group(1)
        wanted = {(f.strip().split("/")[0], int(f.split("/")[1])) for f in exports.split(",")}
        stand_ins = {f"{ex}_{role_atom(role)}_impl": set(fns)
                     for ex, roles in CALLBACKS.items() for role, fns in roles.items()}
        assert stand_ins.get(impl.stem) == wanted, impl.name


# ---------------------------------------------------------------- terms


def test_terms_are_erlang_terms():
    assert erl_string("abc") == erl_list([97, 98, 99]) == parse_term('"abc"')
    assert Atom("ok") != "ok" and "ok" != Atom("ok")
    assert ErlFloat(1.0) != 1 and 1 != ErlFloat(1.0) and equal(1, ErlFloat(1.0))
    assert len(ErlMap({1: Atom("int"), ErlFloat(1.0): Atom("float")})) == 2
    assert (1,) != (ErlFloat(1.0),)
    assert to_term({"k": [True, 1.5, "hi"]}) == ErlMap(
        {erl_string("k"): erl_list([Atom("true"), ErlFloat(1.5), erl_string("hi")])})


def test_format_and_parse_round_trip():
    text = "{ok,#{buyer=>{ok,{2026,12,24}},seller=>sold},[1,2|3],<<1,2>>,'Quoted atom',1.0e20}"
    term = parse_term(text)
    assert format_term(term) == text
    assert parse_term(format_term(term)) == term
    assert format_term(parse_term("[a | b]")) == "[a|b]"
    assert format_term(parse_term("{-1, 2.5, <<\"hi\">>}")) == '{-1,2.5,<<"hi">>}'
    assert parse_term("lists:seq(1, 3)") == erl_list([1, 2, 3])
    with pytest.raises(ValueError):
        parse_term("{unclosed")
    with pytest.raises(ValueError):
        parse_term("X")


def test_term_order():
    mixed = parse_term("[<<>>, [0], [], #{}, {}, a, 1.0, 0]")
    ordered = sorted(mixed, key=sort_key)
    assert format_term(erl_list(ordered)) == "[0,1.0,a,{},#{},[],[0],<<>>]"
    assert compare(parse_term("{b}"), parse_term("{a, a}")) < 0  # size first
    assert compare(parse_term("#{a => 2}"), parse_term("#{b => 1}")) < 0  # keys first
    assert compare(parse_term("[1 | 2]"), parse_term("[1, 2]")) < 0  # 2 < [2]


def test_long_lists_need_no_recursion():
    xs = erl_list(range(200_000))
    assert len(xs) == 200_000 and xs == erl_list(range(200_000)) and hash(xs)
    assert compare(xs, erl_list(range(1, 200_001))) < 0
    assert format_term(xs).startswith("[0,1,2,")


# ---------------------------------------------------------------- expressions


def ev(text: str):
    return parse_term(text)


def reason(text: str):
    with pytest.raises(ValueError) as info:
        parse_term(text)
    assert isinstance(info.value.__cause__, ErlangError), info.value
    return info.value.__cause__.reason


@pytest.mark.parametrize("text, want", [
    ("-7 div 2", "-3"), ("-7 rem 2", "-1"), ("7 div -2", "-3"), ("7 rem -2", "1"),
    ("7 / 2", "3.5"), ("4 / 2", "2.0"), ("2 * 1.5", "3.0"), ("1 + 1", "2"),
    ("1 == 1.0", "true"), ("1 =:= 1.0", "false"), ("1 /= 1.0", "false"),
    ("1 =/= 1.0", "true"), ("1 < a", "true"), ("[] < [0]", "true"),
    ("5 band 3", "1"), ("1 bsl 4", "16"), ("bnot 0", "-1"), ("6 bxor 3", "5"),
    ("true xor false", "true"), ("not true", "false"),
    ("false andalso hd([])", "false"), ("true orelse hd([])", "true"),
    ("true andalso 42", "42"),
    ('"ab" ++ "c" =:= "abc"', "true"), ("[1, 2, 1, 3] -- [1, 3]", "[2,1]"),
    ("[X * 2 || X <- [1, 2, 3], X > 1]", "[4,6]"),
    ("[X || {a, X} <- [{a, 1}, {b, 2}, {a, 3}]]", "[1,3]"),
    ("[{X, Y} || X <- [1, 2], Y <- [a, b]]", "[{1,a},{1,b},{2,a},{2,b}]"),
    ('<<"text">>', '<<"text">>'), ("<<1, 2, 3>>", "<<1,2,3>>"), ("<<256:16>>", "<<1,0>>"),
    ("round(2.5)", "3"), ("round(-2.5)", "-3"), ("trunc(-2.7)", "-2"),
    ("element(2, {a, b})", "b"), ("setelement(1, {a, b}, c)", "{c,b}"),
    ("length([1, 2])", "2"), ("atom_to_list(ab)", "[97,98]"), ("max(1, 1.0)", "1"),
    ("list_to_integer(\"-12\")", "-12"), ("integer_to_list(255, 16)", "[70,70]"),
    ("lists:split(2, [1, 2, 3])", "{[1,2],[3]}"), ("lists:merge([1, 4], [2, 3])", "[1,2,3,4]"),
    ("lists:sort([b, 1, a])", "[1,a,b]"), ("lists:nth(2, [a, b])", "b"),
    ("lists:member(1.0, [1])", "false"), ("lists:zip([1], [a])", "[{1,a}]"),
    ("maps:to_list(#{b => 2, a => 1})", "[{a,1},{b,2}]"), ("maps:find(x, #{})", "error"),
    ("maps:get(k, maps:put(k, v, #{}))", "v"), ("erlang:element(1, {z})", "z"),
])
def test_expression(text, want):
    assert format_term(ev(text)) == want


@pytest.mark.parametrize("text, want", [
    ("1 div 0", "badarith"), ("a + 1", "badarith"), ("1.0 div 2", "badarith"),
    ("hd([])", "badarg"), ("1 and true", "badarg"),
    ("lists:nth(3, [a])", "function_clause"), ("error(boom)", "boom"),
    ("maps:get(k, #{})", "{badkey,k}"),
    # Every segment is evaluated before the binary is built, as in Erlang.
    ("<<({1}):16, (a + 1):16>>", "badarith"), ("<<({1}):16, 2:16>>", "badarg"),
])
def test_expression_error(text, want):
    assert format_term(reason(text)) == want


def test_map_update():
    # Built as AST: the grammar does not parse `M#{k := V}` yet (it wants `M##{k := V}`).
    def update(exact: bool, key: str, value: int) -> A.Map:
        return A.Map(fields=(A.MapField(A.Atom(value=key), A.Int(value=value), exact),),
                     base=A.Var(name="M"))

    m = parse_term("#{a => 1}")
    assert evaluate(update(True, "a", 2), {"M": m}) == parse_term("#{a => 2}")
    assert evaluate(update(False, "b", 3), {"M": m}) == parse_term("#{a => 1, b => 3}")
    with pytest.raises(ErlangError) as info:
        evaluate(update(True, "b", 3), {"M": m})
    assert info.value.reason == parse_term("{badkey, b}")
    with pytest.raises(ErlangError):
        evaluate(update(True, "a", 3), {"M": 1})


# ---------------------------------------------------------------- statements


def session(text: str, chor: str, args: dict, callbacks: dict | None = None,
            **options) -> Outcome:
    return run(front_end(Source("<test>", text)), chor, args, callbacks, **options)


MATCH = """
choreography m(A(X), B(Y)) {
    A.X ~> B.Y;
    return B.{same, Y};
}
"""


def test_a_bound_variable_in_a_pattern_is_matched():
    assert session(MATCH, "m", {"A": [1], "B": [1]}).results["b"] == (Atom("same"), 1)
    crashed = session(MATCH, "m", {"A": [1], "B": [2]})
    assert crashed.error == ("role_down", "b")
    assert crashed.as_term() == parse_term("{error, {role_down, b, {badmatch, 1}}}")
    assert session(MATCH, "m", {"a": [1], "b": [1.0]}).error == ("role_down", "b")


GUARDS = """
choreography g(A(X), B) {
    case A.X {
        N when is_integer(N), N > 10 -> { A.big ~> B.R; }
        N when hd(N) > 0 -> { A.positive_head ~> B.R; }
        N when is_list(N); is_tuple(N) -> { A.container ~> B.R; }
        5 -> { A.five ~> B.R; }
    }
    return B.R;
}
"""


@pytest.mark.parametrize("x, want", [
    (11, "big"), ([1], "positive_head"), ([], "container"), ((1,), "container"), (5, "five"),
])
def test_case_takes_the_first_clause_whose_guard_holds(x, want):
    outcome = session(GUARDS, "g", {"A": [x]})
    assert outcome.results == {"a": Atom("ok"), "b": Atom(want)}


def test_no_matching_clause_or_a_non_boolean_condition_crashes():
    assert session(GUARDS, "g", {"A": [6]}).as_term() == parse_term(
        "{error, {role_down, a, {case_clause, 6}}}")
    bad_if = "choreography bad_if(A(X), B) { if A.X { A.x ~> B.Y; } }"
    assert session(bad_if, "bad_if", {"A": [1]}).error == ("role_down", "a")


BRANCH_SCOPE = """
choreography v(A(C), B) {
    if A.C { A.X = 1; A.Y = 2; } else { A.X = 3; }
    A.Y = 5;
    return A.{X, Y};
}
"""


def test_only_variables_bound_in_every_branch_survive_a_choice():
    assert session(BRANCH_SCOPE, "v", {"A": [True]}).results["a"] == (1, 5)
    assert session(BRANCH_SCOPE, "v", {"A": [False]}).results["a"] == (3, 5)


def test_ping_pong_runs_in_constant_stack():
    depth = len(inspect.stack(0))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 60)  # far below 100000 nested calls
    try:
        outcome = run(example("ping_pong"), "ping_pong", {"Ping": [100_000], "Pong": [0]})
    finally:
        sys.setrecursionlimit(limit)
    assert outcome.results == {"ping": Atom("done"), "pong": (Atom("served"), 100_000)}
    assert outcome.messages == 2 * 100_000 + 1


def test_step_limit():
    with pytest.raises(StepLimitExceeded):
        run(example("ping_pong"), "ping_pong", {"Ping": [1000], "Pong": [0]}, max_steps=100)


def test_a_raising_callback_crashes_its_role():
    outcome = run(example("shipping"), "shipping", {"Alice": [Atom("book"), 2]},
                  {"Carol": {("quote", 2): lambda item, qty: 1 // 0}})
    assert outcome.error == ("role_down", "carol")
    assert outcome.reason[:2] == (Atom("callback_failed"), Atom("quote"))
    assert outcome.messages == 2


def test_unsupported_functions_are_reported_not_crashes():
    text = "choreography u(A) { A.P = self(); }"
    with pytest.raises(InterpreterUnsupported, match="self/0"):
        session(text, "u", {})


CHECKPOINT = """
choreography inner(B(V), A) {
    B.check(V) ~> A.R;
    return A.R;
}

choreography cp(A(X), B) {
    checkpoint {
        A.Y = first;
        A.X ~> B.V;
        A.R = inner(B(V), A);
    } rescue {
        A.Y = second;
        A.fallback ~> B.V;
        B.V ~> A.R;
    }
    return A.{Y, R}, B.V;
}
"""


def _fail(*args: object) -> None:
    raise RuntimeError("the callback failed")


def test_checkpoint_rescue_runs_from_the_variables_on_entry():
    ok = session(CHECKPOINT, "cp", {"A": [7]}, {"B": {("check", 1): lambda v: v * 2}})
    assert ok.results == {"a": (Atom("first"), 14), "b": 7}
    assert ok.messages == 2
    boom = session(CHECKPOINT, "cp", {"A": [7]},
                   {"B": {("check", 1): _fail}})
    assert boom.results == {"a": (Atom("second"), Atom("fallback")), "b": Atom("fallback")}
    assert boom.messages == 3


def test_a_crash_in_the_rescue_ends_the_session():
    text = """
    choreography r(A, B) {
        checkpoint { A.X = hd([]); } rescue { B.Y = tl([]); }
        return A.done;
    }
    """
    assert session(text, "r", {}).as_term() == parse_term(
        "{error, {role_down, b, badarg}}")


def test_explicit_and_inserted_selections_count():
    text = """
    choreography s(A(C), B) {
        if A.C { A[yes] ~> B; A.x ~> B.R; } else { B.y ~> A.R; }
        return B.done;
    }
    """
    assert session(text, "s", {"A": [True]}).messages == 2
    assert session(text, "s", {"A": [False]}).messages == 2  # B learns by selection


def test_results_of_calls_bind_at_the_caller_roles():
    program = example("merge_sort")
    outcome = run(program, "merge_sort", {"A": [erl_list([3, 1, 2])]})
    assert outcome.results == {"a": erl_list([1, 2, 3]), "b": Atom("ok"), "c": Atom("ok")}
    assert run(program, "merge_sort", {"A": [NIL]}).results["a"] == NIL
