"""The layout of docs/internals/architecture.md, checked: each stage imports only the
stages before it, and nothing outside `cli/` imports the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Folder -> the packages of choreo_erl its modules may import (besides the root package,
# which holds __version__). Data flows left to right: core, parser, checks, projector,
# then the back ends, the diagrams and the interpreter; the pipeline ties them together.
ALLOWED = {
    "core": {"core"},
    "parser": {"core", "parser"},
    "checks": {"core", "parser", "checks"},
    "projector": {"core", "parser", "projector"},
    "interpreter": {"core", "parser", "projector", "interpreter"},
    "backends": {"core", "parser", "projector", "backends"},
    "diagrams": {"core", "parser", "projector", "diagrams"},
    "pipeline": {"core", "parser", "checks", "projector", "backends", "diagrams", "pipeline"},
}
CLI_MODULES = {"main", "commands"}


def imported_packages(path: Path) -> set[str]:
    """The second part of every absolute `choreo_erl.X...` import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "choreo_erl":
                names.extend(f"choreo_erl.{a.name}" for a in node.names)
            else:
                names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
    return {n.split(".")[1] for n in names
            if n.startswith("choreo_erl.") and n.split(".")[1] != "__version__"}


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_each_stage_imports_only_the_stages_before_it(folder):
    bad = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "generated" in path.parts:
            continue
        wrong = imported_packages(path) - ALLOWED[folder]
        if wrong:
            bad[str(path.relative_to(ROOT))] = sorted(wrong)
    assert not bad, bad


def test_nothing_outside_the_command_line_imports_it():
    for folder in [*ALLOWED, "bench"]:
        for path in (ROOT / folder).rglob("*.py"):
            assert not imported_packages(path) & CLI_MODULES, path


def test_the_check_itself_sees_imports():
    sample = ROOT / "pipeline" / "compilation.py"
    assert {"core", "parser", "projector"} <= imported_packages(sample)
