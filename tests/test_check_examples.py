"""Every acceptance example passes `choreo-erl check` (design: every example must check)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from choreo_erl.main import app
from tests.support.examples import example_files

EXAMPLES = example_files()


def test_there_are_examples():
    assert len(EXAMPLES) >= 5, "the shared examples were not found (../shared/examples)"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_checks(path):
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "error" not in result.output


def test_all_examples_in_one_run():
    result = CliRunner().invoke(app, ["check", *map(str, EXAMPLES)])
    assert result.exit_code == 0, result.output
