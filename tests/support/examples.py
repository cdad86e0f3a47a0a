"""The acceptance examples in `../shared/examples/`, read from there (never copied)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CHOREO_SHARED", ROOT.parent / "shared"))
EXAMPLES = SHARED / "examples"
ERRORS = EXAMPLES / "errors"
FAMILIES = EXAMPLES / "families"  # role families (design section 8)

@dataclass(frozen=True)
class Run:
    example: str
    run: str
    result: str
    messages: int | None


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.chor"))


def error_files() -> list[Path]:
    return sorted(ERRORS.glob("*.chor"))


def family_example_files() -> list[Path]:
    return sorted(FAMILIES.glob("*.chor"))


def family_error_files() -> list[Path]:
    return sorted((FAMILIES / "errors").glob("*.chor"))


def erlang_example_files() -> list[Path]:
    """The examples that run on real Erlang: the main folder and the families'."""
    return example_files() + family_example_files()


def impl_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*_impl.erl"))


def erlang_impl_files() -> list[Path]:
    """The implementation modules of `erlang_example_files()`."""
    return impl_files() + sorted(FAMILIES.glob("*_impl.erl"))


def runs(path: Path) -> list[Run]:
    """The `% run:` / `% result:` / `% messages:` triples of an example's header."""
    out: list[Run] = []
    run = result = None
    messages = None
    for line in path.read_text().splitlines():
        m = re.match(r"%\s*(run|result|messages):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "run":
            if run is not None:
                out.append(Run(path.stem, run, result or "", messages))
            run, result, messages = value, None, None
        elif key == "result":
            result = value
        else:
            messages = int(value)
    if run is not None:
        out.append(Run(path.stem, run, result or "", messages))
    return out


@dataclass(frozen=True)
class ExpectedError:
    places: list[tuple[int, int, int]]  # (line, first column, last column)
    mentions: list[str]


def expected_error(path: Path) -> ExpectedError:
    text = path.read_text()
    at = re.search(r"% expect-error-at: (.*)", text).group(1)
    places = []
    for part in at.split(", "):
        line, cols = part.strip().split(":")
        lo, _, hi = cols.partition("-")
        places.append((int(line), int(lo), int(hi or lo)))
    mentions = [m.strip() for m in
                re.search(r"% expect-mentions: (.*)", text).group(1).split(", ")]
    return ExpectedError(places, mentions)
