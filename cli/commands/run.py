"""`choreo-erl run`: compile a choreography, build it with erlc and run one session."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from choreo_erl.backends.erlang.build import erlc, require_erlang
from choreo_erl.core.diagnostics import ChoreoErlError, UsageError
from choreo_erl.pipeline import Compilation

from .report import Reporter, fail


def run_session(file: Path, choreography: str | None, args: str, impl_dirs: list[Path],
                timeout: str, trace: bool, diagram: bool = False,
                crash_reports: bool = False) -> int:
    try:
        compilation = Compilation.read(file)
        generated = compilation.modules
    except ChoreoErlError as exc:
        return fail(exc)
    reporter = Reporter("text")
    reporter.warn(compilation)
    reporter.finish()
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
                warnings = erlc(impls, ebin, strict=False)
                if warnings:
                    sys.stderr.write(warnings + "\n")
            return _session(Path(tmp), ebin, name, args, timeout, trace, diagram,
                            crash_reports)
    except ChoreoErlError as exc:
        return fail(exc)


def _session(tmp: Path, ebin: Path, name: str, args: str, timeout: str, trace: bool,
             diagram: bool, crash_reports: bool) -> int:
    """One session in a fresh `erl`. The arguments travel in a file, so no text of
    theirs can be taken for a flag of `erl`; OTP's crash reports go to a file too
    (shown with --crash-reports), and a crash dump never lands in the user's directory."""
    import json
    import os

    args_file, reports = tmp / "args.term", tmp / "crash_reports.log"
    # A command line that is not UTF-8 reaches Python as surrogates: they become U+FFFD.
    args_file.write_text(args, encoding="utf-8", errors="replace")
    handler = ("[{handler, default, logger_std_h, #{config => #{file => "
               + json.dumps(str(reports), ensure_ascii=False) + "}}}]")
    env = {**os.environ, "ERL_CRASH_DUMP": str(tmp / "erl_crash.dump"),
           "ERL_CRASH_DUMP_SECONDS": "0"}
    proc = subprocess.run(
        ["erl", "-noshell", "+pc", "unicode", "-pa", str(ebin), "-kernel", "logger", handler,
         "-run", "choreo_cli", "main", name, str(args_file), timeout,
         *(["diagram"] if diagram else [])],
        capture_output=True, env=env)
    # choreo_cli writes UTF-8; anything else (a crashed VM's message) must not crash us.
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    if not trace and "\nmessages (" in out:
        head, _, rest = out.partition("\nmessages (")
        picture = rest.find("\nsequenceDiagram\n")
        out = head + (rest[picture:] if diagram and picture >= 0 else "\n")
    # What erl says on stderr (a missing callback, wrong --args) comes before the session.
    sys.stderr.write(err)
    sys.stderr.flush()
    sys.stdout.write(out.rstrip("\n") + "\n" if out.strip() else out)
    sys.stdout.flush()
    logged = (reports.read_text(encoding="utf-8", errors="replace")
              if reports.exists() else "")
    if crash_reports:
        sys.stderr.write(logged)
    elif logged.strip() and proc.returncode != 0:
        lines = logged.count("\n")
        sys.stderr.write(f"note: the roles' crash reports ({lines} lines) are not shown; "
                         "`--crash-reports` shows them\n")
    return proc.returncode
