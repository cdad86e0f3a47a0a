"""Every example (role families included) runs on real Erlang with the results and
message counts of its header."""

from __future__ import annotations

import pytest

from tests.support.examples import erlang_example_files, runs

pytestmark = pytest.mark.erlang

RUNS = [r for f in erlang_example_files() for r in runs(f)]


@pytest.mark.parametrize("case", RUNS, ids=lambda r: f"{r.example}:{r.run[:60]}")
def test_example_session(erl, case):
    equal, sends, shown = erl.run_example(case.run, case.result)
    assert equal, f"{case.run}\n returned {shown}\n expected {case.result}"
    if case.messages is not None:
        assert sends == case.messages, f"{case.run}: {sends} messages sent, expected " \
                                       f"{case.messages}"
