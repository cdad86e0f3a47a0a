"""Role families on real Erlang: the shared family examples and the test choreographies
of `tests/families_erlang/`, compiled once per test session with the strict erlc flags
and put on the code path of the session's VM (the `erl` fixture)."""

from __future__ import annotations

from pathlib import Path

from choreo_erl.pipeline import compile_file
from tests.support.erlang_vm import FIXTURES, ErlangVM, erlc
from tests.support.examples import FAMILIES, family_example_files

HERE = Path(__file__).resolve().parents[1] / "families_erlang"
_built: dict[str, Path] = {}


def family_build(tmp_path_factory, erl: ErlangVM) -> Path:
    """Compile once per test session; every call adds the ebin to `erl`'s code path."""
    if "ebin" not in _built:
        src = tmp_path_factory.mktemp("families_src")
        ebin = tmp_path_factory.mktemp("families_ebin")
        for chor in family_example_files() + sorted(HERE.glob("*.chor")):
            for name, text in compile_file(chor).items():
                (src / name).write_text(text)
        res = erlc(sorted(src.glob("*.erl")), ebin)
        assert res.returncode == 0, res.stdout + res.stderr
        res = erlc(sorted(FAMILIES.glob("*.erl")) + sorted(HERE.glob("*.erl")), ebin,
                   strict=False)
        assert res.returncode == 0, res.stdout + res.stderr
        res = erlc(sorted((FIXTURES / "families").glob("*.erl")), ebin)
        assert res.returncode == 0, res.stdout + res.stderr
        _built["ebin"] = ebin
    assert erl.eval(f'code:add_patha("{_built["ebin"]}")') == "true"
    return _built["ebin"]
