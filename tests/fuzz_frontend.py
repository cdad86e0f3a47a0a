"""Fuzz the front end: `python -m tests.fuzz_frontend --count 100000 --seed N` (`make fuzz`).

`--target check` (the default) generates damaged choreographies from the shared examples
(token mutations, truncations, splices, invalid UTF-8, random bytes, token soup, deep
nesting), runs each through the front end in-process as `choreo-erl check` does (and
projects what passes the checks), and counts the outcomes. `--target import` does the same
for `choreo-erl import` with damaged Mermaid diagrams of the examples (entities, line
terminators and code put into labels; every line of an imported `.chor` must print), and
`--target args` sends random `run --args` texts full of code to `choreo_cli:parse_args/1`
in one Erlang VM per worker (nothing may run; the answer is a map or an error).
It fails (exit 1) on any exception other than ChoreoError/SourceError,
on a diagnostic that cannot be shown, on an input that takes more than --max-seconds of
CPU, or on a hang (--hang-seconds of wall time on one input);
each offending input is written to --out with the reason beside it.

Input number I of seed S is always the same text, so `--seed S --only I` replays one.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from tests.support.examples import error_files, example_files
from tests.support.hostile import args_text, damaged_diagram, run_args, run_import
from tests.support.mutations import (
    NESTING_KINDS,
    VOCABULARY,
    FrontEndBug,
    mutate,
    mutate_bytes,
    nested,
    random_mutation,
    run_front_end,
    tokenize,
)

_CORPUS: list | None = None
_DIAGRAMS: list[str] | None = None


def diagrams() -> list[str]:
    """The Mermaid diagram of each example: the seeds of the `import` target."""
    global _DIAGRAMS
    if _DIAGRAMS is None:
        from choreo_erl.diagrams import diagram_of_source
        from choreo_erl.diagrams import mermaid as M
        from choreo_erl.pipeline import read_source

        _DIAGRAMS = [M.render(diagram_of_source(read_source(p), None))
                     for p in example_files()]
    return _DIAGRAMS


def corpus():
    global _CORPUS
    if _CORPUS is None:
        _CORPUS = [tokenize(p.read_text()) for p in example_files() + error_files()]
        if not _CORPUS:
            raise SystemExit("no examples found (../shared/examples); set CHOREO_SHARED")
    return _CORPUS


def generate(seed: int, index: int) -> tuple[str, bytes]:
    """Input number `index` of `seed`: (how it was made, the bytes)."""
    rng = random.Random(f"{seed}:{index}")
    base = rng.choice(corpus())
    r = rng.random()
    if r < 0.62:
        n = 1 if rng.random() < 0.5 else rng.randint(2, 6)
        return "mutate", mutate(base, [random_mutation(rng) for _ in range(n)]).encode()
    if r < 0.72:
        text = base.text()
        return "truncate", text[: rng.randrange(len(text) + 1)].encode()
    if r < 0.78:  # the head of one example, the tail of another
        other = rng.choice(corpus()).text()
        text = base.text()
        return "crossover", (text[: rng.randrange(len(text) + 1)]
                             + other[rng.randrange(len(other) + 1):]).encode()
    if r < 0.88:
        text = mutate(base, [random_mutation(rng) for _ in range(rng.randint(0, 2))])
        return "bytes", mutate_bytes(rng, text.encode(), rng.randint(1, 4))
    if r < 0.93:
        return "soup", " ".join(rng.choice(VOCABULARY)
                                for _ in range(rng.randint(0, 120))).encode()
    if r < 0.97:
        return "random", rng.randbytes(rng.randint(0, 400))
    kind = rng.choice(NESTING_KINDS)
    depth = rng.randint(1, 300) if rng.random() < 0.05 else rng.randint(1, 40)
    return f"nested-{kind}", nested(kind, depth).encode()


def generate_for(target: str, seed: int, index: int) -> tuple[str, bytes]:
    if target == "check":
        return generate(seed, index)
    rng = random.Random(f"{target}:{seed}:{index}")
    if target == "import":
        return "diagram", damaged_diagram(rng, diagrams())
    return "args", args_text(rng, Path("MARKER")).encode("utf-8", "surrogatepass")


def save(out: Path, seed: int, index: int, data: bytes, reason: str,
         suffix: str = ".chor") -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"seed{seed}-{index}{suffix}"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(
        f"seed {seed} input {index}\nreplay: python -m tests.fuzz_frontend --seed {seed} "
        f"--only {index}\n\n{reason}\n")
    return path


def worker(wid: int, nworkers: int, args, progress, results) -> None:
    """Runs inputs wid, wid + nworkers, ...; `progress[wid]` is the input it is on."""
    scratch = Path(tempfile.mkdtemp(prefix=f"choreo-fuzz-{wid}-"))
    path = scratch / ("input.mmd" if args.target == "import" else "input.chor")
    vm = _args_vm(scratch) if args.target == "args" else None
    marker = scratch / "pwned"
    counts: Counter[str] = Counter()
    failures: list[tuple[int, str, str]] = []
    slowest = (0.0, -1, "")
    indices = [args.only] if args.only is not None else range(wid, args.count, nworkers)
    for index in indices:
        progress[wid] = index
        how, data = generate_for(args.target, args.seed, index)
        reason = None
        try:
            if args.target != "check":
                start = time.process_time()
                if args.target == "import":
                    kind = run_import(data, path)
                else:
                    text = data.decode("utf-8", "surrogatepass").replace("MARKER", str(marker))
                    kind = run_args(vm, text, marker)
                counts[kind] += 1
                seconds = time.process_time() - start
                if seconds > slowest[0]:
                    slowest = (seconds, index, how)
                if seconds > args.max_seconds:
                    reason = f"too slow: {seconds:.2f} s of CPU (limit {args.max_seconds} s)"
                raise _Done
            outcome = run_front_end(data, path, project=not args.no_project)
            if outcome.seconds > args.max_seconds:  # retry once: the machine may be busy
                again = run_front_end(data, path, project=not args.no_project)
                outcome = min(outcome, again, key=lambda o: o.seconds)
            counts[outcome.kind] += 1
            if outcome.seconds > slowest[0]:
                slowest = (outcome.seconds, index, how)
            if outcome.seconds > args.max_seconds:
                reason = (f"too slow: {outcome.seconds:.2f} s of CPU ({outcome.wall:.2f} s "
                          f"wall; limit {args.max_seconds} s)")
        except _Done:
            pass
        except FrontEndBug as exc:
            counts["BUG"] += 1
            cause = exc.__cause__
            trace = "".join(traceback.format_exception(cause)) if cause else ""
            reason = f"{exc}\n\n{trace}"
        if reason is not None:
            saved = save(args.out, args.seed, index, data, f"made by: {how}\n{reason}",
                         SUFFIX[args.target])
            failures.append((index, reason.splitlines()[0], str(saved)))
            if len(failures) >= args.max_failures:
                break
    progress[wid] = -1
    if vm is not None:
        vm.close()
    shutil.rmtree(scratch, ignore_errors=True)
    results.put((wid, counts, failures, slowest))


SUFFIX = {"check": ".chor", "import": ".mmd", "args": ".args"}


class _Done(Exception):
    """An input of the `import` or `args` target has been counted."""


def _args_vm(scratch: Path):
    """An Erlang VM with `choreo_cli` loaded, for the `args` target."""
    from tests.support.erlang_vm import ErlangVM, erlc

    ebin = scratch / "ebin"
    ebin.mkdir()
    cli = Path(__file__).resolve().parent.parent / "backends/erlang/runtime/choreo_cli.erl"
    res = erlc([cli], ebin, strict=False)
    if res.returncode != 0:
        raise SystemExit(res.stdout + res.stderr)
    return ErlangVM([ebin])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.fuzz_frontend", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", choices=("check", "import", "args"), default="check",
                    help="what to fuzz: the front end (check), `import`, or `run --args`")
    ap.add_argument("--count", type=int, default=100_000, help="inputs to run")
    ap.add_argument("--seed", type=int, default=None, help="default: from the clock")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--max-seconds", type=float, default=2.0,
                    help="limit per input, in CPU seconds (immune to a busy machine)")
    ap.add_argument("--hang-seconds", type=float, default=60.0,
                    help="an input running this long is a hang: stop everything")
    ap.add_argument("--out", type=Path, default=Path("build/fuzz"),
                    help="where offending inputs are written")
    ap.add_argument("--only", type=int, default=None, help="run just input number ONLY")
    ap.add_argument("--no-project", action="store_true",
                    help="skip projecting the inputs that pass the checks")
    ap.add_argument("--max-failures", type=int, default=20, help="per worker")
    args = ap.parse_args(argv)
    if args.seed is None:
        args.seed = int(time.time()) % 1_000_000
    nworkers = 1 if args.only is not None else max(1, args.workers)
    corpus()  # load once before forking
    diagrams()
    print(f"fuzzing {args.target}: {args.count if args.only is None else 1} inputs, "
          f"seed {args.seed}, {nworkers} worker(s)", flush=True)

    ctx = mp.get_context("fork")
    progress = ctx.Array("q", [-1] * nworkers, lock=False)
    results = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(w, nworkers, args, progress, results),
                         daemon=True) for w in range(nworkers)]
    start = time.perf_counter()
    for p in procs:
        p.start()

    counts: Counter[str] = Counter()
    failures: list[tuple[int, str, str]] = []
    slowest = (0.0, -1, "")
    done: set[int] = set()
    since: dict[int, tuple[int, float]] = {}  # worker -> (input, when first seen on it)
    hung = False
    while len(done) < nworkers:
        try:
            wid, c, f, s = results.get(timeout=1.0)
        except queue.Empty:
            now = time.perf_counter()
            for w, p in enumerate(procs):
                if w in done:
                    continue
                if not p.is_alive() and p.exitcode != 0:  # e.g. a segfault
                    index = progress[w]
                    why = f"the worker died (exit code {p.exitcode}) on this input"
                    saved = save(args.out, args.seed, index,
                                 generate_for(args.target, args.seed, index)[1], why,
                                 SUFFIX[args.target])
                    failures.append((index, why, str(saved)))
                    done.add(w)
                    continue
                index = progress[w]
                seen = since.get(w)
                if seen is None or seen[0] != index:
                    since[w] = (index, now)
                elif index >= 0 and now - seen[1] > args.hang_seconds:
                    _, data = generate_for(args.target, args.seed, index)
                    saved = save(args.out, args.seed, index, data,
                                 f"hang: still running after {args.hang_seconds:.0f} s",
                                 SUFFIX[args.target])
                    failures.append((index, "hang", str(saved)))
                    hung = True
            if hung:
                break
            continue
        done.add(wid)
        counts.update(c)
        failures.extend(f)
        slowest = max(slowest, s)
    for p in procs:
        if p.is_alive():
            p.terminate()
        p.join()
    elapsed = time.perf_counter() - start

    total = sum(counts.values())
    print(f"{total} inputs in {elapsed:.1f} s: {total / elapsed:.0f} inputs/s")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if slowest[1] >= 0:
        print(f"slowest: input {slowest[1]} ({slowest[2]}), {slowest[0]:.3f} s of CPU")
    if failures:
        print(f"FAILED: {len(failures)} offending input(s):", file=sys.stderr)
        for index, why, saved in failures:
            print(f"  input {index}: {why}  ->  {saved}", file=sys.stderr)
        return 1
    print("no failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
