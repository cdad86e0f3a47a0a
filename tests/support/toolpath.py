"""PATHs for the tests of generated projects (rebar3 and Mix) built from a git clone:
one where choreo-erl is reachable only through PATH, one with no Python at all."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_EXE = ROOT / ".venv" / "bin" / "choreo-erl"


def choreo_erl() -> str:
    return str(VENV_EXE if VENV_EXE.exists() else shutil.which("choreo-erl"))


def tool_path(bin_dir: Path) -> str:
    """A PATH on which choreo-erl is only a symlink to the venv's script (no virtualenv
    on it), with /usr/bin:/bin for the rest."""
    (bin_dir / "choreo-erl").symlink_to(choreo_erl())
    return f"{bin_dir}:/usr/bin:/bin"


def no_python_path(bin_dir: Path) -> str:
    """A PATH with every command of /usr/bin and /bin but Python and choreo-erl."""
    for d in (Path("/bin"), Path("/usr/bin")):
        for exe in d.iterdir():
            target = bin_dir / exe.name
            if exe.name.startswith(("python", "pip", "choreo")) or target.is_symlink():
                continue
            target.symlink_to(exe.resolve() if exe.is_symlink() else exe)
    path = str(bin_dir)
    assert shutil.which("python3", path=path) is None
    assert shutil.which("choreo-erl", path=path) is None
    return path


def clone(project: Path, into: Path) -> Path:
    """Commit project to a new git repository and clone it into `into`/NAME."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to clone the project")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "new"]):
        res = subprocess.run([*git, *args], cwd=project, capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr
    res = subprocess.run(["git", "clone", "-q", str(project), str(into / project.name)],
                         cwd=into, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    return into / project.name
