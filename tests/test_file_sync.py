"""The copy of the runtime and plugin into a project: rewrite only what changed,
remove only files the copy owns."""

from choreo_erl.backends.rebar3.file_sync import sync_files
from choreo_erl.backends.rebar3.runtime_app import write_app


def ours(rel: str) -> bool:
    return rel.startswith("src/")


def test_first_write_creates_every_file(tmp_path):
    assert sync_files(tmp_path / "app", {"src/a.erl": "a", "rebar.config": "c"}, ours)
    assert (tmp_path / "app" / "src" / "a.erl").read_text() == "a"
    assert (tmp_path / "app" / "rebar.config").read_text() == "c"


def test_an_unchanged_copy_is_left_alone(tmp_path):
    files = {"src/a.erl": "a"}
    sync_files(tmp_path, files, ours)
    stamp = (tmp_path / "src" / "a.erl").stat().st_mtime_ns
    assert not sync_files(tmp_path, files, ours)
    assert (tmp_path / "src" / "a.erl").stat().st_mtime_ns == stamp


def test_stale_files_of_ours_go_and_others_stay(tmp_path):
    sync_files(tmp_path, {"src/a.erl": "a", "src/old.erl": "o"}, ours)
    (tmp_path / "notes.txt").write_text("the user's")
    assert sync_files(tmp_path, {"src/a.erl": "a"}, ours)
    assert not (tmp_path / "src" / "old.erl").exists()
    assert (tmp_path / "notes.txt").read_text() == "the user's"


def test_a_changed_file_is_rewritten(tmp_path):
    sync_files(tmp_path, {"src/a.erl": "a"}, ours)
    assert sync_files(tmp_path, {"src/a.erl": "b"}, ours)
    assert (tmp_path / "src" / "a.erl").read_text() == "b"


def test_the_runtime_app_refresh_removes_a_module_it_no_longer_has(tmp_path):
    assert write_app(tmp_path)
    (tmp_path / "src" / "choreo_gone.erl").write_text("-module(choreo_gone).\n")
    assert write_app(tmp_path)
    assert not (tmp_path / "src" / "choreo_gone.erl").exists()
    assert not write_app(tmp_path)
