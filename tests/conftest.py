"""Shared fixtures: the compiled examples and one Erlang VM for the whole test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from choreo_erl.pipeline import compile_file
from tests.support.erlang_vm import ErlangVM, erlc
from tests.support.examples import erlang_example_files, erlang_impl_files

TEST_CHOREOGRAPHIES = Path(__file__).parent / "choreographies"


def pytest_collection_modifyitems(config, items):
    if shutil.which("erl") is None:
        skip = pytest.mark.skip(reason="Erlang/OTP is not installed (make test installs it)")
        for item in items:
            if "erlang" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory) -> Path:
    """Every runnable example compiled with the strict erlc flags, with its impl modules."""
    out = tmp_path_factory.mktemp("examples_ebin")
    src = tmp_path_factory.mktemp("examples_src")
    for chor in erlang_example_files() + sorted(TEST_CHOREOGRAPHIES.glob("*.chor")):
        for name, text in compile_file(chor).items():
            (src / name).write_text(text)
    res = erlc(sorted(src.glob("*.erl")), out)
    assert res.returncode == 0, res.stdout + res.stderr
    res = erlc(erlang_impl_files() + sorted(TEST_CHOREOGRAPHIES.glob("*.erl")), out, strict=False)
    assert res.returncode == 0, res.stdout + res.stderr
    return out


@pytest.fixture(scope="session")
def erl(examples_build, tmp_path_factory):
    vm = ErlangVM([tmp_path_factory.mktemp("eval_ebin"), examples_build])
    yield vm
    vm.close()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden snapshots of generated Erlang")


@pytest.fixture(scope="session")
def tool_path(tmp_path_factory) -> str:
    """A PATH on which choreo-erl is reachable only through a symlink (tests/support/toolpath)."""
    from tests.support.toolpath import tool_path

    return tool_path(tmp_path_factory.mktemp("tool-bin"))


@pytest.fixture(scope="session")
def no_python_path(tmp_path_factory) -> str:
    """A PATH with no Python and no choreo-erl on it (tests/support/toolpath)."""
    from tests.support.toolpath import no_python_path

    return no_python_path(tmp_path_factory.mktemp("no-python-bin"))
