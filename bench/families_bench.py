"""Scatter/gather with a role family (issue 14): one session with 10,000 members.

    python -m bench.families_bench            # prints a table
    python -m bench.families_bench --quick    # 1000 members, few repeats
    python -m bench.families_bench --write    # and store it in bench/results.json
    python -m bench.families_bench --profile  # eprof of each contestant, bench/profiles/

The master broadcasts a value, every member answers f(value), the master gathers the
answers in member order (`bench/scatter_gather.chor`, compiled by the same
`compile_file` as the CLI and built with the strict erlc flags), against hand-written
gen_servers giving the same guarantees (`erlang_fixtures/bench/hw_scatter_gather.erl`).
One VM (`bench/erlang/choreo_bench_families.erl`), contestants interleaved after a
warm-up run of each; the ratios are medians of per-pair ratios (generated / hand-written):
time per session, peak memory of the session's processes (sampled), and the memory of
the session's processes while every member waits in f/1. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from choreo_erl.backends.erlang.build import erlc

ROOT = Path(__file__).resolve().parents[1]
CHOR = ROOT / "bench" / "scatter_gather.chor"
DRIVER = ROOT / "bench" / "erlang"
RIVAL = ROOT / "erlang_fixtures" / "bench" / "hw_scatter_gather.erl"
PROFILES = ROOT / "bench" / "profiles"
TARGET = 1.30  # generated / hand-written, time and memory (issue 14)

FULL = dict(members=10_000, repeats=15, memory_repeats=9)
QUICK = dict(members=1000, repeats=3, memory_repeats=2)


class FamiliesBenchError(Exception):
    pass


def build(work: Path) -> Path:
    from choreo_erl.pipeline import compile_file

    src, ebin = work / "src", work / "ebin"
    src.mkdir(parents=True, exist_ok=True)
    for module, text in compile_file(CHOR).items():
        (src / module).write_text(text, encoding="utf-8")
    erlc(sorted(src.glob("*.erl")), ebin, strict=True)
    erlc([RIVAL, *(DRIVER / f"{m}.erl" for m in ("choreo_bench_families", "choreo_bench_lib",
                                                  "scatter_gather_workers_impl",
                                                  "scatter_gather_gated"))],
         ebin, strict=True)
    return ebin


def _driver(ebin: Path, work: Path, cfg: dict) -> dict:
    config, out = work / "families.term", work / "families.json"
    fields = ", ".join(f"{k} => {v if isinstance(v, int) else json.dumps(str(v))}"
                       for k, v in cfg.items())
    config.write_text("#{" + fields + "}.\n", encoding="utf-8")
    out.unlink(missing_ok=True)
    # No scheduler busy waiting: the VM's CPU time is then the work of the sessions.
    res = subprocess.run(["erl", "+sbwt", "none", "+sbwtdcpu", "none", "+sbwtdio", "none",
                          "-noshell", "-pa", str(ebin), "-run", "choreo_bench_families",
                          "main", str(config), str(out)],
                         stdout=subprocess.PIPE, text=True, timeout=900)
    if res.returncode != 0 or not out.exists():
        raise FamiliesBenchError(f"choreo_bench_families failed ({res.returncode}):\n"
                                 f"{res.stdout[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def profile(work: Path, members: int, log: Callable[[str], None]) -> list[Path]:
    """eprof of one session of each contestant, in bench/profiles/."""
    PROFILES.mkdir(exist_ok=True)
    ebin = build(work)
    log(f"erlang: eprof of scatter/gather, {members} members")
    raw = _driver(ebin, work, {"members": members, "profile": str(PROFILES)})
    return [Path(f) for f in raw["files"]]


def run(work: Path, cfg: dict, log: Callable[[str], None]) -> dict:
    """Build, run the driver, summarize; `{"error": why}` when the choreography cannot be
    compiled (a back end without families)."""
    from choreo_erl.core.diagnostics import ChoreoError

    try:
        ebin = build(work)
    except ChoreoError as exc:
        return {"error": str(exc).strip().splitlines()[0]}
    log(f"erlang: scatter/gather, {cfg['members']} members, in one VM")
    load = os.getloadavg()
    out = summarize(_driver(ebin, work, cfg))
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
    out["measured"] = {"at": time.strftime("%Y-%m-%d %H:%M:%S"), "commit": head,
                       "loadavg_at_start": list(load), "loadavg_at_end": list(os.getloadavg())}
    return out


def summarize(raw: dict) -> dict:
    def pair_ratio(gen: list[float], hand: list[float]) -> float:
        return statistics.median(g / max(h, 1) for g, h in zip(gen, hand, strict=True))

    n = raw["members"]
    t, c, p, s = raw["times_us"], raw["cpu_us"], raw["peak_bytes"], raw["standing"]
    out: dict = {"members": n, "repeats": raw["repeats"],
                 "memory_repeats": raw["memory_repeats"], "raw": raw, "contestants": {}}
    for name in ("generated", "hand_written"):
        out["contestants"][name] = {
            "median_ms": statistics.median(t[name]) / 1000,
            "median_cpu_ms": statistics.median(c[name]) / 1000,
            "peak_bytes": statistics.median(p[name]),
            "peak_bytes_per_member": statistics.median(p[name]) / max(n, 1),
            "standing_bytes": statistics.median(x["bytes"] for x in s[name]),
            "standing_processes": statistics.median(x["processes"] for x in s[name]),
        }
    out["ratio_time"] = pair_ratio(t["generated"], t["hand_written"])
    out["ratio_time_of_medians"] = (statistics.median(t["generated"])
                                    / statistics.median(t["hand_written"]))
    out["ratio_cpu"] = pair_ratio(c["generated"], c["hand_written"])
    out["ratio_peak_memory"] = pair_ratio(p["generated"], p["hand_written"])
    out["ratio_standing_memory"] = pair_ratio([x["bytes"] for x in s["generated"]],
                                              [x["bytes"] for x in s["hand_written"]])
    return out


def targets(r: dict, target: Callable[[str, float, float, str], dict]) -> list[dict]:
    if "error" in r:
        return []
    n = r["members"]
    return [target(f"scatter/gather, one session of {n} members: time within 1.3x of "
                   "hand-written gen_servers", r["ratio_time"], TARGET, "x"),
            target(f"scatter/gather, one session of {n} members: peak memory within 1.3x",
                   r["ratio_peak_memory"], TARGET, "x")]


def table(r: dict) -> str:
    if "error" in r:
        return f"  scatter/gather: not measured, the choreography does not compile: {r['error']}"
    c = r["contestants"]
    m = r.get("measured", {})
    load = "/".join(f"{x:.1f}" for x in m.get("loadavg_at_start", []))
    lines = [f"  scatter/gather, one session of {r['members']} members, "
             f"{r['repeats']} repeats (memory {r['memory_repeats']}); load avg {load or '?'}",
             f"    {'':28} {'ms/session':>11} {'cpu ms':>7} {'peak KB':>9} {'B/member':>9} "
             f"{'standing KB':>12} {'procs':>7}"]
    for name, label in (("generated", "generated (choreo-erl)"),
                        ("hand_written", "hand-written gen_servers")):
        v = c[name]
        lines.append(f"    {label:28} {v['median_ms']:>11.1f} {v['median_cpu_ms']:>7.0f} "
                     f"{v['peak_bytes'] / 1024:>9.0f} "
                     f"{v['peak_bytes_per_member']:>9.0f} {v['standing_bytes'] / 1024:>12.0f} "
                     f"{v['standing_processes']:>7.0f}")
    lines.append(f"    ratios: time {r['ratio_time']:.2f}x (of medians "
                 f"{r['ratio_time_of_medians']:.2f}x), CPU time {r['ratio_cpu']:.2f}x, "
                 f"peak memory {r['ratio_peak_memory']:.2f}x, standing memory "
                 f"{r['ratio_standing_memory']:.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.families_bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1000 members, few repeats")
    ap.add_argument("--members", type=int, default=None, help="members of the session")
    ap.add_argument("--profile", action="store_true",
                    help="eprof of one session of each contestant, written to bench/profiles/")
    ap.add_argument("--write", action="store_true",
                    help="store the figures as the `families` entry of bench/results.json "
                         "(the rest of it is kept) and recompute its targets")
    args = ap.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    if args.members is not None:
        cfg["members"] = args.members
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="choreo-bench-fam-") as work:
            for f in profile(Path(work), cfg["members"], log):
                print(f"wrote {f.relative_to(ROOT)}")
        return 0
    try:
        with tempfile.TemporaryDirectory(prefix="choreo-bench-fam-") as work:
            r = run(Path(work), cfg, log)
    except FamiliesBenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    print(table(r))
    if args.write:
        from . import run as suite

        results = json.loads(suite.RESULTS.read_text(encoding="utf-8"))
        results["families"] = r
        results["targets"] = suite.targets(results)
        suite.RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
        print(f"wrote the families entry of {suite.RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
