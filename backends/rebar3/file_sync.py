"""Bring a directory we own a part of up to date with a set of files.

The runtime application and the rebar3 plugin are copied into every project
(`_checkouts/`); an update must rewrite only what changed (so rebar3 rebuilds
only that) and remove files an older copy had, but never touch what is not ours.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def sync_files(dest: Path, files: dict[str, str], ours: Callable[[str], bool]) -> bool:
    """Make `dest` hold `files` (relative path -> text); whether anything changed.

    A file under `dest` that `files` lacks is removed when `ours(relative_path)`
    says the copy owns it.
    """
    changed = False
    if dest.exists():
        for path in sorted(dest.rglob("*"), reverse=True):
            rel = path.relative_to(dest).as_posix()
            if path.is_file() and rel not in files and ours(rel):
                path.unlink()
                changed = True
    for rel, text in files.items():
        path = dest / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed = True
    return changed
