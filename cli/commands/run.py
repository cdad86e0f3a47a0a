"""`choreo-erl run`: compile a choreography, build it with erlc and run one session."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from choreo_erl.backends.erlang.build import erlc, require_erlang
from choreo_erl.core.diagnostics import ChoreoErlError, UsageError
from choreo_erl.pipeline import Compilation

from .report import fail


def run_session(file: Path, choreography: str | None, args: str, impl_dirs: list[Path],
                timeout: str, trace: bool, diagram: bool = False) -> int:
    try:
        compilation = Compilation.read(file)
        generated = compilation.modules
    except ChoreoErlError as exc:
        return fail(exc)
    if timeout != "infinity" and not (timeout.isdigit() and int(timeout) > 0):
        return fail(UsageError(f"--timeout takes a number of milliseconds or `infinity`, "
                               f"not `{timeout}`"))
    try:
        name = compilation.choreography(choreography)
        require_erlang()
        with tempfile.TemporaryDirectory(prefix="choreo-run-") as tmp:
            src, ebin = Path(tmp) / "src", Path(tmp) / "ebin"
            src.mkdir()
            for fname, text in generated.items():
                (src / fname).write_text(text, encoding="utf-8")
            from choreo_erl.backends.erlang.emit import shared_source

            (src / "choreo_cli.erl").write_text(shared_source("choreo_cli"), encoding="utf-8")
            erlc(sorted(src.glob("*.erl")), ebin)
            beside = set(file.parent.glob("*_impl.erl"))
            extra = {p for d in impl_dirs for p in d.glob("*.erl")}
            impls = sorted(p for p in beside | extra if p.name not in generated)
            if impls:
                erlc(impls, ebin, strict=False)
            proc = subprocess.run(
                # OTP's crash reports go to stderr, so stdout holds only the results.
                ["erl", "-noshell", "-pa", str(ebin), "-kernel", "logger",
                 '[{handler, default, logger_std_h, #{config => #{type => standard_error}}}]',
                 "-run", "choreo_cli", "main", name,
                 args, timeout, *(["diagram"] if diagram else [])],
                capture_output=True, text=True)
            out = proc.stdout
            if not trace and "\nmessages (" in out:
                head, _, rest = out.partition("\nmessages (")
                picture = rest.find("\nsequenceDiagram\n")
                out = head + (rest[picture:] if diagram and picture >= 0 else "\n")
            sys.stdout.write(out.rstrip("\n") + "\n" if out.strip() else out)
            sys.stderr.write(proc.stderr)
            return proc.returncode
    except ChoreoErlError as exc:
        return fail(exc)
