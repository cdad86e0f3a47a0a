"""Building generated Erlang with `erlc`: used by `run`, and by tests through the same path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

STRICT_FLAGS = ["+warn_missing_spec", "+warn_unused_import", "+warn_export_vars",
                "+warn_untyped_record", "+warnings_as_errors"]


class BuildError(Exception):
    pass


def require_erlang() -> None:
    missing = [t for t in ("erl", "erlc") if shutil.which(t) is None]
    if missing:
        raise BuildError(
            "Erlang/OTP is not installed (" + ", ".join(missing) + " not found); install it "
            "with `sudo apt-get install -y erlang-nox erlang-dev` or run `make setup`")


def erlc(files: list[Path], out: Path, strict: bool = True) -> str:
    """Build `files` into `out`; returns erlc's warnings (empty when there are none)."""
    require_erlang()
    out.mkdir(parents=True, exist_ok=True)
    flags = STRICT_FLAGS if strict else []
    res = subprocess.run(["erlc", *flags, "-o", str(out), *map(str, files)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise BuildError((res.stdout + res.stderr).strip())
    return (res.stdout + res.stderr).strip()
