"""What `checkpoint … rescue` costs when nothing fails (issue 6).

    python -m bench.checkpoint_bench            # prints a table, returns a dict
    python -m bench.checkpoint_bench --quick    # fewer rounds and repeats

Two comparisons, each run in one VM, its contestants interleaved (A B A B ...) after
a warm-up run of each, medians of the per-pair ratios:

- `ping_pong` (the acceptance example, read from ../shared/examples) against the
  same choreography with a checkpoint around each round (`cp_ping_pong` below);
- nested checkpoints in recursion: a non-tail recursive call inside a checkpoint at
  every level (`cp_deep`), against the same recursion without them (`deep`), at
  depth 100, 1000 and 10000. The cost per checkpoint is the difference of the two
  divided by the depth: it must not grow with the depth.

The generated code is compiled by the same `compile_file` as the CLI and built with
the strict erlc flags. The table ends with the machine's load average before and
after the run (figures on a shared machine mean little without it). See
docs/checkpoints.md ("What it costs").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from choreo_erl.backends.erlang.build import erlc

from .erlang_side import generic_sources, run_driver

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CHOREO_SHARED", ROOT.parent / "shared"))
TARGET = 1.2  # the goal: ping_pong with checkpoints / without
DEPTHS = (100, 1000, 10000)

CP_PING_PONG = """\
% ping_pong with a checkpoint around each round.
choreography cp_ping_pong(Ping(N), Pong(Served)) {
    if Ping.(N > 0) {
        checkpoint {
            Ping.{ping, N} ~> Pong.{ping, K};
            Pong.{pong, K} ~> Ping.{pong, N};
        } rescue {
            Pong.K = lost;
        }
        cp_ping_pong(Ping(N - 1), Pong(Served + 1));
    } else {
        return Ping.done, Pong.{served, Served};
    }
}
"""

DEEP = """\
% A recursion that is not a tail call, with a checkpoint at every level, and without.
choreography cp_deep(A(N), B) {
    if A.(N > 0) {
        checkpoint {
            A.N ~> B.M;
            A.R = cp_deep(A(N - 1), B);
            A.R2 = R + 1;
        } rescue {
            A.R2 = 0;
        }
        return A.R2;
    } else {
        return A.0;
    }
}

choreography deep(A(N), B) {
    if A.(N > 0) {
        A.N ~> B.M;
        A.R = deep(A(N - 1), B);
        return A.(R + 1);
    } else {
        return A.0;
    }
}
"""

DRIVER = r"""
-module(checkpoint_bench_driver).
-export([main/1]).

main([Rounds0, Repeats0, Samples0, Out]) ->
    Rounds = list_to_integer(Rounds0),
    Repeats = list_to_integer(Repeats0),
    Samples = list_to_integer(Samples0),
    PP = fun(M) -> fun() -> {ok, _} = M:run(#{ping => [Rounds], pong => [0]}, #{}) end end,
    PingPong = pairs(Repeats, PP(ping_pong), PP(cp_ping_pong)),
    Generic = pairs(Repeats, PP(gen_ping_pong), PP(cp_ping_pong)),
    Deep = [{D, pairs(Repeats, deep(deep, D, Samples), deep(cp_deep, D, Samples))}
            || D <- [100, 1000, 10000]],
    Lines = [io_lib:format("ping_pong ~b ~b ~b ~b~n", [A, B, RA, RB])
             || {{A, RA}, {B, RB}} <- PingPong]
        ++ [io_lib:format("generic ~b ~b ~b ~b~n", [A, B, RA, RB])
            || {{A, RA}, {B, RB}} <- Generic]
        ++ [io_lib:format("deep ~b ~b ~b ~b ~b~n", [D, A, B, RA, RB])
            || {D, Ps} <- Deep, {{A, RA}, {B, RB}} <- Ps],
    ok = file:write_file(Out, Lines),
    halt(0).

%% Sessions of depth D, enough of them for ~Samples checkpoints.
deep(M, D, Samples) ->
    K = max(1, Samples div D),
    fun() -> [{ok, #{a := D}} = M:run(#{a => [D]}, #{}) || _ <- lists:seq(1, K)], K end.

pairs(Repeats, A, B) ->
    _ = time(A), _ = time(B),
    [{time(A), time(B)} || _ <- lists:seq(1, Repeats)].

%% Wall time (us) and reductions (all processes: the VM runs nothing else).
time(F) ->
    garbage_collect(),
    {_, _} = erlang:statistics(reductions),
    T0 = erlang:monotonic_time(microsecond),
    _ = F(),
    T = erlang:monotonic_time(microsecond) - T0,
    {_, R} = erlang:statistics(reductions),
    {T, R}.
"""


def build(work: Path) -> Path:
    from choreo_erl.pipeline import compile_file

    src, ebin = work / "src", work / "ebin"
    src.mkdir(parents=True, exist_ok=True)
    ebin.mkdir(parents=True, exist_ok=True)
    (work / "cp_ping_pong.chor").write_text(CP_PING_PONG)
    (work / "deep.chor").write_text(DEEP)
    for chor in (SHARED / "examples" / "ping_pong.chor", work / "cp_ping_pong.chor",
                 work / "deep.chor"):
        for name, text in compile_file(chor).items():
            (src / name).write_text(text)
    # ping_pong again, as `gen_ping_pong`, by the generic back end (the one that
    # choreographies with checkpoints use): what the checkpoints themselves cost.
    text = (SHARED / "examples" / "ping_pong.chor").read_text().replace(
        "ping_pong(", "gen_ping_pong(")
    for name, erl in generic_sources(work / "gen_ping_pong.chor", text).items():
        (src / name).write_text(erl)
    erlc(sorted(src.glob("*.erl")), ebin)
    driver = work / "checkpoint_bench_driver.erl"
    driver.write_text(DRIVER)
    erlc([driver], ebin, strict=False)
    return ebin


def run(quick: bool = False) -> dict:
    rounds, repeats, samples = (20_000, 5, 20_000) if quick else (100_000, 11, 100_000)
    with tempfile.TemporaryDirectory(prefix="choreo-cp-bench-") as tmp:
        work = Path(tmp)
        ebin = build(work)
        out = work / "out.term"
        load_before = os.getloadavg()[0]
        text = run_driver(ebin, "checkpoint_bench_driver", [rounds, repeats, samples], out)
        raw = _read(text)
    result = summarize(raw, rounds, samples)
    result["load_average"] = (load_before, os.getloadavg()[0])
    return result


def _read(text: str) -> dict:
    """The driver's lines: `ping_pong A B RA RB` and `deep Depth A B RA RB`: times in
    us and reductions of the run without checkpoints (A) and with (B)."""
    raw: dict = {"ping_pong": [], "generic": [], "deep": {}}
    for line in text.splitlines():
        kind, *nums = line.split()
        if kind in ("ping_pong", "generic"):
            raw[kind].append(tuple(int(n) for n in nums))
        else:
            raw["deep"].setdefault(int(nums[0]), []).append(tuple(int(n) for n in nums[1:]))
    return raw


def summarize(raw: dict, rounds: int, samples: int) -> dict:
    pp = raw["ping_pong"]
    med = statistics.median
    out: dict = {
        "ping_pong": {
            "rounds": rounds,
            "without_us_per_round": med(a for a, _, _, _ in pp) / rounds,
            "with_us_per_round": med(b for _, b, _, _ in pp) / rounds,
            "ratio": med(b / a for a, b, _, _ in pp),
            "without_reductions_per_round": med(ra for _, _, ra, _ in pp) / rounds,
            "with_reductions_per_round": med(rb for _, _, _, rb in pp) / rounds,
            "target": TARGET,
            # Against ping_pong by the generic back end, which a choreography with
            # checkpoints uses: what the checkpoints themselves add.
            "generic_us_per_round": med(a for a, _, _, _ in raw["generic"]) / rounds,
            "ratio_vs_generic": med(b / a for a, b, _, _ in raw["generic"]),
        },
        "deep": {},
    }
    for depth, runs in sorted(raw["deep"].items()):
        n = max(1, samples // depth) * depth  # checkpoints (levels) per sample
        out["deep"][depth] = {
            "without_us_per_level": med(a for a, _, _, _ in runs) / n,
            "with_us_per_level": med(b for _, b, _, _ in runs) / n,
            "us_per_checkpoint": med((b - a) / n for a, b, _, _ in runs),
            "reductions_per_checkpoint": med((rb - ra) / n for _, _, ra, rb in runs),
            "ratio": med(b / a for a, b, _, _ in runs),
        }
    d = out["deep"]
    # Wall time is noisy on a shared machine; reductions count the work itself.
    out["deep_growth_10000_vs_100"] = (d[10000]["us_per_checkpoint"]
                                       / d[100]["us_per_checkpoint"])
    out["deep_work_growth_10000_vs_100"] = (d[10000]["reductions_per_checkpoint"]
                                            / d[100]["reductions_per_checkpoint"])
    return out


def table(result: dict) -> str:
    pp = result["ping_pong"]
    lines = [
        "checkpoint cost when nothing fails (medians of interleaved runs)",
        "",
        f"ping_pong, {pp['rounds']} rounds      without {pp['without_us_per_round']:.3f} us/round"
        f"   with {pp['with_us_per_round']:.3f} us/round   ratio {pp['ratio']:.2f}"
        f"   (goal {pp['target']:.2f})",
        f"  against ping_pong by the generic back end ({pp['generic_us_per_round']:.3f}"
        f" us/round): ratio {pp['ratio_vs_generic']:.2f}",
        f"  reductions per round           without {pp['without_reductions_per_round']:.0f}"
        f"   with {pp['with_reductions_per_round']:.0f}",
        "",
        "nested checkpoints in recursion   without us/level   with us/level   "
        "us per checkpoint   reductions per checkpoint   ratio",
    ]
    for depth, r in result["deep"].items():
        lines.append(f"  depth {depth:>6}                  {r['without_us_per_level']:>8.3f}"
                     f"        {r['with_us_per_level']:>8.3f}        {r['us_per_checkpoint']:>8.3f}"
                     f"          {r['reductions_per_checkpoint']:>8.0f}"
                     f"              {r['ratio']:.2f}")
    lines.append("")
    lines.append(f"per checkpoint, depth 10000 / depth 100: time "
                 f"{result['deep_growth_10000_vs_100']:.2f}, reductions "
                 f"{result['deep_work_growth_10000_vs_100']:.2f}")
    if "load_average" in result:
        before, after = result["load_average"]
        lines.append(f"load average (1 min) before / after the run: {before:.2f} / {after:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and repeats")
    args = parser.parse_args(argv)
    result = run(quick=args.quick)
    print(table(result))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
