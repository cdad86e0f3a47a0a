"""What a `within` costs now that the direct back end keeps it (issue 11).

    python -m bench.within_bench            # prints a table, returns a dict
    python -m bench.within_bench --quick    # fewer rounds and repeats

One VM runs every contestant, interleaved (A B C ... A B C ...) after a warm-up run of
each; the figures are medians of the ratios to the baseline measured in the same
turn:

- rounds: `ping_pong` (the acceptance example, direct back end) is the baseline;
  `within_ping_pong` (tests/choreographies: a `within` on Ping's receive) and
  `within_each` (a `within` on both receives) on the direct back end, and the same
  two compiled by the generic back end (`generic_only`), where every choreography
  with a `within` went before;
- sessions: many short sessions of `failing_quote` (../shared/examples, a `within`
  on Buyer's receive) on the direct and on the generic back end, against the same
  choreography without its `within` (`plain_quote`, direct).

The generated code is compiled by the same `compile_file` as the CLI (or
`emit_program(..., generic_only=True)`) and built with the strict erlc flags. See
docs/performance.md ("`within` on the direct back end").
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from choreo_erl.backends.erlang.build import erlc

from .erlang_side import generic_sources, run_driver

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CHOREO_SHARED", ROOT.parent / "shared"))
EXAMPLES = SHARED / "examples"
TESTS = ROOT / "tests" / "choreographies"

WITHIN_EACH = """\
% ping_pong with a `within` on each receive.
choreography within_each(Ping(N), Pong(Served)) {
    if Ping.(N > 0) {
        Ping.{ping, N} ~> Pong.{ping, K} within 60000;
        Pong.{pong, K} ~> Ping.{pong, N} within 60000;
        within_each(Ping(N - 1), Pong(Served + 1));
    } else {
        return Ping.done, Pong.{served, Served};
    }
}
"""

# Contestants: (name in the driver, module).
ROUNDS = ("ping_pong", "within_ping_pong", "within_each", "gen_within_ping_pong",
          "gen_within_each")
SESSIONS = ("plain_quote", "failing_quote", "gen_failing_quote")

DRIVER = r"""
-module(within_bench_driver).
-export([main/1]).

main([Rounds0, Sessions0, Repeats0, Out]) ->
    Rounds = list_to_integer(Rounds0),
    Sessions = list_to_integer(Sessions0),
    Repeats = list_to_integer(Repeats0),
    PP = fun(M) -> fun() -> {ok, _} = M:run(#{ping => [Rounds], pong => [0]}, #{}) end end,
    Q = fun(M) -> fun() -> [{ok, #{buyer := 10}} = M:run(#{buyer => [book]}, #{})
                            || _ <- lists:seq(1, Sessions)] end end,
    RoundMods = [ping_pong, within_ping_pong, within_each, gen_within_ping_pong,
                 gen_within_each],
    SessionMods = [plain_quote, failing_quote, gen_failing_quote],
    R = turns(Repeats, [PP(M) || M <- RoundMods]),
    S = turns(Repeats, [Q(M) || M <- SessionMods]),
    Lines = [io_lib:format("rounds ~s~n", [lists:join(" ", [integer_to_list(T) || T <- Ts])])
             || Ts <- R]
        ++ [io_lib:format("sessions ~s~n", [lists:join(" ", [integer_to_list(T) || T <- Ts])])
            || Ts <- S],
    ok = file:write_file(Out, Lines),
    halt(0).

%% A warm-up run of each, then Repeats turns of all of them, one after another.
turns(Repeats, Fs) ->
    _ = [time(F) || F <- Fs],
    [[time(F) || F <- Fs] || _ <- lists:seq(1, Repeats)].

%% Wall time (us).
time(F) ->
    garbage_collect(),
    T0 = erlang:monotonic_time(microsecond),
    _ = F(),
    erlang:monotonic_time(microsecond) - T0.
"""


def build(work: Path) -> Path:
    from choreo_erl.pipeline import compile_file

    src, ebin = work / "src", work / "ebin"
    src.mkdir(parents=True, exist_ok=True)
    ebin.mkdir(parents=True, exist_ok=True)
    quote = (EXAMPLES / "failing_quote.chor").read_text()
    sources = {
        "ping_pong": (EXAMPLES / "ping_pong.chor").read_text(),
        "within_ping_pong": (TESTS / "within_ping_pong.chor").read_text(),
        "within_each": WITHIN_EACH,
        "failing_quote": quote,
        "plain_quote": quote.replace("failing_quote(", "plain_quote(").replace(
            " within 1000", ""),
    }
    for name, text in sources.items():
        path = work / f"{name}.chor"
        path.write_text(text)
        for fname, erl in compile_file(path).items():
            (src / fname).write_text(erl)
        if name in ("within_ping_pong", "within_each", "failing_quote"):
            # The same choreography, as `gen_<name>`, by the generic back end.
            for fname, erl in generic_sources(work / f"gen_{name}.chor",
                                       text.replace(f"{name}(", f"gen_{name}(")).items():
                (src / fname).write_text(erl)
    erlc(sorted(src.glob("*.erl")), ebin)
    erlc([EXAMPLES / "failing_quote_seller_impl.erl"], ebin, strict=False)
    for name in ("plain_quote", "gen_failing_quote"):
        impl = work / f"{name}_seller_impl.erl"
        impl.write_text((EXAMPLES / "failing_quote_seller_impl.erl").read_text().replace(
            "failing_quote_seller_impl", f"{name}_seller_impl"))
        erlc([impl], ebin, strict=False)
    driver = work / "within_bench_driver.erl"
    driver.write_text(DRIVER)
    erlc([driver], ebin, strict=False)
    return ebin


def run(quick: bool = False) -> dict:
    rounds, sessions, repeats = (20_000, 2_000, 5) if quick else (100_000, 10_000, 11)
    with tempfile.TemporaryDirectory(prefix="choreo-within-bench-") as tmp:
        work = Path(tmp)
        ebin = build(work)
        out = work / "out.txt"
        text = run_driver(ebin, "within_bench_driver", [rounds, sessions, repeats], out)
        raw: dict[str, list[list[int]]] = {"rounds": [], "sessions": []}
        for line in text.splitlines():
            kind, *nums = line.split()
            raw[kind].append([int(n) for n in nums])
    return summarize(raw, rounds, sessions)


def summarize(raw: dict, rounds: int, sessions: int) -> dict:
    med = statistics.median
    out: dict = {"rounds": rounds, "sessions": sessions}
    for kind, names, per in (("rounds", ROUNDS, rounds), ("sessions", SESSIONS, sessions)):
        turns = raw[kind]
        out[kind + "_us"] = {n: med(t[i] for t in turns) / per for i, n in enumerate(names)}
        out[kind + "_ratio"] = {n: med(t[i] / t[0] for t in turns)
                                for i, n in enumerate(names)}
        out[kind + "_ratio_range"] = {n: (min(t[i] / t[0] for t in turns),
                                          max(t[i] / t[0] for t in turns))
                                      for i, n in enumerate(names)}
    return out


def table(result: dict) -> str:
    lines = [f"ping_pong, {result['rounds']} rounds per run (medians of interleaved runs)",
             f"  {'':<24}{'us/round':>10}{'ratio':>8}   range"]
    for n in ROUNDS:
        lo, hi = result["rounds_ratio_range"][n]
        lines.append(f"  {n:<24}{result['rounds_us'][n]:>10.3f}"
                     f"{result['rounds_ratio'][n]:>8.2f}   {lo:.2f}-{hi:.2f}")
    lines.append("")
    lines.append(f"quote sessions, {result['sessions']} per run, one after another")
    lines.append(f"  {'':<24}{'us/session':>10}{'ratio':>8}   range")
    for n in SESSIONS:
        lo, hi = result["sessions_ratio_range"][n]
        lines.append(f"  {n:<24}{result['sessions_us'][n]:>10.2f}"
                     f"{result['sessions_ratio'][n]:>8.2f}   {lo:.2f}-{hi:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and repeats")
    args = parser.parse_args(argv)
    result = run(quick=args.quick)
    print(table(result))
    return result


if __name__ == "__main__":
    main()
