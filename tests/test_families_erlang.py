"""Role families on real Erlang (design section 8): session arguments, results in member
order, member names in errors and traces, families started with `new`, and that nothing
is left running.

The examples of ../shared/examples/families/ run in test_examples_run.py; these use the
choreographies of tests/choreographies/fam_*.chor, in the shared VM (`erl` fixture).
"""

from __future__ import annotations

import pytest

from choreo_erl.interpreter.semantics import run
from choreo_erl.interpreter.terms import format_term
from choreo_erl.pipeline import front_end
from choreo_erl.pipeline.compilation import read_source
from choreo_erl.projector.project import project_program
from tests.conftest import TEST_CHOREOGRAPHIES

pytestmark = pytest.mark.erlang


@pytest.mark.parametrize("args, error", [
    # A family's entry: a member count, or one argument list per member.
    ("#{a => [[]], ws => 2}", "{badarg,ws,{family,1}}"),
    ("#{a => [[]], ws => -1}", "{badarg,ws,{family,1}}"),
    ("#{a => [[]], ws => x}", "{badarg,ws,{family,1}}"),
    ("#{a => [[]], ws => [[x] | y]}", "{badarg,ws,{family,1}}"),
    ("#{a => [[]], ws => [[x], [y, z]]}", "{badarg,ws,{member,2,{arity,1}}}"),
    ("#{a => [[]], ws => [[x], y]}", "{badarg,ws,{member,2,{arity,1}}}"),
    # The single roles keep their rules.
    ("#{ws => [[x]]}", "{badarg,a,{missing,1}}"),
    ("#{a => [[]], zs => 1}", "{badarg,zs,unknown_role}"),
])
def test_family_arguments_are_checked_before_anything_starts(erl, args, error):
    expr = f"""
        Before = erlang:system_info(process_count),
        R = fam_order:run({args}, #{{}}),
        {{R, erlang:system_info(process_count) - Before}}"""
    assert erl.eval(expr) == f"{{{{error,{error}}},0}}"


def test_nodes_option_may_place_a_family_on_a_list_of_nodes(erl):
    # Accepted for a family (round-robin), refused for a single role.
    assert erl.eval("fam_order:run(#{a => [[]]}, #{nodes => #{ws => [node(), node()]}})") \
        == "{ok,#{a => {[],done},b => ok,ws => []}}"
    assert erl.eval("fam_order:run(#{a => [[]]}, #{nodes => #{ws => []}})") \
        == "{error,{badopt,nodes,{bad_value,ws,[]}}}"
    assert erl.eval("fam_order:run(#{a => [[]]}, #{nodes => #{a => [node()]}})") \
        == f"{{error,{{badopt,nodes,{{bad_value,a,[{erl.eval('node()')}]}}}}}}"


def test_a_gather_lists_the_members_in_order_whatever_order_they_answer_in(erl):
    # Member I waits 300, 200, 100 ms: they answer in reverse order, and the list
    # (and the family's result) is still in member order.
    expr = """
        {ok, R} = fam_order:run(#{a => [[300, 200, 100]], ws => [[x], [y], [z]]},
                                #{trace => self()}),
        Arrived = fun Loop(Acc) ->
                      receive
                          {choreo_trace, _, #{kind := recv, role := a, step := 3,
                                              peer := {ws, I}}} -> Loop([I | Acc]);
                          {choreo_trace, _, _} -> Loop(Acc)
                      after 0 -> lists:reverse(Acc)
                      end
                  end([]),
        {R, Arrived}"""
    assert erl.eval(expr) == "{#{a => {[x,y,z],done},b => ok,ws => [x,y,z]},[3,2,1]}"


def test_no_member_sends_and_awaits_nothing(erl):
    expr = """
        {ok, R} = fam_order:run(#{a => [[]], ws => []}, #{trace => self()}),
        Sends = fun Loop(N) ->
                    receive {choreo_trace, _, #{kind := send}} -> Loop(N + 1);
                            {choreo_trace, _, _} -> Loop(N)
                    after 0 -> N
                    end
                end(0),
        {R, Sends}"""
    assert erl.eval(expr) == "{#{a => {[],done},b => ok,ws => []},1}"


def test_a_failing_member_ends_the_session_with_its_name_and_leaves_nothing(erl):
    expr = """
        Before = erlang:system_info(process_count),
        {ok, S} = fam_order:start(#{a => [[50, 50, 50]], ws => [[x], [crash], [z]]}, #{}),
        Roles = fam_order:roles(S),
        R = fam_order:await(S, 5000),
        {lists:sort(maps:keys(Roles)),
         element(1, element(2, R)), element(2, element(2, R)),
         element(1, element(3, element(2, R))),
         [P || P <- maps:values(Roles), is_process_alive(P)],
         erlang:system_info(process_count) - Before}"""
    assert erl.eval(expr) == "{[a,b,{ws,1},{ws,2},{ws,3}],role_down,{ws,2},member_failed,[],0}"


def test_members_are_stopped_when_another_role_fails(erl):
    # A fails at once (lists:nth/2 of an empty list) while the members wait for it.
    expr = """
        Before = erlang:system_info(process_count),
        {ok, S} = fam_order:start(#{a => [[]], ws => [[x], [y]]}, #{}),
        R = fam_order:await(S, 5000),
        {element(2, element(2, R)), erlang:system_info(process_count) - Before}"""
    assert erl.eval(expr) == "{a,0}"


def test_members_busy_in_a_callback_are_killed_at_the_deadline(erl):
    expr = """
        Before = erlang:system_info(process_count),
        R = fam_order:run(#{a => [[5000, 5000]], ws => [[x], [y]]}, #{timeout => 100}),
        {R, erlang:system_info(process_count) - Before}"""
    assert erl.eval(expr) == "{{error,timeout},0}"


def _interpreted(chor: str, args: dict) -> tuple[str, int]:
    program = front_end(read_source(TEST_CHOREOGRAPHIES / f"{chor}.chor"))
    want = run(program, chor, args, {}, project_program(program))
    assert want.ok
    return format_term(want.as_term()), want.messages


@pytest.mark.parametrize("jobs", [[[1], [2], [3]], [], [[7]]])
def test_new_members_are_named_to_the_roles_that_talk_to_them(erl, jobs):
    # Clerk talks to the workers Boss starts: one {new, workers} message tells it.
    want, messages = _interpreted("fam_new", {"Boss": [jobs]})
    text = str(jobs).replace(" ", "")
    equal, sends, shown = erl.run_example(f"fam_new:run(#{{boss => [{text}]}}, #{{}})", want)
    assert equal, shown
    assert sends == messages == 2 + 3 * len(jobs)
    expr = f"""
        {{ok, _}} = fam_new:run(#{{boss => [{text}]}}, #{{trace => self()}}),
        fun Loop(Acc) ->
            receive
                {{choreo_trace, _, #{{kind := send, step := {{new, _}} = Step, role := R,
                                     peer := P}}}} -> Loop([{{Step, R, P}} | Acc]);
                {{choreo_trace, _, _}} -> Loop(Acc)
            after 0 -> Acc
            end
        end([])"""
    assert erl.eval(expr) == "[{{new,workers},boss,clerk}]"


def test_new_with_a_size_that_is_no_count_nor_argument_lists_fails_at_its_role(erl):
    expr = """
        Before = erlang:system_info(process_count),
        {error, {role_down, boss, {{badarg, Size}, _}}} = fam_new:run(#{boss => [x]}, #{}),
        {Size, erlang:system_info(process_count) - Before}"""
    assert erl.eval(expr) == "{x,0}"


def test_family_choreographies_go_to_the_generic_back_end():
    # A choreography with a family, and one that starts a family with `new` (it calls
    # another anyway), get the generic back end's modules; the spec names the families.
    from choreo_erl.pipeline import compile_file
    from tests.support.examples import FAMILIES

    for stem, families in (("sum_squares", "families => [workers]"),
                           ("count_words", "new => [workers]")):
        modules = compile_file(FAMILIES / f"{stem}.chor")
        api = modules[f"{stem}.erl"]
        assert "choreo_runtime:run(spec(), Args, Opts)" in api and "direct => true" not in api
        assert families in api
        assert all("-export([enter/2, resume/5])." in text
                   for name, text in modules.items()
                   if name.startswith(f"{stem}_") and name.endswith(".erl"))
