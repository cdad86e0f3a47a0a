"""Where each variable is bound: variables live at a role, and a branch's bindings
survive the choice only when every branch that goes on makes them.

A branch's scope is an overlay of the scope before the choice: it holds only what
the branch binds itself, and looks the rest up in its parent. Entering a branch
and joining the branches after the choice therefore cost what the branches bind,
not what is in scope; a long choreography with many choices stays linear.
"""

from __future__ import annotations

from choreo_erl.core.source import Span


class Scope:
    """Variables bound at each role: role -> variable -> where it was first bound."""

    __slots__ = ("_bound", "_partial", "parent")

    def __init__(self, bound: dict[str, dict[str, Span]],
                 partial: dict[str, dict[str, Span]] | None = None,
                 parent: Scope | None = None) -> None:
        # Only what this scope binds itself; the rest is in `parent`.
        self._bound = bound
        # Bound in some branches of an earlier choice but not all: role -> var -> choice
        # span. An entry in a parent wins over one in a child (the earliest choice).
        self._partial = partial if partial is not None else {}
        self.parent = parent

    @classmethod
    def start(cls, params: dict[str, list[tuple[str, Span]]]) -> Scope:
        return cls({role: dict(vs) for role, vs in params.items()})

    def copy(self) -> Scope:
        """The scope of a branch: an empty overlay of this one."""
        return Scope({}, {}, self)

    def _chain(self) -> list[Scope]:
        """This scope and its parents, the outermost first."""
        out = []
        s: Scope | None = self
        while s is not None:
            out.append(s)
            s = s.parent
        out.reverse()
        return out

    def has(self, role: str, var: str) -> bool:
        s: Scope | None = self
        while s is not None:
            vs = s._bound.get(role)
            if vs is not None and var in vs:
                return True
            s = s.parent
        return False

    def bind(self, role: str, var: str, span: Span) -> None:
        if not self.has(role, var):
            self._bound.setdefault(role, {})[var] = span

    @property
    def bound(self) -> dict[str, dict[str, Span]]:
        """Every binding in scope, flattened (for messages and tests; costs the scope)."""
        out: dict[str, dict[str, Span]] = {}
        for s in self._chain():
            for role, vs in s._bound.items():
                out.setdefault(role, {}).update(vs)
        return out

    @property
    def partial(self) -> dict[str, dict[str, Span]]:
        """Every partial binding in scope, flattened (for messages; costs the scope)."""
        out: dict[str, dict[str, Span]] = {}
        for s in self._chain():
            for role, vs in s._partial.items():
                mine = out.setdefault(role, {})
                for v, span in vs.items():
                    mine.setdefault(v, span)
        return out

    def roles_binding(self, var: str) -> list[tuple[str, Span]]:
        found: dict[str, Span] = {}
        for s in self._chain():
            for role, vs in s._bound.items():
                if var in vs and role not in found:
                    found[role] = vs[var]
        return list(found.items())

    def _partial_at(self, role: str, var: str) -> Span | None:
        found = None
        s: Scope | None = self
        while s is not None:
            vs = s._partial.get(role)
            if vs is not None and var in vs:
                found = vs[var]
            s = s.parent
        return found

    def merge(self, branches: list[Scope], choice: Span) -> None:
        """After a choice: keep what every branch in `branches` (overlays of this scope,
        those that fall through) binds; the rest becomes partial."""
        if not branches:
            return
        roles: dict[str, None] = {}
        for b in branches:
            roles.update(dict.fromkeys(b._bound))
            roles.update(dict.fromkeys(b._partial))
        for role in roles:
            sets = [b._bound.get(role, {}) for b in branches]
            common = set(sets[0]).intersection(*sets[1:])
            partial = {v: choice for v in set().union(*sets) - common}
            for b in branches:
                partial.update(b._partial.get(role, {}))
            mine = self._partial.get(role)
            if common:
                bound = self._bound.setdefault(role, {})
                first = sets[0]
                for v in first:  # in binding order
                    if v in common:
                        bound[v] = first[v]
                        partial.pop(v, None)
                        if mine is not None:
                            mine.pop(v, None)
            for v, span in partial.items():
                if self._partial_at(role, v) is None:
                    self._partial.setdefault(role, {})[v] = span

    @staticmethod
    def join(branches: list[Scope], choice: Span) -> Scope:
        """The scope after a choice, from the scopes of the branches that fall through.

        Kept for callers that want a fresh scope; `merge` updates the parent in place.
        """
        if not branches:
            return Scope({})
        parent = branches[0].parent
        out = Scope({}, {}, parent)
        out.merge(branches, choice)
        return out
