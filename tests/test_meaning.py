"""The compiler never changes what a choreography means (issue 13).

Each case is a small choreography run both by the interpreter of the global semantics
and by the generated Erlang, built with the strict erlc flags in one go and run in the
session's VM. A crash compares by role and reason (Erlang adds a stack trace).
"""

from __future__ import annotations

import pytest

from choreo_erl.core.source import Source
from choreo_erl.interpreter import semantics as interpreter
from choreo_erl.interpreter.read_term import parse_term
from choreo_erl.interpreter.terms import format_term
from choreo_erl.pipeline import compile_file, front_end
from tests.support.erlang_vm import erlc

pytestmark = pytest.mark.erlang

# name -> (choreography text, role args as Erlang text per role atom, expected result)
CASES: dict[str, tuple[str, dict[str, str], str]] = {}


def case(name: str, text: str, args: dict[str, str], expected: str) -> None:
    CASES[name] = (text.replace("NAME", name), args, expected)


# ---------------------------------------------------------------- item 1: local matches

_MATCHES = """
choreography NAME(A(X), B) {
    MATCH;
    A.done ~> B.R;
    return A.ok, B.R;
}
"""
for _name, _match, _arg, _reason in [
    ("mn_tuple", "A.{ok, _} = X", "{error, nope}", "{badmatch, {error, nope}}"),
    ("mn_bool", "A.true = (X > 0)", "0", "{badmatch, false}"),
    ("mn_div", "A.N = 1 / X", "0", "badarith"),
    ("mn_length", "A.N = length(X)", "7", "badarg"),
    ("mn_bound", "A.X = 3", "4", "{badmatch, 3}"),
    ("mn_literal", "A.5 = X", "4", "{badmatch, 4}"),
    ("mn_action", "A.(X + 1)", "a", "badarith"),
    ("mn_update", "A.M = X#{k => 1}", "x", "{badmap, x}"),
    ("mn_binary", "A.Bin = <<X>>", "a", "badarg"),
    ("mn_comp", "A.L = [Y || Y <- X]", "x", "{bad_generator, x}"),
]:
    case(_name, _MATCHES.replace("MATCH", _match), {"a": f"[{_arg}]"},
         f"{{error, {{role_down, a, {_reason}}}}}")

case("mn_recv", """
choreography NAME(A(X), B) {
    A.X ~> B.{ok, _};
    return A.ok;
}
""", {"a": "[{error, 1}]"}, "{error, {role_down, b, {badmatch, {error, 1}}}}")

case("mn_recv_bound", """
choreography NAME(A(X), B(Y)) {
    A.X ~> B.Y;
    return A.ok;
}
""", {"a": "[1]", "b": "[2]"}, "{error, {role_down, b, {badmatch, 1}}}")

case("mn_result", """
choreography NAME_sub(P(V), Q) {
    P.V ~> Q.W;
    return P.{error, V}, Q.W;
}
choreography NAME(A(X), B) {
    A.{ok, _}, B.W = NAME_sub(A(X), B);
    return B.W;
}
""", {"a": "[1]"}, "{error, {role_down, a, {badmatch, {error, 1}}}}")

# Dropped (cannot fail, cannot raise) or kept and passing: the session ends normally.
case("mn_ok", """
choreography NAME(A(X), B) {
    A.{ok, _} = X;
    A.Y = {X, [X], #{k => X}};
    A._ = X;
    A.Z = length([X]);
    A.(X);
    A.done ~> B.R;
    return A.ok, B.R;
}
""", {"a": "[{ok, 1}]"}, "{ok, #{a => ok, b => done}}")


# ---------------------------------------------------------------- items 2, 3: literals

# Each literal as written in a .chor file and in Erlang: they must mean the same.
LITERALS = [r'"\x41"', r'"\x{263A}"', r'"\^A"', r'"\101"', r'"\1012"', r'"\08"', r'$\x41',
            r'$\^A', r'$\101', r'$\7', r'$\s', r'$\\', r"$\'", r"'x\ny'", r"'\x{1F600}'",
            r'"\s\d\e\z"', r'"\x{41}B"', r'"\^a\^[\^?"', r'"a\"b\\c"', r"'it\'s'",
            r"'tab\there'", r"'\^A'", r'"\b\f\v\r\n\t"', r'<<"\x{e9}\n">>',
            r'<<"\x{263A}"/utf8>>', r"'\e['", '"\u2028 \u00a0"']
LITERAL_TUPLE = "{" + ", ".join(LITERALS) + "}"

case("mn_literals", f"""
choreography NAME(A, B) {{
    A.{LITERAL_TUPLE} ~> B.X;
    B.X ~> A.{LITERAL_TUPLE};
    B.{{'x\\ny', 'tab\\there'}} ~> A.{{Nl, Tab}};
    return A.{{Nl, Tab}}, B.X;
}}
""", {}, "{ok, #{a => {'x\\ny', 'tab\\there'}, b => " + LITERAL_TUPLE + "}}")


# ---------------------------------------------------------------- items 4, 5: read positions

case("mn_binsize", """
choreography NAME(A(X), B) {
    A.<<Len:8, _:Len/binary, _/binary>> = X;
    A.<<N:8, Skip:N/binary, _/binary>> = X;
    A.X ~> B.<<Len:8, Data:Len/binary, Rest/binary>>;
    case B.Rest {
        <<K:8, Two:(K * 8), _/binary>> -> { B.Two ~> A.T; }
        _ -> { B.none ~> A.T; }
    }
    return A.{Skip, T}, B.{Len, Data, Rest};
}
""", {"a": '[<<3, "abc", 2, 1, 0>>]'},
     '{ok, #{a => {<<"abc">>, 256}, b => {3, <<"abc">>, <<2, 1, 0>>}}}')

case("mn_binsize_short", """
choreography NAME(A(X), B) {
    A.X ~> B.<<Len:8, Data:Len/binary>>;
    return B.Data;
}
""", {"a": '[<<3, "ab">>]'}, '{error, {role_down, b, {badmatch, <<3, "ab">>}}}')

case("mn_mapkey", """
choreography NAME(A(X), B) {
    A.K = k;
    A.#{K := V} = X;
    A.V ~> B.#{v := W};
    return B.W;
}
""", {"a": "[#{k => #{v => 7}}]"}, "{ok, #{a => ok, b => 7}}")


# ---------------------------------------------------------------- item 7: comprehensions

_COMP = """
choreography NAME(A(X), B) {
    BODY
    A.L ~> B.L;
    return B.L;
}
"""
for _name, _body, _arg, _result in [
    ("mn_comp_unused", "A.L = [ok || Z <- X];", "[1, 2]", "[ok, ok]"),
    ("mn_comp_shadow", "A.Z = 5; A.L = {Z, [Z || Z <- X]};", "[1, 2]", "{5, [1, 2]}"),
    ("mn_comp_source", "A.Z = [7]; A.L = [Z || Z <- Z];", "x", "[7]"),
    ("mn_comp_nested", "A.L = [[Z || Z <- Z] || Z <- X];", "[[1], [2, 3]]", "[[1], [2, 3]]"),
    ("mn_comp_repeat", "A.L = [ok || {Z, Z} <- X];", "[{1, 1}, {1, 2}]", "[ok]"),
    ("mn_comp_again", "A.L = [Z || Z <- X, Z <- [Z, Z]];", "[1, 2]", "[1, 1, 2, 2]"),
    ("mn_comp_pairs", "A.L = [{P, Q} || P <- X, Q <- X, P < Q];", "[1, 2]", "[{1, 2}]"),
    ("mn_comp_mapkey", "A.K = k; A.L = {K, [V || #{K := V, j := K} <- X]};",
     "[#{k => 1, j => a}, #{k => 2, j => k}, #{j => k}]", "{k, [1, 2]}"),
    ("mn_comp_size", "A.N = 9; A.L = {N, [D || <<N:8, D:N/binary>> <- X]};",
     '[<<2, "ab">>, <<1, "a">>, <<5>>]', '{9, [<<"ab">>, <<"a">>]}'),
    ("mn_comp_filter", "A.Z = 2; A.L = [Z || Z <- X, Z > 1];", "[1, 2, 3]", "[2, 3]"),
]:
    case(_name, _COMP.replace("BODY", _body), {"a": f"[{_arg}]"},
         f"{{ok, #{{a => ok, b => {_result}}}}}")


# Operators whose value the pattern throws away: still evaluated (and may raise).
_HOIST = """
choreography NAME(A(X), B) {
    A.{ok, N} = {ok, X div 2};
    A.{ok, _, [_, {_}], K} = {ok, -X, [X + 1, {X * 2}], X - 1};
    A.K ~> B.R;
    return B.R;
}
"""
case("mn_hoist", _HOIST, {"a": "[4]"}, "{ok, #{a => ok, b => 3}}")
case("mn_hoist_raise", _HOIST, {"a": "[a]"}, "{error, {role_down, a, badarith}}")

# Matches that check accepts next to E0604's: they build, and fail only at run time.
_MAY = """
choreography NAME(A(X), B) {
    A.Y = 1;
    A.Z = 1;
    A.Y = Z;
    A.L = [a | X];
    A.[_, _ | _] = L;
    A.{ok, Q} = {ok, X};
    if A.(Q == []) { A.W = 1; } else { A.W = {b}; }
    A.{b} = W;
    A.<<255, 128, 255, 255>> ~> B.<<255:8, (-128):8/signed, 65535:16>>;
    return B.done;
}
"""
case("mn_may", _MAY, {"a": "[[b]]"}, "{ok, #{a => ok, b => done}}")
case("mn_may_fail", _MAY, {"a": "[[]]"}, "{error, {role_down, a, {badmatch, [a]}}}")

# Values that nothing reads, built from an operator's value: erlc drops the building and
# warned about the operator; only the parts that may raise are evaluated.
_UNREAD = """
choreography NAME(A(X), B) {
    A.V = X - 1;
    A.W = max(V, 1);
    A.V2 = X - 2;
    A.W2 = {V2, [V2]};
    A.V3 = X - 3;
    A.W3 = (V3 > 2);
    A.V4 = X - 4;
    A.W4 = [V4 || _ <- [1]];
    A.V5 = X - 5;
    A.W5 = length([V5]);
    A.(max(X - 6, 1));
    A.T = {ok, X div 2};
    A.{ok, _} = T;
    A.{ok, _, K} = {ok, min(X - 7, 0), X};
    A.K ~> B.R;
    return B.R;
}
"""
case("mn_unread", _UNREAD, {"a": "[10]"}, "{ok, #{a => ok, b => 10}}")
case("mn_unread_raise", _UNREAD, {"a": "[a]"}, "{error, {role_down, a, badarith}}")

# A case of one clause on a constructor is a match to erlc.
_ONE_CLAUSE = """
choreography NAME(A(X), B) {
    case A.{ok, X div 3, X} {
        {ok, _, Y} -> { A.Y ~> B.R; }
    }
    return B.R;
}
"""
case("mn_one_clause", _ONE_CLAUSE, {"a": "[4]"}, "{ok, #{a => ok, b => 4}}")
case("mn_one_clause_raise", _ONE_CLAUSE, {"a": "[a]"}, "{error, {role_down, a, badarith}}")

# A variable twice in a pattern that nothing reads afterwards still compares.
case("mn_twice", """
choreography NAME(A(M), B) {
    A.{X, X} = M;
    A.M ~> B.{Y, Y};
    case A.M {
        {Z, Z} -> { A.same ~> B.R; }
        _ -> { A.other ~> B.R; }
    }
    return B.R;
}
""", {"a": "[{1, 1}]"}, "{ok, #{a => ok, b => same}}")

# Literals that spell the generated code's own variables change nothing.
case("mn_names_in_literals", """
choreography NAME(A, B) {
    A.X = {"Impl_:", 'Ctx_', $", "a\\"Msg_", $'};
    A.X ~> B.Y;
    return B.{Y, "Ctx_ Impl_:"};
}
""", {}, """{ok, #{a => ok, b => {{"Impl_:", 'Ctx_', $", "a\\"Msg_", $'}, "Ctx_ Impl_:"}}}""")


# ---------------------------------------------------------------- running them

@pytest.fixture(scope="module")
def built(tmp_path_factory, erl):
    src = tmp_path_factory.mktemp("meaning_src")
    ebin = tmp_path_factory.mktemp("meaning_ebin")
    programs = {}
    for name, (text, _args, _expected) in CASES.items():
        chor = src / f"{name}.chor"
        chor.write_text(text)
        for mod, erl_text in compile_file(chor).items():
            (src / mod).write_text(erl_text)
        programs[name] = front_end(Source(str(chor), text))
    res = erlc(sorted(src.glob("*.erl")), ebin)
    assert res.returncode == 0, res.stdout + res.stderr
    assert erl.eval(f'code:add_patha("{ebin}")') == "true"
    return programs


def erlang_result(name: str, args: dict[str, str]) -> str:
    """Erlang for `Name:run/2`'s result, with the stack trace of a crashed role left out."""
    arg_map = "#{" + ", ".join(f"{r} => {v}" for r, v in args.items()) + "}"
    return (f"""
        case {name}:run({arg_map}, #{{}}) of
            {{error, {{role_down, R_, {{Reason_, [_ | _]}}}}}} ->
                {{error, {{role_down, R_, Reason_}}}};
            Other_ -> Other_
        end""")


@pytest.mark.parametrize("name", sorted(CASES))
def test_interpreter_and_erlang_agree(erl, built, name):
    # `expected` is read by Erlang itself, so literals mean what erl reads.
    _text, args, expected = CASES[name]
    outcome = interpreter.run(built[name], name,
                              {r: list(parse_term(v)) for r, v in args.items()})
    shown = format_term(outcome.as_term())
    assert erl.eval(f"{shown} =:= {expected}") == "true", shown
    got = erlang_result(name, args)
    assert erl.eval(f"({got}) =:= {expected}") == "true", erl.eval(got)
