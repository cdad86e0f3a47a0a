"""Where each variable is bound: variables live at a role, and a branch's bindings
survive the choice only when every branch that goes on makes them."""

from __future__ import annotations

from dataclasses import dataclass, field

from choreo_erl.core.source import Span


@dataclass
class Scope:
    """Variables bound at each role: role -> variable -> where it was first bound."""

    bound: dict[str, dict[str, Span]]
    # Bound in some branches of an earlier choice but not all: role -> var -> choice span.
    partial: dict[str, dict[str, Span]] = field(default_factory=dict)

    @classmethod
    def start(cls, params: dict[str, list[tuple[str, Span]]]) -> Scope:
        return cls({role: dict(vs) for role, vs in params.items()})

    def copy(self) -> Scope:
        return Scope({r: dict(v) for r, v in self.bound.items()},
                     {r: dict(v) for r, v in self.partial.items()})

    def has(self, role: str, var: str) -> bool:
        return var in self.bound.get(role, {})

    def bind(self, role: str, var: str, span: Span) -> None:
        self.bound.setdefault(role, {}).setdefault(var, span)

    def roles_binding(self, var: str) -> list[tuple[str, Span]]:
        return [(r, vs[var]) for r, vs in self.bound.items() if var in vs]

    @staticmethod
    def join(branches: list[Scope], choice: Span) -> Scope:
        """The scope after a choice, from the scopes of the branches that fall through."""
        if not branches:
            return Scope({})
        roles = set().union(*(b.bound.keys() for b in branches))
        out = Scope({}, {})
        for role in roles:
            sets = [b.bound.get(role, {}) for b in branches]
            common = set(sets[0]).intersection(*sets[1:])
            out.bound[role] = {v: sets[0][v] for v in common}
            some = set().union(*sets) - common
            partial = {v: choice for v in some}
            for b in branches:
                partial.update(b.partial.get(role, {}))
            for v in common:
                partial.pop(v, None)
            if partial:
                out.partial[role] = partial
        return out
