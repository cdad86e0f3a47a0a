"""Dialyzer over generated code: the choreographies compiled as the CLI compiles them,
built with debug info beside the given hand-written modules, and checked against a PLT
of erts, kernel and stdlib."""

from __future__ import annotations

import subprocess
from pathlib import Path

from choreo_erl.pipeline import compile_file


def otp_plt() -> Path:
    """Dialyzer's PLT for erts, kernel and stdlib; built once per machine (~30 s)."""
    plt = Path.home() / ".cache" / "choreo-erl" / "otp.plt"
    if not plt.exists():
        plt.parent.mkdir(parents=True, exist_ok=True)
        res = subprocess.run(["dialyzer", "--build_plt", "--output_plt", str(plt),
                              "--apps", "erts", "kernel", "stdlib"],
                             capture_output=True, text=True)
        assert res.returncode in (0, 2), res.stdout + res.stderr
    return plt


def dialyze(work: Path, chors: list[Path], erl_files: list[Path]) -> None:
    """Compiles `chors` into `work`/src, builds them with `erl_files` into `work`/ebin,
    and asserts that erlc and dialyzer find nothing."""
    src, ebin = work / "src", work / "ebin"
    src.mkdir()
    ebin.mkdir()
    for chor in chors:
        for name, text in compile_file(chor).items():
            (src / name).write_text(text)
    res = subprocess.run(["erlc", "+debug_info", "-o", str(ebin),
                          *map(str, sorted(src.glob("*.erl"))), *map(str, erl_files)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    res = subprocess.run(["dialyzer", "--no_check_plt", "--plt", str(otp_plt()),
                          *map(str, ebin.glob("*.beam"))], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
