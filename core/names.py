"""How choreography and role names become Erlang atoms and module names."""

from __future__ import annotations

import re
from functools import lru_cache

from .erlang_names import RESERVED_WORDS

_WORD = re.compile(r"(.)([A-Z][a-z]+)")

# The longest choreography, role or variable name: Erlang's atoms and variables have at
# most 255 characters, and the compiler derives longer names from these (`await_...`,
# `play_...`, fields in snake_case, suffixes that keep names unique).
MAX_NAME = 200
# The longest generated module name: its `.beam` file name must fit in 255 bytes.
MAX_MODULE = 250
_PLAIN_ATOM = re.compile(r"[a-z][a-zA-Z0-9_@]*\Z")


def snake(name: str) -> str:
    """`Buyer1` -> `buyer1`, `BackupServer` -> `backup_server`, `IdP` -> `idp`.

    A capital starts a new word only when lowercase letters follow it, so that
    acronyms stay whole.
    """
    return _WORD.sub(r"\1_\2", name).lower()


# The escapes Erlang's scanner reads back as these characters.
_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x1b": "\\e",
                  "\b": "\\b", "\f": "\\f", "\v": "\\v", "\x7f": "\\d"}


def _escaped(text: str, quote: str) -> str:
    """`text` between `quote`s as Erlang source: the same characters when read back.

    Only printable characters other than the quote and `\\` stand for themselves, so
    the literal is one line and no character of it can end a comment or the file.
    """
    out = []
    for ch in text:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif ch == quote:
            out.append("\\" + ch)
        elif ch == " " or ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\x{{{ord(ch):X}}}")
    return quote + "".join(out) + quote


def atom(name: str) -> str:
    """An atom as Erlang source, quoted (and escaped) where it must be."""
    if _PLAIN_ATOM.match(name) and name not in RESERVED_WORDS:
        return name
    return _escaped(name, "'")


def string_literal(value: str) -> str:
    """A string (a list of characters) as Erlang source."""
    return _escaped(value, '"')


def char_literal(value: int) -> str:
    """A character `$c` as Erlang source."""
    ch = chr(value)
    if ch == " ":
        return "$\\s"
    if ch.isprintable() and ch not in " \\":
        return "$" + ch
    return "$" + _escaped(ch, "")


def comment_text(text: str) -> str:
    """`text` for a `%` comment: control characters (a newline above all) escaped, so
    that nothing of it can leave the comment."""
    return "".join(ch if ch == " " or ch.isprintable() else f"\\x{{{ord(ch):X}}}"
                   for ch in text)


@lru_cache(maxsize=4096)  # asked for every message a role sends or receives
def role_atom(role: str) -> str:
    return snake(role)


def role_module(chor: str, role: str) -> str:
    return f"{chor}_{snake(role)}"


def impl_module(chor: str, role: str) -> str:
    return f"{chor}_{snake(role)}_impl"


RUNTIME_MODULE = "choreo_runtime"

# Every module of the runtime (the `.erl` files of backends/erlang/runtime/, which a
# test compares with this list): generated modules must not take these names, since
# they are written into the same directory.
RUNTIME_MODULES = frozenset({"choreo_checkpoint", "choreo_cli", "choreo_diagram", "choreo_family",
                             "choreo_owner", "choreo_role", RUNTIME_MODULE, "choreo_session"})
