"""Golden snapshots of the generated Erlang, so that reviewers see every change of output.

Update them after an intended change with `CHOREO_UPDATE_GOLDEN=1 make test` (or
`pytest tests/test_golden.py --update-golden`) and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from choreo_erl.backends.erlang.emit import SHARED_MODULES
from choreo_erl.pipeline import compile_file
from tests.support.examples import EXAMPLES

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
CASES = ["shipping", "ping_pong", "failing_quote"]  # failing_quote: a `within`


def _generated(name: str) -> dict[str, str]:
    # The snapshot must not depend on where the checkout lives: compile from a path
    # relative to the examples folder, as a user in that folder would.
    cwd = os.getcwd()
    os.chdir(EXAMPLES)
    try:
        files = compile_file(Path(f"{name}.chor"))
    finally:
        os.chdir(cwd)
    shared = {f"{m}.erl" for m in SHARED_MODULES}
    return {k: v for k, v in files.items() if k not in shared}


@pytest.mark.parametrize("name", CASES)
def test_generated_erlang_matches_snapshot(name, request):
    update = request.config.getoption("--update-golden") or os.environ.get(
        "CHOREO_UPDATE_GOLDEN") == "1"
    folder = os.path.join(GOLDEN, name)
    generated = _generated(name)
    if update:
        os.makedirs(folder, exist_ok=True)
        for old in os.listdir(folder):
            os.remove(os.path.join(folder, old))
        for fname, text in generated.items():
            with open(os.path.join(folder, fname), "w", encoding="utf-8") as fh:
                fh.write(text)
    expected = {f: open(os.path.join(folder, f), encoding="utf-8").read()
                for f in sorted(os.listdir(folder))}
    assert sorted(generated) == sorted(expected), "the set of generated modules changed"
    for fname in expected:
        assert generated[fname] == expected[fname], (
            f"{fname} differs from tests/golden/{name}/{fname}; if the change is intended, "
            "run `CHOREO_UPDATE_GOLDEN=1 make test` and review the diff")
