"""Runs a function on a thread with a large stack, so that deeply nested input cannot crash us.

ANTLR's generated parser and our tree walks recurse once or more per nesting level;
CPython's default stack allows a few hundred levels. A choreography nested a few
thousand levels deep still gets a clean answer (or a clean "too deep" error).
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_STACK_BYTES = 512 * 1024 * 1024
_RECURSION_LIMIT = 100_000


def run_deep(fn: Callable[[], T]) -> T:
    result: dict[str, object] = {}

    def target() -> None:
        # The stages build many short-lived objects and few cycles: Python's cyclic
        # collector would spend about 30 % of a large compilation scanning them.
        collecting = gc.isenabled()
        gc.disable()
        try:
            result["value"] = fn()
        except BaseException as exc:  # re-raised on the calling thread
            result["error"] = exc
        finally:
            if collecting:
                gc.enable()

    old_limit = sys.getrecursionlimit()
    old_size = threading.stack_size()
    sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
    threading.stack_size(_STACK_BYTES)
    try:
        thread = threading.Thread(target=target, name="choreo-deep")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]  # type: ignore[return-value]
