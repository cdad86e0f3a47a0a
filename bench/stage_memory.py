"""`python -m bench.stage_memory FILE`: the compiler's stages on FILE in this fresh
process, printing JSON: per stage, its CPU seconds and the peak RSS (MB) by its end.

Run by bench/compiler.py once per size, so that each figure is a whole process's
peak and not what an earlier, larger file left behind.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(path: str) -> int:
    from choreo_erl.backends.erlang.emit import emit_program
    from choreo_erl.checks.program import check_program
    from choreo_erl.core.deep import run_deep
    from choreo_erl.core.source import Source
    from choreo_erl.parser.parse import parse_source
    from choreo_erl.projector.project import project_program

    text = Path(path).read_text(encoding="utf-8")

    def peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux

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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
