"""`checkpoint { B1 } rescue { B2 }` on real Erlang (design section 7, issue 6).

The choreographies are in tests/choreographies/checkpoint_*.chor; their callback
`step(Keys, Tag, N, V)` (checkpoint_impl.erl) returns `{N, {Tag, V}}`, and fails
(`{Tag, N}` in Keys), returns a value of the wrong shape (`{bad, Tag, N}`), or sleeps
5 s (`{slow, Tag, N}`) on the steps that a role's start argument names. Each test
checks the results against what the global semantics gives, that no process of the
session is left, and, with the trace, that no message of an abandoned block is
consumed afterwards.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from choreo_erl.backends.erlang.state_machine import (
    MachineBuilder,
    carries_notices,
    first_sends,
)
from choreo_erl.core.source import Source
from choreo_erl.pipeline import front_end
from choreo_erl.projector import ir
from choreo_erl.projector.project import project_program
from tests.support.dialyzer import dialyze

CHORS = Path(__file__).parent / "choreographies"
QUIET = "logger:set_primary_config(level, emergency),"
LOUD = "logger:set_primary_config(level, notice),"
IMPL = "#{impl => #{a => checkpoint_impl, b => checkpoint_impl, c => checkpoint_impl}}"
IMPL_AB = "#{impl => #{a => checkpoint_impl, b => checkpoint_impl}}"

# ---------------------------------------------------------------- checkpoint_loop

ROUNDS = 3


def _keys(*keys: str) -> str:
    return "[" + ", ".join(keys) + "]"


def _round(n: int, rescued: bool) -> str:
    """B's R (and C's Got) in round n."""
    if rescued:
        return f"{{{n}, {{r, rescued}}}}"
    x3 = f"{{c1, {{{{b1, {{a1, start}}}}, {{{n}, {{c0, {{a2, start}}}}}}}}}}"
    return f"{{{n}, {{b2, {x3}}}}}"


def _loop_result(rescued_rounds: set[int]) -> str:
    rs = ", ".join(_round(n, n in rescued_rounds) for n in range(ROUNDS, 0, -1))
    return f"{{ok, #{{a => done, b => [{rs}], c => [{rs}]}}}}"


# Where a failure can be injected: (role whose start argument names it, key, where it
# fails). Every step of every role's part of the block, a value that the receiver's
# pattern does not match, and a callback too slow for a `within`.
FAILURES = [
    ("a", "{a1, N}", "A raises at its first send"),
    ("a", "{a2, N}", "A raises at its second send"),
    ("c", "{c0, N}", "C raises in a local step"),
    ("b", "{b1, N}", "B raises at its send"),
    ("c", "{c1, N}", "C raises at its send"),
    ("b", "{b2, N}", "B raises in its last step"),
    ("a", "{bad, a1, N}", "B's pattern does not match"),
    ("a", "{bad, a2, N}", "C's pattern does not match"),
    ("b", "{bad, b1, N}", "C's pattern does not match"),
    ("c", "{bad, c1, N}", "B's pattern does not match"),
    ("c", "{slow, c1, N}", "B's `within` expires while C is busy"),
]

# The steps of the block (numbered in the file): their payloads carry the round.
BLOCK_STEPS = "[1, 2, 3, 4]"


def _run_loop(erl, keys: dict[str, str], expected: str, timeout_ms: int = 3000) -> str:
    """Runs checkpoint_loop with tracing; returns what `_run_traced` found."""
    args = f"#{{a => [{ROUNDS}, {keys.get('a', '[]')}], b => [{keys.get('b', '[]')}, []], " \
           f"c => [{keys.get('c', '[]')}, []]}}"
    return _run_traced(erl, "checkpoint_loop", args, IMPL, "[a, b, c]", BLOCK_STEPS,
                       expected, timeout_ms)


def _run_traced(erl, module: str, args: str, impl: str, roles: str, steps: str,
                expected: str, timeout_ms: int) -> str:
    """Runs one session of `module` with tracing; returns
    `{Result =:= expected, Ordered, Left, Took < timeout_ms, Result}`.

    `Ordered`: per receiver (of `roles`) and step (of `steps`, those of the block,
    whose payloads carry the round), the rounds of the messages it consumed, each at
    most once and in the order of the rounds. A message of an abandoned block consumed
    later would repeat a round or break the order. `Left`: processes left over. (The
    expression is sent as one line: no `%` comments in it.)
    """
    expr = QUIET + f"""
        Before = length(erlang:processes()),
        T0 = erlang:monotonic_time(millisecond),
        {{ok, S}} = {module}:start({args}, maps:merge({impl}, #{{trace => self()}})),
        Result = {module}:await(S, 20000),
        Took = erlang:monotonic_time(millisecond) - T0,
        Events = (fun Collect(Acc) ->
                      receive {{choreo_trace, S, E}} -> Collect([E | Acc])
                      after 0 -> lists:reverse(Acc)
                      end
                  end)([]),
        Rounds = [{{R, St, [N || #{{kind := recv, role := R1, step := St1,
                                      payload := {{N, _}}}} <- Events,
                                R1 =:= R, St1 =:= St, is_integer(N)]}}
                  || R <- {roles}, St <- {steps}],
        Ordered = lists:all(fun({{_, _, Ns}}) -> Ns =:= lists:reverse(lists:usort(Ns)) end,
                            Rounds),
        timer:sleep(20),
        Left = length(erlang:processes()) - Before,
        """ + LOUD + f"""
        {{Result =:= {expected}, Ordered, Left, Took < {timeout_ms}, Result}}"""
    return erl.eval(expr, timeout=60)


@pytest.mark.erlang
def test_loop_without_failures(erl):
    out = _run_loop(erl, {}, _loop_result(set()))
    assert out.startswith("{true,true,0,true,"), out


@pytest.mark.erlang
@pytest.mark.parametrize("round_", range(ROUNDS, 0, -1), ids=lambda n: f"round{n}")
@pytest.mark.parametrize("role,key,what", FAILURES, ids=[f[1] for f in FAILURES])
def test_failure_at_every_step_is_rescued(erl, role, key, what, round_):
    keys = {role: _keys(key.replace("N", str(round_)))}
    # A callback too slow for the `within`: the busy role is replaced, so the session
    # ends long before the 5 s that the callback sleeps.
    out = _run_loop(erl, keys, _loop_result({round_}), timeout_ms=2500)
    assert out.startswith("{true,true,0,true,"), f"{what}: {out}"


@pytest.mark.erlang
def test_failures_in_several_rounds_and_roles(erl):
    keys = {"a": _keys("{a2, 3}"), "b": _keys("{b2, 1}"), "c": _keys("{slow, c1, 2}")}
    out = _run_loop(erl, keys, _loop_result({1, 2, 3}), timeout_ms=3000)
    assert out.startswith("{true,true,0,true,"), out


@pytest.mark.erlang
def test_two_roles_failing_in_one_block_are_one_failure(erl):
    # B and C fail in the same block, each before it hears of the other's failure:
    # both run the rescue, once.
    keys = {"b": _keys("{b1, 2}"), "c": _keys("{c0, 2}")}
    out = _run_loop(erl, keys, _loop_result({2}))
    assert out.startswith("{true,true,0,true,"), out


@pytest.mark.erlang
def test_slow_participant_is_replaced_promptly(erl):
    # Round 3: B waits 300 ms for C, which sleeps 5 s in its callback. C's process is
    # killed, and a new one goes on from C's state at entry (C's results hold every
    # round), long before the callback would have returned.
    expr = QUIET + f"""
        T0 = erlang:monotonic_time(millisecond),
        {{ok, S}} = checkpoint_loop:start(#{{a => [3, []], b => [[], []],
                                             c => [[{{slow, c1, 3}}], []]}}, {IMPL}),
        #{{c := C0}} = checkpoint_loop:roles(S),
        Result = checkpoint_loop:await(S, 5000),
        Took = erlang:monotonic_time(millisecond) - T0,
        """ + LOUD + f"""
        {{is_process_alive(C0), Result =:= {_loop_result({3})}, Took < 1000}}"""
    assert erl.eval(expr) == "{false,true,true}"


@pytest.mark.erlang
@pytest.mark.parametrize("sleep_ms", [305, 315, 320, 325, 330, 340])
def test_busy_participant_that_comes_back_during_its_replacement(erl, sleep_ms):
    # C's callback returns just after B's `within` (300 ms) has failed the block, around
    # when the owner gives up waiting for C (20 ms later) and replaces it: C's old
    # process runs on while it is replaced. Whatever it does then, the block is rescued
    # once, no message is lost or consumed twice, and nothing is left.
    keys = {"c": _keys(f"{{sleep, {sleep_ms}, c1, 2}}")}
    out = _run_loop(erl, keys, _loop_result({2}), timeout_ms=2500)
    assert out.startswith("{true,true,0,true,"), out


@pytest.mark.erlang
def test_failure_in_the_rescue_ends_the_session(erl):
    expr = QUIET + f"""
        Before = length(erlang:processes()),
        R = checkpoint_loop:run(#{{a => [3, [{{a1, 2}}, {{r, 2}}]], b => [[], []],
                                   c => [[], []]}}, {IMPL}),
        timer:sleep(20),
        Left = length(erlang:processes()) - Before,
        """ + LOUD + """
        {case R of {error, {role_down, a, {{injected, r, 2}, _}}} -> down; _ -> R end, Left}"""
    assert erl.eval(expr) == "{down,0}"


# ---------------------------------------------------------------- nested, deep, return

NESTED_OK = "{0, {o2, {0, {i2, {i1, {o1, x}}}}}}"
INNER = "{0, {o2, {0, {ir, inner_rescued}}}}"
OUTER = "{0, {orr, outer_rescued}}"


@pytest.mark.erlang
@pytest.mark.parametrize("ka,kb,b", [
    ("[]", "[]", NESTED_OK),
    ("[{o1, 0}]", "[]", OUTER),           # the outer block
    ("[]", "[{i1, 0}]", INNER),           # the inner block, B
    ("[{i2, 0}]", "[]", INNER),           # the inner block, A
    ("[]", "[{o2, 0}]", OUTER),           # the outer block, after the inner one
    ("[{ir, 0}]", "[{i1, 0}]", OUTER),    # the inner rescue fails: the outer rescues
    ("[]", "[{i1, 0}, {o2, 0}]", OUTER),  # rescued inside, then the outer fails
])
def test_nested_checkpoints(erl, ka, kb, b):
    expr = QUIET + f"""
        Before = length(erlang:processes()),
        R = checkpoint_nested:run(#{{a => [{ka}], b => [{kb}]}}, {IMPL_AB}),
        timer:sleep(20),
        """ + LOUD + f"""
        {{R =:= {{ok, #{{a => done, b => {b}}}}}, length(erlang:processes()) - Before, R}}"""
    out = erl.eval(expr)
    assert out.startswith("{true,0,"), out


@pytest.mark.erlang
def test_failure_in_the_outer_rescue_ends_the_session(erl):
    expr = QUIET + f"""
        R = checkpoint_nested:run(#{{a => [[{{orr, 0}}]], b => [[{{o2, 0}}]]}}, {IMPL_AB}),
        """ + LOUD + """
        case R of {error, {role_down, a, {{injected, orr, 0}, _}}} -> down; _ -> R end"""
    assert erl.eval(expr) == "down"


@pytest.mark.erlang
@pytest.mark.parametrize("kb,b", [
    ("[]", "{o1, {i2, {i1, x}}}"),
    ("[{slow, o1, 0}]", "{0, {orr, outer_rescued}}"),
])
def test_busy_after_an_inner_commit_is_replaced(erl, kb, b):
    # B commits the inner block (its dictionary copy of the checkpoint state is
    # not updated at a commit), then sleeps in the outer block until A's `within`
    # fails it: B is replaced from the outer block's frame, promptly.
    expr = QUIET + f"""
        Before = length(erlang:processes()),
        T0 = erlang:monotonic_time(millisecond),
        R = checkpoint_stale:run(#{{a => [[]], b => [{kb}]}}, {IMPL_AB}),
        Took = erlang:monotonic_time(millisecond) - T0,
        timer:sleep(20),
        """ + LOUD + f"""
        {{R =:= {{ok, #{{a => done, b => {b}}}}}, length(erlang:processes()) - Before,
         Took < 2000, R}}"""
    out = erl.eval(expr)
    assert out.startswith("{true,0,true,"), out


def _deep(n: int, failing: set[int]) -> str:
    """A's result of checkpoint_deep(N) when the levels in `failing` fail."""
    out = "bottom"
    for d in range(1, n + 1):
        out = f"{{rescued, {d}}}" if d in failing else f"{{{d}, {{d, {out}}}}}"
    return out


@pytest.mark.erlang
@pytest.mark.parametrize("n,failing", [(3, set()), (3, {2}), (3, {1, 3}), (300, {150}),
                                       (300, {1, 299})])
def test_checkpoint_in_recursion(erl, n, failing):
    keys = "[" + ", ".join(f"{{d, {d}}}" for d in sorted(failing)) + "]"
    expr = QUIET + f"""
        Before = length(erlang:processes()),
        R = checkpoint_deep:run(#{{a => [{n}, {keys}]}}, {IMPL_AB}),
        timer:sleep(20),
        """ + LOUD + f"""
        {{R =:= {{ok, #{{a => {_deep(n, failing)}, b => ok}}}},
         length(erlang:processes()) - Before}}"""
    assert erl.eval(expr, timeout=60) == "{true,0}"


@pytest.mark.erlang
@pytest.mark.parametrize("ka,kb,result", [
    ("[]", "[]", "#{a => {b1, {a1, go}}, b => {a1, go}, log => unused}"),
    ("[{a1, 0}]", "[]", "#{a => {logged, failed}, b => rescued, log => failed}"),
    ("[]", "[{b1, 0}]", "#{a => {logged, failed}, b => rescued, log => failed}"),
])
def test_return_inside_a_block_and_a_role_only_in_the_rescue(erl, ka, kb, result):
    impl = "#{impl => #{a => checkpoint_impl, b => checkpoint_impl, log => checkpoint_impl}}"
    expr = QUIET + f"""
        R = checkpoint_return:run(#{{a => [{ka}], b => [{kb}]}}, {impl}),
        """ + LOUD + f"""
        R =:= {{ok, {result}}}"""
    assert erl.eval_ok(expr)


@pytest.mark.erlang
def test_empty_checkpoints_compile_and_run(erl):
    # tests/choreographies/checkpoint_empty.chor: blocks in which no role acts.
    expr = """
        [checkpoint_empty:run(#{a => [7]}, #{}), checkpoint_empty_body:run(#{a => [7]}, #{}),
         checkpoint_empty_nested:run(#{a => [7]}, #{})]"""
    assert erl.eval(expr) == "[" + ",".join(["{ok,#{a => 7,b => 7}}"] * 3) + "]"


def test_a_checkpoint_in_which_no_role_acts_projects_to_nothing():
    procs = _project("""
        choreography nothing_here(A(X), B) {
            checkpoint { } rescue { }
            A.X ~> B.Y;
        }""").procs
    assert not [i for p in procs.values() for i in ir.walk(p.body) if isinstance(i, ir.Checkpoint)]


@pytest.mark.erlang
def test_many_concurrent_sessions_with_failures_leave_nothing(erl):
    expr = QUIET + f"""
        Before = length(erlang:processes()),
        Keys = fun(I) -> case I rem 4 of
                             0 -> {{[], [], []}};
                             1 -> {{[{{a1, 2}}], [], []}};
                             2 -> {{[], [{{b2, 1}}], []}};
                             3 -> {{[], [], [{{c0, 3}}]}}
                         end end,
        Ss = [{{I, element(2, checkpoint_loop:start(
                   #{{a => [3, element(1, Keys(I))], b => [element(2, Keys(I)), []],
                      c => [element(3, Keys(I)), []]}}, {IMPL}))}}
              || I <- lists:seq(1, 200)],
        Rs = [{{I rem 4, checkpoint_loop:await(S, 20000)}} || {{I, S}} <- Ss],
        Expected = #{{0 => {_loop_result(set())}, 1 => {_loop_result({2})},
                      2 => {_loop_result({1})}, 3 => {_loop_result({3})}}},
        Bad = [R || {{K, R}} <- Rs, R =/= maps:get(K, Expected)],
        timer:sleep(50),
        """ + LOUD + """
        {Bad, length(erlang:processes()) - Before}"""
    assert erl.eval(expr, timeout=120) == "{[],0}"


# ---------------------------------------------------------------- checkpoint_ping_pong

PP_ROUNDS = 3


def _pp_result(rounds: int, rescued_rounds: set[int]) -> str:
    xs = ", ".join("rescued" if n in rescued_rounds else f"{{p1, {n}}}"
                   for n in range(rounds, 0, -1))
    return f"{{ok, #{{ping => done, pong => [{xs}]}}}}"


def _run_pp(erl, keys: dict[str, str], expected: str, rounds: int = PP_ROUNDS,
            timeout_ms: int = 3000) -> str:
    """Runs checkpoint_ping_pong with tracing; the same checks as _run_loop/4."""
    args = f"#{{ping => [{rounds}, {keys.get('ping', '[]')}], " \
           f"pong => [{keys.get('pong', '[]')}, []]}}"
    impl = "#{impl => #{ping => checkpoint_impl, pong => checkpoint_impl}}"
    return _run_traced(erl, "checkpoint_ping_pong", args, impl, "[ping, pong]", "[1, 2]",
                       expected, timeout_ms)


# Where a failure can be injected in a round of checkpoint_ping_pong. The first round
# enters the block when Pong takes Ping's message from its wait; each later one when
# Pong takes the message that tells it the commit of the round before.
PP_FAILURES = [
    ("ping", "{p1, N}", "Ping raises before its send"),
    ("ping", "{p0, N}", "Ping raises after its send"),
    ("pong", "{q1, N}", "Pong raises as it enters the block"),
    ("pong", "{bad, q1, N}", "Ping's pattern does not match"),
    ("ping", "{p2, N}", "Ping raises while Pong waits for the verdict"),
    ("pong", "{slow, q1, N}", "Ping's `within` expires while Pong is busy"),
]


@pytest.mark.erlang
def test_ping_pong_loop_without_failures(erl):
    out = _run_pp(erl, {}, _pp_result(500, set()), rounds=500)
    assert out.startswith("{true,true,0,true,"), out


@pytest.mark.erlang
@pytest.mark.parametrize("round_", range(PP_ROUNDS, 0, -1), ids=lambda n: f"round{n}")
@pytest.mark.parametrize("role,key,what", PP_FAILURES, ids=[f[1] for f in PP_FAILURES])
def test_ping_pong_failure_at_every_step_is_rescued(erl, role, key, what, round_):
    keys = {role: _keys(key.replace("N", str(round_)))}
    out = _run_pp(erl, keys, _pp_result(PP_ROUNDS, {round_}), timeout_ms=2500)
    assert out.startswith("{true,true,0,true,"), f"{what}: {out}"


@pytest.mark.erlang
def test_ping_pong_failures_in_consecutive_rounds(erl):
    keys = {"ping": _keys("{p2, 5}", "{p1, 3}"), "pong": _keys("{q1, 4}", "{slow, q1, 2}")}
    out = _run_pp(erl, keys, _pp_result(6, {2, 3, 4, 5}), rounds=6, timeout_ms=3500)
    assert out.startswith("{true,true,0,true,"), out


# ---------------------------------------------------------------- projection, codegen


def _project(text: str):
    return project_program(front_end(Source("t.chor", text)))


PING_PONG = """
choreography pp(Ping(N), Pong(Served)) {
    if Ping.(N > 0) {
        checkpoint {
            Ping.{ping, N} ~> Pong.{ping, K};
            Pong.{pong, K} ~> Ping.{pong, N};
        } rescue {
            Pong.K = lost;
        }
        pp(Ping(N - 1), Pong(Served + 1));
    } else {
        return Ping.done, Pong.{served, Served};
    }
}
"""


def test_commit_plan_uses_the_blocks_own_messages():
    procs = _project(PING_PONG).procs
    cps = {role: [i for i in ir.walk(procs[("pp", role)].body) if isinstance(i, ir.Checkpoint)]
           for role in ("Ping", "Pong")}
    # Pong's last action in the block is its reply: when Ping has it, both are done.
    assert cps["Ping"][0].plan == ir.CommitPlan("close", "Ping", (), ("Pong",))
    assert cps["Pong"][0].plan == ir.CommitPlan("wait", "Ping")
    assert cps["Ping"][0].parts == ("Ping", "Pong")


def test_a_message_inside_a_checkpoint_tells_the_choice():
    # Pong learns the branch from Ping's first message, inside the block: no
    # selection for `then` (only `else` needs one).
    procs = _project(PING_PONG).procs
    chooses = [i for i in ir.walk(procs[("pp", "Ping")].body) if isinstance(i, ir.Choose)]
    assert [c.label for c in chooses] == ["else"]
    offer = procs[("pp", "Pong")].body[0]
    assert isinstance(offer, ir.Offer)
    first = offer.branches[0].body[0]
    assert isinstance(first, ir.Checkpoint) and first.entered
    machine = MachineBuilder(procs[("pp", "Pong")]).build()
    assert "{1, [{1, [ping, pong], " in machine.enter_body[0].text


def _ping_plan(text: str, chor: str) -> bool:
    procs = _project(text).procs
    cp = next(i for i in ir.walk(procs[(chor, "Ping")].body) if isinstance(i, ir.Checkpoint))
    assert cp.plan.kind == "close"
    return carries_notices(cp)


def test_the_first_messages_of_a_loop_s_block_carry_the_commit():
    # Ping's part of the block starts with a message to Pong, the one role it must
    # tell: `{close, [], [pong], [pong]}`, the runtime notes no notice.
    assert _ping_plan(PING_PONG, "pp")
    # Ping first waits for Pong: its messages cannot tell the commit first.
    waits = PING_PONG.replace(
        "Ping.{ping, N} ~> Pong.{ping, K};\n            Pong.{pong, K} ~> Ping.{pong, N};",
        "Pong.{hello, Served} ~> Ping.{hello, H};\n"
        "            Ping.{ping, N} ~> Pong.{ping, K};\n"
        "            Pong.{pong, K} ~> Ping.{pong, N};")
    assert waits != PING_PONG
    assert not _ping_plan(waits, "pp")
    # A branch counts when each arm sends to Pong first.
    branch = """
    choreography br(Ping(N), Pong) {
        if Ping.(N > 0) {
            checkpoint {
                if Ping.(N > 5) { Ping.big ~> Pong.X; } else { Ping.small ~> Pong.X; }
                Pong.X ~> Ping.Y;
            } rescue {
                Ping.Y = lost;
            }
            br(Ping(N - 1), Pong);
        } else {
            return Ping.done, Pong.done;
        }
    }
    """
    assert _ping_plan(branch, "br")


def test_first_sends_stop_at_the_first_wait_and_meet_over_branches():
    def send(to: str) -> ir.Send:
        return ir.Send(to=to)

    recv = ir.Recv(frm="Pong")
    assert first_sends((send("Pong"), ir.Local(), send("Watch"), recv, send("Log"))) == \
        {"Pong", "Watch"}
    assert first_sends((recv, send("Pong"))) == frozenset()
    assert first_sends((ir.If(then=(send("Pong"),), orelse=(recv, send("Pong"))),)) == \
        frozenset()
    assert first_sends((ir.If(then=(send("Pong"), send("W")),
                              orelse=(ir.Choose(to="Pong"),)),)) == {"Pong"}


def test_report_when_the_collector_cannot_know():
    text = """
    choreography two(A, B, C, D) {
        checkpoint {
            A.1 ~> B.X;
            C.2 ~> D.Y;
        } rescue {
            A.0 ~> B.X;
        }
        return B.X, D.done;
    }
    """
    procs = _project(text).procs
    plans = {r: next(i for i in ir.walk(procs[("two", r)].body)
                     if isinstance(i, ir.Checkpoint)).plan for r in "ABCD"}
    collector = next(r for r, p in plans.items() if p.kind == "close")
    assert sorted(plans[collector].notify) == sorted(set("ABCD") - {collector})
    reporting = {r for r, p in plans.items() if p.kind == "report"}
    assert reporting == set(plans[collector].awaited) and reporting
    assert all(p.collector == collector for p in plans.values())


@pytest.mark.erlang
@pytest.mark.skipif(shutil.which("dialyzer") is None, reason="dialyzer is not installed")
def test_checkpoint_code_passes_dialyzer(tmp_path):
    dialyze(tmp_path, sorted(CHORS.glob("checkpoint_*.chor")), [CHORS / "checkpoint_impl.erl"])
