"""The compilation of `.chor` files: every stage, in one place, for every command.

`Compilation` takes one file from its text to the entry choreography and the Erlang
modules, each stage computed once, when first asked for, on the deep-stack thread.
The command line (`cli/`), the rebar3 plugin (which runs `choreo-erl compile`), the
tests and the benchmarks all go through it.
"""

from __future__ import annotations

from .compilation import Compilation, compile_file, front_end, read_source

__all__ = ["Compilation", "compile_file", "front_end", "read_source"]
