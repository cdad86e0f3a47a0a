"""`make bench`: the compiler and the generated code measured against hand-written Erlang.

    python -m bench.run            # the suite: prints a table, writes bench/results.json
    python -m bench.run --quick    # small sizes, few repeats: a smoke test of the suite
    python -m bench.run --compiler-only  # the compiler half only (times and peak memory)
    python -m bench.run --profile  # profiles for docs/performance.md, in bench/profiles/
    python -m bench.run --scale 1000000  # that many concurrent shipping sessions on one node
    python -m bench.run --flood 1000000  # ping_pong while that many junk messages go to a role
    python -m bench.run --runtime-only   # only the generated code against hand-written Erlang

Timings on a shared machine are noisy: every comparison interleaves its contestants
and reports medians, and the ratios (measured within one run) are what the targets
are judged on. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import checkpoint_bench, compiler, families_bench, runtime, within_bench

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
PROFILES = ROOT / "bench" / "profiles"
SMALL_FILE = ROOT / "examples" / "shipping.chor"

# The targets of issue 8.
TARGET_PING_PONG = 1.10       # generated / hand-written gen_server time
TARGET_SESSIONS = 1.25        # generated / hand-written gen_server time
TARGET_COMPILE_10K_S = 2.0    # all four stages, 10000 statements
TARGET_GROWTH = 1.10          # "linear": exponent from 1000 to 10000
TARGET_CHECK_S = 0.30         # `choreo-erl check` of a small file, start-up included
TARGET_PEAK_MB = 300          # peak RSS of `choreo-erl compile`, 10000 statements
TARGET_MEMORY = 1.25          # generated / hand-written bytes per live shipping session
TARGET_CHECKPOINT = 1.20      # ping_pong with a checkpoint per round / without
TARGET_CP_GROWTH = 1.50       # checkpoint cost (reductions) at depth 10000 / depth 100

FULL = dict(sizes=[100, 1000, 10000], shapes=["flat", "modular"], rounds=3,
            per_round={100: 3, 1000: 2, 10000: 1}, check_runs=9,
            memory_sizes=compiler.MEMORY_SIZES,
            erlang=dict(ping_pong_rounds=100_000, ping_pong_repeats=9, sessions=10_000,
                        session_repeats=7, memory_sessions=10_000, memory_repeats=3))
QUICK = dict(sizes=[100, 300, 1000], shapes=["flat", "modular"], rounds=1,
             per_round={100: 1, 300: 1, 1000: 1}, check_runs=3, memory_sizes=(300, 1000),
             erlang=dict(ping_pong_rounds=10_000, ping_pong_repeats=3, sessions=1000,
                         session_repeats=3, memory_sessions=1000, memory_repeats=1))


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_at_start": load, "git": git_state()}


def git_state() -> dict:
    """The commit measured, and whether the compiler or runtime had local changes."""
    def git(*args: str) -> str:
        res = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return res.stdout.strip()

    dirty = git("status", "--porcelain", "--", "parser", "checks", "core", "projector", "backends",
                "cli")
    return {"head": git("rev-parse", "--short", "HEAD"),
            "compiler_or_runtime_modified": bool(dirty)}


# ---------------------------------------------------------------- the suite


def suite(cfg: dict, compiler_only: bool = False) -> dict:
    started = time.perf_counter()
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    log("compiler: synthetic files " + ", ".join(map(str, cfg["sizes"])))
    results["compiler"] = compiler.compiler_bench(
        cfg["sizes"], cfg["shapes"], cfg["rounds"], lambda n: cfg["per_round"][n], log)
    results["compiler_memory"] = compiler.memory_bench(cfg["shapes"], cfg["memory_sizes"], log)
    results["check_startup"] = compiler.check_startup(SMALL_FILE, cfg["check_runs"], log)
    if not compiler_only:
        with tempfile.TemporaryDirectory(prefix="choreo-bench-") as work:
            results["runtime"] = runtime.runtime_bench(Path(work), cfg["erlang"], log)
        results["machine"]["otp"] = results["runtime"]["system"]["otp_release"]
        log("checkpoints: ping_pong with and without, nested checkpoints in recursion")
        results["checkpoints"] = checkpoint_bench.run(quick=cfg is QUICK)
        log("within: ping_pong and short sessions with a `within`, direct and generic")
        results["within"] = within_bench.run(quick=cfg is QUICK)
        results["families"] = _families(cfg)
    results["machine"]["loadavg_at_end"] = list(__import__("os").getloadavg())
    results["targets"] = targets(results)
    results["elapsed_s"] = time.perf_counter() - started
    return results


def _families(cfg: dict) -> dict:
    """The scatter/gather benchmark of issue 14 (bench/families_bench.py)."""
    fam_cfg = families_bench.QUICK if cfg is QUICK else families_bench.FULL
    log(f"families: scatter/gather, one session of {fam_cfg['members']} members")
    with tempfile.TemporaryDirectory(prefix="choreo-bench-fam-") as work:
        return families_bench.run(Path(work), fam_cfg, log)


def targets(r: dict) -> list[dict]:
    comp = r["compiler"]["shapes"]
    out = []
    if "runtime" in r:
        rt = r["runtime"]
        out += [
            _target("ping_pong rounds/s within 1.1x of hand-written gen_server",
                    rt["ping_pong"]["ratio_vs_gen_server"], TARGET_PING_PONG, "x"),
            _target(f"shipping: {rt['shipping_sequential']['sessions']} sequential sessions "
                    "within 1.25x", rt["shipping_sequential"]["ratio_vs_gen_server"],
                    TARGET_SESSIONS, "x"),
            _target(f"shipping: {rt['shipping_concurrent']['sessions']} concurrent sessions "
                    "within 1.25x", rt["shipping_concurrent"]["ratio_vs_gen_server"],
                    TARGET_SESSIONS, "x"),
            _target("memory per live shipping session within 1.25x",
                    rt["memory"]["ratio"], TARGET_MEMORY, "x"),
        ]
    if "checkpoints" in r:
        cp = r["checkpoints"]
        out += [
            _target("ping_pong with a checkpoint per round within 1.2x of ping_pong by the "
                    "same (generic) back end", cp["ping_pong"]["ratio_vs_generic"],
                    TARGET_CHECKPOINT, "x"),
            _target("ping_pong with a checkpoint per round within 1.2x of ping_pong "
                    "(direct back end)", cp["ping_pong"]["ratio"], TARGET_CHECKPOINT, "x"),
            _target("checkpoint cost flat in recursion depth (reductions, depth 10000 / 100)",
                    cp["deep_work_growth_10000_vs_100"], TARGET_CP_GROWTH, "x"),
        ]
    if "families" in r:
        out += families_bench.targets(r["families"], _target)
    for shape, data in comp.items():
        big = data["rows"][-1]
        g = data["growth"]["cpu"]
        out.append(_target(f"{big['statements']} statements ({shape}) compiled under 2 s "
                           "(CPU time)", big["cpu"]["total_s"], TARGET_COMPILE_10K_S, "s"))
        out.append(_target(f"linear growth ({shape}): exponent {g['from']}->{g['to']} "
                           "(CPU time)", g["total"], TARGET_GROWTH, ""))
        for stage in compiler.STAGES:
            out.append(_target(f"linear growth ({shape}), {stage}: exponent "
                               f"{g['from']}->{g['to']} (CPU time)", g[stage], TARGET_GROWTH, ""))
    for shape, data in r.get("compiler_memory", {}).get("shapes", {}).items():
        rows = {row["statements"]: row for row in data["rows"]}
        if 10000 in rows:
            out.append(_target(f"peak memory of `choreo-erl compile`, 10000 statements "
                               f"({shape})", rows[10000]["compile"]["peak_mb"],
                               TARGET_PEAK_MB, " MB"))
        out.append(_target(f"linear memory ({shape}): exponent of peak RSS "
                           f"{data['from']}->{data['to']}", data["growth"], TARGET_GROWTH, ""))
    c = r["check_startup"]
    out.append(_target("choreo-erl check of a small file under 0.3 s (wall, CPU below)",
                       c["wall"]["median_s"]["check"], TARGET_CHECK_S, "s"))
    out.append(_target("choreo-erl check of a small file under 0.3 s (CPU time)",
                       c["cpu"]["median_s"]["check"], TARGET_CHECK_S, "s"))
    return out


def _target(what: str, value: float, limit: float, unit: str) -> dict:
    return {"target": what, "value": value, "limit": limit, "unit": unit,
            "met": value <= limit}


# ---------------------------------------------------------------- the table


def table(r: dict) -> str:
    lines: list[str] = []
    m = r["machine"]
    lines.append(f"machine: {m['nproc']} cpus, {m['cpu']}; OTP {m.get('otp', '?')}, "
                 f"Python {m['python']}; load avg at start "
                 f"{_fmt_load(m.get('loadavg_at_start'))}, at end "
                 f"{_fmt_load(m.get('loadavg_at_end'))}; commit {m['git']['head']}"
                 + (" + local changes" if m["git"]["compiler_or_runtime_modified"] else ""))
    lines.append("")
    lines.append("Compiler: median seconds per stage, CPU time of the compiling thread "
                 "(wall total beside it)")
    hdr = (f"  {'shape':8} {'stmts':>6} {'parse':>8} {'check':>8} {'project':>8} "
           f"{'emit':>8} {'total':>8} {'stmts/s':>9} {'wall':>8}")
    lines.append(hdr)
    for shape, data in r["compiler"]["shapes"].items():
        for row in data["rows"]:
            cpu = row["cpu"]
            s = cpu["median_s"]
            lines.append(f"  {shape:8} {row['statements']:>6} {s['parse']:>8.3f} "
                         f"{s['check']:>8.3f} {s['project']:>8.3f} {s['emit']:>8.3f} "
                         f"{cpu['total_s']:>8.3f} {cpu['statements_per_s']:>9.0f} "
                         f"{row['wall']['total_s']:>8.3f}")
        g = data["growth"]["cpu"]
        lines.append(f"  {shape:8} {'growth':>6} {g['parse']:>8.2f} {g['check']:>8.2f} "
                     f"{g['project']:>8.2f} {g['emit']:>8.2f} {g['total']:>8.2f}"
                     f"   (exponent {g['from']}->{g['to']}; linear = 1.00; "
                     f"wall {data['growth']['wall']['total']:.2f})")
    c = r["check_startup"]
    lines.append(f"  choreo-erl check {Path(c['file']).name}, median of {c['runs']}: "
                 f"{c['wall']['median_s']['check'] * 1000:.0f} ms wall, "
                 f"{c['cpu']['median_s']['check'] * 1000:.0f} ms CPU "
                 f"(bare `python -c pass`: {c['wall']['median_s']['python_bare'] * 1000:.0f}"
                 f" ms wall, {c['cpu']['median_s']['python_bare'] * 1000:.0f} ms CPU)")
    mem = r.get("compiler_memory")
    if mem:
        lines.append("")
        lines.append("Compiler: peak memory, one fresh process per size (RSS in MB, CPU s); "
                     "stages: peak reached by the end of each stage")
        lines.append(f"  {'shape':8} {'stmts':>6} {'start':>7} {'parse':>7} {'check':>7} "
                     f"{'project':>7} {'emit':>7} | {'compile':>7} {'cpu':>6}")
        for shape, data in mem["shapes"].items():
            for row in data["rows"]:
                st = row["stages"]
                lines.append(
                    f"  {shape:8} {row['statements']:>6} "
                    + " ".join(f"{st[k]['peak_mb']:>7.0f}"
                               for k in ("start", *compiler.STAGES))
                    + f" | {row['compile']['peak_mb']:>7.0f} {row['compile']['cpu_s']:>6.2f}")
            lines.append(f"  {shape:8} growth of compile peak RSS {data['from']}->{data['to']}: "
                         f"exponent {data['growth']:.2f} (linear = 1.00 or less)")
    lines.append("")
    if "runtime" not in r:
        return _table_end(r, lines)
    rt = r["runtime"]
    lines.append("Generated code vs hand-written (one VM, interleaved, medians; "
                 "ratio = generated time / rival time, median of per-round ratios)")
    pp = rt["ping_pong"]
    lines.append(f"  ping_pong, {pp['rounds']} rounds x {pp['repeats']} repeats")
    for name, v in pp["contestants"].items():
        lines.append(f"    {_label(name):28} {v['rounds_per_s']:>12,.0f} rounds/s "
                     f"{v['median_ms']:>9.1f} ms")
    lines.append(f"    ratio vs gen_server {pp['ratio_vs_gen_server']:.2f}x, "
                 f"vs plain processes {pp['ratio_vs_plain']:.2f}x")
    for key, title in (("shipping_sequential", "sequential"),
                       ("shipping_concurrent", "concurrent")):
        b = rt[key]
        lines.append(f"  shipping, {b['sessions']} {title} sessions x {b['repeats']} repeats")
        for name, v in b["contestants"].items():
            lines.append(f"    {_label(name):28} {v['sessions_per_s']:>12,.0f} sessions/s "
                         f"{v['median_ms']:>9.1f} ms")
        lines.append(f"    ratio vs gen_server {b['ratio_vs_gen_server']:.2f}x"
                     + (f", vs its first version (sync start, fewer guarantees) "
                        f"{b['ratio_vs_gen_server_sync']:.2f}x"
                        if "ratio_vs_gen_server_sync" in b else ""))
    mem = rt["memory"]
    lines.append(f"  memory per live shipping session ({mem['sessions']} sessions)")
    for name in ("generated", "gen_server"):
        v = mem[name]
        lines.append(f"    {_label(name):28} {v['bytes_per_session']:>12,.0f} bytes, "
                     f"{v['processes_per_session']:.1f} processes")
    lines.append(f"    ratio {mem['ratio']:.2f}x")
    lines.append("")
    if "checkpoints" in r:
        lines.append(checkpoint_bench.table(r["checkpoints"]))
        lines.append("")
    if "within" in r:
        lines.append("`within` on the direct back end (bench/within_bench.py; ratios to the "
                     "same work without `within`)")
        lines.append(within_bench.table(r["within"]))
        lines.append("")
    if "families" in r:
        lines.append("Role families: generated vs hand-written gen_servers (one VM, "
                     "interleaved, medians; ratios = medians of per-pair ratios)")
        lines.append(families_bench.table(r["families"]))
        lines.append("")
    return _table_end(r, lines)


def _table_end(r: dict, lines: list[str]) -> str:
    lines.append("Targets")
    for t in r["targets"]:
        mark = "met   " if t["met"] else "MISSED"
        lines.append(f"  [{mark}] {t['target']}: {t['value']:.2f}{t['unit']} "
                     f"(limit {t['limit']:.2f}{t['unit']})")
    lines.append("")
    lines.append(f"bench ran in {r['elapsed_s']:.0f} s")
    return "\n".join(lines)


def _label(name: str) -> str:
    return {"generated": "generated (choreo-erl)", "gen_server": "hand-written gen_server",
            "gen_server_sync": "hand-written, sync start",
            "plain": "hand-written plain procs"}.get(name, name)


def _fmt_load(load) -> str:
    return "?" if not load else "/".join(f"{x:.2f}" for x in load)


# ---------------------------------------------------------------- profiles


def profile(cfg: dict) -> None:
    """cProfile of each compiler stage, GC cost, importtime and cProfile of `check`,
    eprof of the generated code and its rivals, the session structure ladder."""
    from .synth import synthesize

    PROFILES.mkdir(exist_ok=True)
    n = cfg["sizes"][-1]
    for shape in cfg["shapes"]:
        _profile_stages(synthesize(n, shape), f"synth_{shape}_{n}.chor", shape, n)

    # What the cyclic garbage collector costs each stage (CPU time, flat shape).
    text = synthesize(n, "flat")
    rows: dict[str, list[dict]] = {"enabled": [], "disabled": []}
    for _ in range(2):
        for mode in rows:
            gc.collect()
            if mode == "disabled":
                gc.disable()
            try:
                rows[mode].append(compiler.stage_times(text, "gc.chor")["cpu"])
            finally:
                gc.enable()
    lines = [f"CPU seconds per stage, {n} statements (flat), cyclic GC enabled vs disabled "
             "(median of 2)"]
    for mode, runs in rows.items():
        med = {st: statistics.median(r[st] for r in runs) for st in compiler.STAGES}
        lines.append(f"  gc {mode:9} " + " ".join(f"{st} {v:6.2f}" for st, v in med.items())
                     + f"  total {sum(med.values()):6.2f}")
    (PROFILES / "compiler_gc.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))

    exe = Path(sys.executable).parent / "choreo-erl"
    res = subprocess.run([sys.executable, "-X", "importtime", str(exe), "check",
                          str(SMALL_FILE)], capture_output=True, text=True)
    (PROFILES / "check_importtime.txt").write_text(res.stderr, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "cProfile", "-s", "cumulative", str(exe),
                          "check", str(SMALL_FILE)], capture_output=True, text=True)
    head = "\n".join(res.stdout.splitlines()[:60])
    (PROFILES / "check_cprofile.txt").write_text(head + "\n", encoding="utf-8")
    log("profile: wrote bench/profiles/check_importtime.txt, check_cprofile.txt")

    with tempfile.TemporaryDirectory(prefix="choreo-bench-") as work:
        ebin = runtime.build(Path(work))
        raw = runtime.run_driver(ebin, Path(work), {
            "profile": str(PROFILES), "profile_rounds": 20_000, "profile_sessions": 2000,
            "ladder_sessions": 10_000, "ladder_repeats": 7,
        }, timeout=540)
    for f in raw["files"]:
        log(f"profile: wrote {Path(f).relative_to(ROOT)}")
    ladder = raw["ladder"]
    lines = [f"Sequential shipping sessions ({ladder['sessions']} per run, "
             f"{ladder['repeats']} interleaved runs): median us per session, and the "
             "median of per-run ratios to hand-written gen_server"]
    base = ladder["times_us"]["hw_shipping_gen_server"]
    for name, ts in ladder["times_us"].items():
        ratio = statistics.median(t / b for t, b in zip(ts, base, strict=True))
        lines.append(f"  {name:26} {statistics.median(ts) / ladder['sessions']:8.1f} us"
                     f"  {ratio:5.2f}x")
    cb = raw["callback_ns"]
    lines.append("")
    lines.append("One handle_info/2 of Pong, no process around it (median of 7 x 1e6 calls):")
    for name, ns in cb.items():
        lines.append(f"  {_label(name):26} {statistics.median(ns):8.1f} ns")
    (PROFILES / "session_ladder.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def _profile_stages(text: str, path: str, shape: str, n: int) -> None:
    import cProfile
    import io
    import pstats

    from choreo_erl.backends.erlang.emit import emit_program
    from choreo_erl.checks.program import check_program
    from choreo_erl.core.deep import run_deep
    from choreo_erl.core.source import Source
    from choreo_erl.parser.parse import parse_source
    from choreo_erl.projector.project import project_program

    state: dict = {}
    stages = [
        ("parse", lambda: state.__setitem__("program", parse_source(Source(path, text)))),
        ("check", lambda: check_program(state["program"])),
        ("project", lambda: state.__setitem__("proj", project_program(state["program"]))),
        ("emit", lambda: emit_program(state["proj"], path)),
    ]
    for stage, fn in stages:
        prof = cProfile.Profile()

        def work(fn=fn, prof=prof) -> None:
            prof.enable()
            fn()
            prof.disable()

        run_deep(work)
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        buf.write(f"# cProfile of stage {stage}, {n} statements, shape {shape}\n")
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(30)
        out = PROFILES / f"compiler_{shape}_{stage}.txt"
        out.write_text(buf.getvalue(), encoding="utf-8")
        log(f"profile: wrote {out.relative_to(ROOT)}")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    ap.add_argument("--compiler-only", action="store_true",
                    help="only the compiler half: stage times and peak memory")
    ap.add_argument("--profile", action="store_true",
                    help="write profiles to bench/profiles/ instead of running the suite")
    ap.add_argument("--out", type=Path, default=None,
                    help="where to write the results (default bench/results.json; "
                         "--quick writes nothing unless given)")
    ap.add_argument("--scale", type=int, default=None, metavar="N",
                    help="only start N concurrent 3-role shipping sessions on one node and "
                         "report start time and memory")
    ap.add_argument("--runtime-only", action="store_true",
                    help="only the generated code against hand-written Erlang (ping_pong, "
                         "shipping sessions, memory); prints the ratios, writes nothing")
    ap.add_argument("--flood", type=int, default=None, metavar="N",
                    help="only run ping_pong (100000 rounds) alone and while N junk messages "
                         "are sent to a role, interleaved, and report the ratio")
    args = ap.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    if args.scale is not None:
        with tempfile.TemporaryDirectory(prefix="choreo-bench-") as work:
            res = runtime.scale_bench(Path(work), args.scale, log)
        print(json.dumps(res, indent=1, sort_keys=True))
        return 0
    if args.flood is not None:
        with tempfile.TemporaryDirectory(prefix="choreo-bench-") as work:
            res = runtime.flood_bench(Path(work), args.flood, log)
        print(json.dumps({k: v for k, v in res.items() if k != "times_us"}, indent=1,
                         sort_keys=True))
        return 0
    if args.profile:
        profile(cfg)
        return 0
    if args.runtime_only:
        with tempfile.TemporaryDirectory(prefix="choreo-bench-") as work:
            rt = runtime.runtime_bench(Path(work), cfg["erlang"], log)
        print(json.dumps({k: {m: v for m, v in res.items() if m.startswith("ratio")}
                          for k, res in rt.items() if isinstance(res, dict) and k != "system"},
                         indent=1, sort_keys=True))
        return 0
    try:
        results = suite(cfg, compiler_only=args.compiler_only)
    except (compiler.BenchError, runtime.ErlangBenchError,
            families_bench.FamiliesBenchError) as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    print(table(results))
    out = args.out if args.out is not None else (None if args.quick else RESULTS)
    if out is not None:
        out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
