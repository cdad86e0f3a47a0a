"""How choreography and role names become Erlang atoms and module names."""

from __future__ import annotations

import re

from .erlang_names import RESERVED_WORDS

_WORD = re.compile(r"(.)([A-Z][a-z]+)")
_PLAIN_ATOM = re.compile(r"[a-z][a-zA-Z0-9_@]*\Z")


def snake(name: str) -> str:
    """`Buyer1` -> `buyer1`, `BackupServer` -> `backup_server`, `IdP` -> `idp`.

    A capital starts a new word only when lowercase letters follow it, so that
    acronyms stay whole.
    """
    return _WORD.sub(r"\1_\2", name).lower()


def atom(name: str) -> str:
    """An atom as Erlang source, quoted where it must be."""
    if _PLAIN_ATOM.match(name) and name not in RESERVED_WORDS:
        return name
    escaped = name.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def role_atom(role: str) -> str:
    return snake(role)


def role_module(chor: str, role: str) -> str:
    return f"{chor}_{snake(role)}"


def impl_module(chor: str, role: str) -> str:
    return f"{chor}_{snake(role)}_impl"


RUNTIME_MODULE = "choreo_runtime"

# Every module of the runtime application `choreo_runtime`: one per `.erl` file in
# backends/erlang/runtime/ (tests/test_erlang_build.py checks that they agree).
RUNTIME_MODULES = ("choreo_cli", "choreo_diagram", "choreo_runtime", "choreo_session")
