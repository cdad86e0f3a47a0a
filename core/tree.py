"""One generic traversal for the frozen-dataclass trees of every stage (the AST, the IR).

A node's children are the values of its dataclass fields that are nodes themselves,
or tuples or lists of nodes, in field order (which is source order). Spans are not children.
Adding a node class or a field needs no change here: every pass that walks a tree
sees the new parts at once.

`walk` is iterative, so that a choreography nested thousands of levels deep is
walked without deep recursion.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from .source import Span

_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls)) \
            if dataclasses.is_dataclass(cls) and cls is not Span else ()
        _FIELDS[cls] = names
    return names


def is_node(value: object) -> bool:
    return bool(_fields(type(value)))


def children(node: object) -> Iterator[object]:
    """The nodes held by `node`'s fields, in field order; tuples and lists are flattened
    one level."""
    for name in _fields(type(node)):
        value = getattr(node, name)
        if type(value) is tuple or type(value) is list:
            for item in value:
                if _fields(type(item)):
                    yield item
        elif _fields(type(value)):
            yield value


def walk(root: object, descend: Callable[[object], bool] | None = None) -> Iterator[object]:
    """`root` and every node below it, in pre-order (source order).

    `descend(node)` says whether to visit the children of `node` (default: always); a
    pass that looks only at statements skips the expressions this way.
    """
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if descend is None or descend(node):
            kids = list(children(node))
            kids.reverse()
            stack.extend(kids)
