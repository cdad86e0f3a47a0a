"""What the Python benchmarks share on the Erlang side: a choreography compiled by the
generic back end alone (the CLI picks the direct back end when it can, and the benches
measure what that saves), and a run of a driver module in its own VM."""

from __future__ import annotations

import subprocess
from pathlib import Path


def generic_sources(path: Path, text: str) -> dict[str, str]:
    """Writes `text` to `path` and returns the Erlang modules of its choreographies,
    every one compiled by the generic back end: {file name: source}."""
    from choreo_erl.backends.erlang.emit import emit_program
    from choreo_erl.core.source import Source
    from choreo_erl.pipeline import front_end
    from choreo_erl.projector.project import project_program

    path.write_text(text)
    program = front_end(Source(str(path), text))
    return emit_program(project_program(program), str(path), generic_only=True)


def run_driver(ebin: Path, module: str, args: list[int], out: Path,
               timeout: float = 1800) -> str:
    """Runs `module:main/1` in a VM of its own (`erl -run module main Args... Out`) and
    returns what it wrote to `out`; raises RuntimeError, with its output, if it failed."""
    res = subprocess.run(["erl", "-noshell", "-pa", str(ebin), "-run", module, "main",
                          *map(str, args), str(out)],
                         capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0 or not out.exists():
        raise RuntimeError(f"driver failed ({res.returncode}): {res.stdout[-2000:]}"
                           f"{res.stderr[-2000:]}")
    return out.read_text()
