"""Building generated Erlang with `erlc`: the strict flags every generated module must pass,
used by `run`, the tests and the benchmarks alike."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from choreo_erl.core.diagnostics import BuildError

# The warnings generated code must not give (docs/erlang.md); the one definition.
STRICT_FLAGS = ("+warn_missing_spec", "+warn_unused_import", "+warn_export_vars",
                "+warn_untyped_record", "+warnings_as_errors")

__all__ = ["STRICT_FLAGS", "BuildError", "erlc", "require_erlang"]


def require_erlang() -> None:
    missing = [t for t in ("erl", "erlc") if shutil.which(t) is None]
    if missing:
        raise BuildError(
            "Erlang/OTP is not installed (" + ", ".join(missing) + " not found); install it "
            "with `sudo apt-get install -y erlang-nox erlang-dev` or run `make setup`")


def erlc(files: list[Path], out: Path, strict: bool = True) -> str:
    """Compile `files` into `out` and return erlc's warnings (empty when there are none);
    raises BuildError with erlc's output when it fails."""
    require_erlang()
    out.mkdir(parents=True, exist_ok=True)
    flags = STRICT_FLAGS if strict else ()
    res = subprocess.run(["erlc", *flags, "-o", str(out), *map(str, files)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        output = (res.stdout + res.stderr).strip()
        raise BuildError(output, output)
    return (res.stdout + res.stderr).strip()
