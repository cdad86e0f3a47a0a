"""Conservative edits of an existing `mix.exs`, for `choreo-erl init --mix`.

Three additions, each found by a pattern in the layout `mix new` writes: the line
that loads the Mix compiler before the project's module, `compilers: [:choreo] ++
Mix.compilers()` first in `project/0`'s list, and the runtime first in `deps/0`'s
list. What is already there is left alone; when a pattern is not found (or
`compilers:` is set to something else), nothing is changed and the caller shows
the lines to add by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mix_project import COMPILER, RUNTIME_DEP

REQUIRE = f'Code.require_file("{COMPILER}", __DIR__)'
COMPILERS = "compilers: [:choreo] ++ Mix.compilers(),"


class MixConfigError(Exception):
    """mix.exs cannot be edited safely; the message says why."""


@dataclass
class MixEdit:
    text: str
    changes: list[str]


def _insert_first(text: str, pattern: str, item: str, what: str) -> str:
    m = re.search(pattern, text)
    if not m:
        raise MixConfigError(f"no {what} written as `mix new` writes it")
    indent = re.match(r"[ \t]*", text[m.end():]).group()
    return text[: m.end()] + indent + item + "\n" + text[m.end():]


def wire(text: str) -> MixEdit:
    changes = []
    if "compile.choreo.ex" not in text:
        m = re.search(r"^defmodule\s", text, re.M)
        if not m:
            raise MixConfigError("no `defmodule`")
        text = (text[: m.start()] + "# The Mix compiler of choreo-erl (added by `choreo-erl "
                "init --mix`).\n" + REQUIRE + "\n\n" + text[m.start():])
        changes.append(f"loads {COMPILER}")
    if not re.search(r"compilers:\s*\[:choreo\]", text):
        if re.search(r"^\s*compilers:", text, re.M):
            raise MixConfigError("it sets `compilers:` already")
        text = _insert_first(text, r"def project do\s*\n\s*\[\s*\n", COMPILERS,
                             "`def project do [` list")
        changes.append("added " + COMPILERS.rstrip(","))
    if ":choreo_runtime" not in text:
        text = _insert_first(text, r"defp? deps do\s*\n\s*\[\s*\n", RUNTIME_DEP + ",",
                             "`defp deps do [` list")
        changes.append(f"added {RUNTIME_DEP} to deps")
    return MixEdit(text, changes)


def manual_lines() -> str:
    return (f"    {REQUIRE}            # before defmodule\n"
            f"    {COMPILERS}       # in project/0\n"
            f"    {RUNTIME_DEP}     # in deps/0")
