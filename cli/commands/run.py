"""`choreo-erl run`: compile a choreography, build it with erlc and run one session."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoError

from ..pipeline import SourceError, read_source
from .build import BuildError, erlc, require_erlang
from .compile import compile_source
from .report import Reporter, fail_on_input


def entry_choreography(program) -> str:
    """The choreography no other one calls (the last such), i.e. the file's entry point."""
    from choreo_erl.parser import ast as A

    called: set[str] = set()

    def visit(block: A.Block) -> None:
        for s in block.stmts:
            if isinstance(s, A.ChorCall):
                called.add(s.name)
            for sub in _blocks(s):
                visit(sub)

    for c in program.choreographies:
        visit(c.body)
    roots = [c.name for c in program.choreographies if c.name not in called]
    return (roots or [program.choreographies[-1].name])[-1]


def _blocks(s):
    from choreo_erl.parser import ast as A

    if isinstance(s, A.If):
        return [s.then, s.orelse]
    if isinstance(s, A.Case):
        return [c.body for c in s.clauses]
    if isinstance(s, A.Checkpoint):
        return [s.body, s.rescue]
    if isinstance(s, A.ForEach):
        return [s.body]
    return []


def run_session(file: Path, choreography: str | None, args: str, impl_dirs: list[Path],
                timeout: str, trace: bool, diagram: bool = False) -> int:
    reporter = Reporter("text")
    source = None
    try:
        source = read_source(file)
        program, generated = compile_source(source)
    except (SourceError, ChoreoError) as exc:
        return fail_on_input(reporter, exc, source)
    if timeout != "infinity" and not (timeout.isdigit() and int(timeout) > 0):
        sys.stderr.write(f"error: --timeout takes a number of milliseconds or `infinity`, "
                         f"not `{timeout}`\n")
        return 2
    name = choreography or entry_choreography(program)
    if program.get(name) is None:
        sys.stderr.write(f"error: {file} has no choreography `{name}`\n")
        return 2
    try:
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
    except BuildError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
