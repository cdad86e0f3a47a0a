"""Peak memory of the compiler in a fresh process (run by bench/compiler.py per size).

    python -m bench.stage_memory FILE               # the four stages, one after another
    python -m bench.stage_memory --compile FILE DIR # `choreo-erl compile FILE -o DIR`

Each prints JSON. Stages: per stage, its CPU seconds and the peak RSS (MB) reached by
its end. Compile: the process's peak RSS and CPU seconds, start-up included, for
the installed `choreo-erl` script run in this process (`runpy`).

The peak is the kernel's high-water mark of this process's own memory (`VmHWM` in
/proc/self/status). `ru_maxrss` is not used: a child forked from a large parent (the
bench, after its timing runs) inherits the parent's high-water mark across `exec`.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(path: str) -> int:
    from choreo_erl.backends.erlang.emit import emit_program
    from choreo_erl.checks.program import check_program
    from choreo_erl.core.deep import run_deep
    from choreo_erl.core.source import Source
    from choreo_erl.parser.parse import parse_source
    from choreo_erl.projector.project import project_program

    text = Path(path).read_text(encoding="utf-8")

    def work() -> dict:
        out = {"start": {"cpu_s": 0.0, "peak_mb": peak_mb()}}
        state: dict = {}
        stages = [
            ("parse", lambda: state.__setitem__("program", parse_source(Source(path, text)))),
            ("check", lambda: state.__setitem__("errors", check_program(state["program"]))),
            ("project", lambda: state.__setitem__("proj", project_program(state["program"]))),
            ("emit", lambda: state.__setitem__("files", emit_program(state["proj"], path))),
        ]
        for name, fn in stages:
            t0 = time.thread_time()
            fn()
            out[name] = {"cpu_s": time.thread_time() - t0, "peak_mb": peak_mb()}
            if name == "check" and state["errors"]:
                raise SystemExit(f"{path}: fails check: {state['errors'][0]}")
        return out

    print(json.dumps(run_deep(work)))
    return 0


def compile_main(path: str, out: str) -> int:
    """Run the installed `choreo-erl` script, as a user would, in this process."""
    import runpy

    exe = Path(sys.executable).parent / "choreo-erl"
    sys.argv = [str(exe), "compile", path, "-o", out]
    code = 0
    try:
        runpy.run_path(str(exe), run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    times = os.times()
    print(json.dumps({"peak_mb": peak_mb(), "cpu_s": times.user + times.system,
                      "exit": code}), file=sys.__stderr__)
    return code


if __name__ == "__main__":
    if sys.argv[1] == "--compile":
        sys.exit(compile_main(sys.argv[2], sys.argv[3]))
    sys.exit(main(sys.argv[1]))
