"""The compiler half of the benchmark: stage times on synthetic files, and `check` start-up.

Each stage is timed as the CLI runs it (`pipeline/compilation.py`):
`parse_source`, `check_program`, `project_program`, `emit_program`, on the thread
with a large stack that `run_deep` provides. Sizes are interleaved within each
round so that a burst of load on the machine does not fall on one size only.

Two clocks: wall time, and the CPU time of the compiling thread. The compiler is
single-threaded, so on an idle machine the two agree; on a shared one the wall
clock mostly measures the other jobs' load, and CPU time is the better estimate
of what the compiler costs. The targets are judged on CPU time (see
docs/performance.md); both are recorded.
"""

from __future__ import annotations

import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .synth import count_statements, synthesize

STAGES = ("parse", "check", "project", "emit")
CLOCKS = ("cpu", "wall")


class BenchError(Exception):
    pass


def stage_times(text: str, path: str, statements: int | None = None) -> dict[str, dict]:
    """Seconds per stage for one compilation of `text`: {"cpu": {...}, "wall": {...}}.

    With `statements`, also make sure the file has that many and passes `check`.
    """
    from choreo_erl.backends.erlang.emit import emit_program
    from choreo_erl.checks.program import check_program
    from choreo_erl.core.deep import run_deep
    from choreo_erl.core.source import Source
    from choreo_erl.parser.parse import parse_source
    from choreo_erl.projector.project import project_program

    def work() -> dict[str, dict]:
        marks = [(time.thread_time(), time.perf_counter())]
        program = parse_source(Source(path, text))
        marks.append((time.thread_time(), time.perf_counter()))
        errors = check_program(program)
        marks.append((time.thread_time(), time.perf_counter()))
        if errors:
            raise BenchError(f"{path}: the synthetic file fails check: {errors[0]}")
        projection = project_program(program)
        marks.append((time.thread_time(), time.perf_counter()))
        files = emit_program(projection, path)
        marks.append((time.thread_time(), time.perf_counter()))
        if not files:
            raise BenchError(f"{path}: nothing emitted")
        if statements is not None and count_statements(program) != statements:
            raise BenchError(f"{path}: {count_statements(program)} statements, "
                             f"expected {statements}")
        return {clock: {s: marks[i + 1][c] - marks[i][c] for i, s in enumerate(STAGES)}
                for c, clock in enumerate(CLOCKS)}

    return run_deep(work)


def compiler_bench(sizes: list[int], shapes: list[str], rounds: int,
                   per_round: Callable[[int], int],
                   log: Callable[[str], None]) -> dict:
    """Median stage times for every (shape, size); `per_round(n)` runs per round."""
    texts = {(shape, n): synthesize(n, shape) for shape in shapes for n in sizes}
    samples: dict[tuple[str, int], list[dict]] = {k: [] for k in texts}
    stage_times(texts[(shapes[0], sizes[0])], "warmup.chor")  # imports, template cache
    for r in range(rounds):
        for shape in shapes:
            for n in sizes:
                for _ in range(per_round(n)):
                    gc.collect()
                    first = not samples[(shape, n)]
                    samples[(shape, n)].append(stage_times(
                        texts[(shape, n)], f"synth_{shape}_{n}.chor", n if first else None))
        log(f"compiler: round {r + 1}/{rounds} done")
    out: dict = {"sizes": sizes, "clock_for_targets": "cpu", "shapes": {}}
    for shape in shapes:
        rows = []
        for n in sizes:
            runs = samples[(shape, n)]
            row: dict = {"statements": n, "runs": len(runs),
                         "bytes": len(texts[(shape, n)].encode())}
            for clock in CLOCKS:
                totals = [sum(run[clock].values()) for run in runs]
                total = statistics.median(totals)
                row[clock] = {
                    "median_s": {s: statistics.median(run[clock][s] for run in runs)
                                 for s in STAGES},
                    "total_s": total,
                    "statements_per_s": n / total,
                    "samples_total_s": totals,
                }
            rows.append(row)
        out["shapes"][shape] = {"rows": rows,
                                "growth": {clock: growth(rows, clock) for clock in CLOCKS}}
    return out


def growth(rows: list[dict], clock: str) -> dict[str, float]:
    """Growth exponent from 1000 to 10000 statements, per stage and in total (linear = 1)."""
    by_n = {row["statements"]: row[clock] for row in rows}
    lo, hi = (1000, 10000) if {1000, 10000} <= by_n.keys() else sorted(by_n)[-2:]
    a, b = by_n[lo], by_n[hi]
    scale = math.log(hi / lo)
    out = {s: math.log(b["median_s"][s] / a["median_s"][s]) / scale for s in STAGES}
    out["total"] = math.log(b["total_s"] / a["total_s"]) / scale
    out["from"], out["to"] = lo, hi
    return out


def check_startup(small_file: Path, runs: int, log: Callable[[str], None]) -> dict:
    """Wall and CPU time of `choreo-erl check FILE` as a subprocess, start-up included.

    Interleaved with a bare `python -c pass` so that the interpreter's own
    start-up on this machine is visible beside it.
    """
    exe = Path(sys.executable).parent / "choreo-erl"
    commands = {
        "check": [str(exe), "check", str(small_file)],
        "python_bare": [sys.executable, "-c", "pass"],
    }
    wall: dict[str, list[float]] = {k: [] for k in commands}
    cpu: dict[str, list[float]] = {k: [] for k in commands}
    for cmd in commands.values():  # warm the file cache and the .pyc files
        subprocess.run(cmd, capture_output=True, check=False)
    for _ in range(runs):
        for name, cmd in commands.items():
            before = os.times()
            t0 = time.perf_counter()
            res = subprocess.run(cmd, capture_output=True, text=True)
            wall[name].append(time.perf_counter() - t0)
            after = os.times()
            cpu[name].append((after.children_user - before.children_user)
                             + (after.children_system - before.children_system))
            if res.returncode != 0:
                raise BenchError(f"{' '.join(cmd)} failed: {res.stdout}{res.stderr}")
    log(f"check: {runs} runs done")
    return {"file": str(small_file), "runs": runs,
            "wall": {"median_s": {k: statistics.median(v) for k, v in wall.items()},
                     "samples_s": wall},
            "cpu": {"median_s": {k: statistics.median(v) for k, v in cpu.items()},
                    "samples_s": cpu}}


# ---------------------------------------------------------------- memory

MEMORY_SIZES = (1000, 10000, 20000)


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{' '.join(cmd)}: more than {timeout} s") from None


def memory_bench(shapes: list[str], sizes: tuple[int, ...], log: Callable[[str], None],
                 timeout: float = 600) -> dict:
    """Peak memory, the honest way: a fresh process per (shape, size).

    - `compile`: `choreo-erl compile FILE -o DIR` as a user runs it (its console
      entry point, in a fresh process); its peak RSS and CPU time (start-up and
      writing the modules included).
    - `stages`: `python -m bench.stage_memory FILE` runs the four stages on the
      deep-stack thread and reports each stage's CPU time and the peak RSS reached
      by its end (RSS only grows, so the stage that raises it is the one to look at).
    """
    out: dict = {"sizes": list(sizes), "shapes": {}}
    with tempfile.TemporaryDirectory(prefix="choreo-bench-mem-") as work:
        for shape in shapes:
            rows = []
            for n in sizes:
                path = Path(work) / f"synth_{shape}_{n}.chor"
                path.write_text(synthesize(n, shape), encoding="utf-8")
                res = _run([sys.executable, "-m", "bench.stage_memory", str(path)], timeout)
                if res.returncode != 0:
                    raise BenchError(f"stage_memory {path.name} failed: {res.stderr[-2000:]}")
                stages = json.loads(res.stdout)
                res = _run([sys.executable, "-m", "bench.stage_memory", "--compile", str(path),
                            str(Path(work) / f"out_{shape}_{n}")], timeout)
                compiled = json.loads(res.stderr.strip().splitlines()[-1]) if res.stderr else {}
                if res.returncode != 0 or compiled.get("exit") != 0:
                    raise BenchError(f"choreo-erl compile {path.name} failed: "
                                     f"{res.stdout[-1000:]}{res.stderr[-2000:]}")
                rows.append({"statements": n, "stages": stages, "compile": compiled})
                log(f"memory: {shape} {n}: compile peak {compiled['peak_mb']:.0f} MB, "
                    f"{compiled['cpu_s']:.2f} s CPU")
            big, bigger = rows[-2], rows[-1]
            scale = math.log(bigger["statements"] / big["statements"])
            out["shapes"][shape] = {
                "rows": rows,
                # Exponent of peak RSS between the two largest sizes (linear = 1.00 or
                # less: the interpreter and its imports are a fixed part of RSS).
                "growth": math.log(bigger["compile"]["peak_mb"] / big["compile"]["peak_mb"])
                / scale,
                "from": big["statements"], "to": bigger["statements"]}
    return out
