"""Building the package is quiet (`make demo` shows only its own output) and the wheel
holds the data files the back ends read (templates, runtime sources)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_building_the_wheel_gives_no_setuptools_warning(tmp_path):
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v",
                          "-w", str(tmp_path), str(ROOT)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    log = res.stdout + res.stderr
    for noise in ("BuildBackendWarning", "SetuptoolsDeprecationWarning",
                  "is absent from the `packages` configuration", "license` as a TOML table"):
        assert noise not in log, log
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "choreo_erl/backends/erlang/runtime/choreo_cli.erl" in names
    assert any(n.startswith("choreo_erl/backends/erlang/templates/") for n in names)
    assert any(n.startswith("choreo_erl/backends/rebar3/templates/example/") for n in names)


def test_make_demo_sets_up_quietly_and_without_the_browser():
    make = (ROOT / "Makefile").read_text()
    demo = next(line for line in make.splitlines() if line.startswith("demo:"))
    assert "browser" not in demo and "setup" not in demo
    installs = [line for line in make.splitlines() if "pip install" in line]
    assert installs and all("-qq" in line for line in installs)
