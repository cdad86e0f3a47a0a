"""Knowledge of choice (design section 4): how each role learns which branch was taken.

For a choice by role A and each other role Q, in order of preference:
1. Q's projection is the same in every branch: Q need not learn anything.
2. Q's first action in a branch is a receive from A: that message tells Q.
3. Q's first receive in every branch comes from one sender S that knows the choice,
   with a different step in each branch: S's message tells Q (merging).
4. Otherwise A sends Q a selection at the start of each branch that needs one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from . import ir


class How(StrEnum):
    """Which rule tells a role the choice (the rules above, in order)."""

    UNAFFECTED = "unaffected"
    OWN_MESSAGE = "own message"
    MERGE = "merge"
    SELECTION = "selection"


@dataclass(frozen=True)
class Learning:
    """How one role learns one choice."""

    role: str
    how: How
    sender: str | None = None  # who tells it
    selected: tuple[int, ...] = ()  # branches (0-based) that get an inserted selection


def decide(decider: str, projections: dict[str, list[ir.Body]],
           labels: tuple[str | int, ...] | None = None) -> dict[str, Learning]:
    """Apply the four rules to the projections of each branch for every other role.

    `labels` are the selection labels of the branches: a branch whose own first
    message has the step of another branch's inserted selection (a nested choice of
    the same decider can send one) gets a selection too, so that the first steps of
    all branches stay distinct.
    """
    differing = {r for r, ps in projections.items() if any(p != ps[0] for p in ps[1:])}
    out: dict[str, Learning] = {}
    for role, branches in projections.items():
        if role not in differing:
            out[role] = Learning(role, How.UNAFFECTED)
            continue
        firsts = [ir.first_receive(b) for b in branches]
        merged = _merge_sender(decider, firsts, differing)
        if merged is not None:
            out[role] = Learning(role, How.MERGE, merged)
            continue
        own_steps = Counter(s for f in firsts if f and f.sender == decider for s in f.steps)
        selected = {
            i for i, f in enumerate(firsts)
            if not (f and f.sender == decider and all(own_steps[s] == 1 for s in f.steps))}
        while labels is not None:
            inserted = {ir.select_step(labels[i]) for i in selected}
            clash = {i for i, f in enumerate(firsts)
                     if i not in selected and f and f.steps & inserted}
            if not clash:
                break
            selected |= clash
        how = How.SELECTION if selected else How.OWN_MESSAGE
        out[role] = Learning(role, how, decider, tuple(sorted(selected)))
    return out


def _merge_sender(decider: str, firsts: list[ir.FirstReceive | None],
                  differing: set[str]) -> str | None:
    if not all(firsts):
        return None
    senders = {f.sender for f in firsts}
    if len(senders) != 1:
        return None
    sender = senders.pop()
    if sender == decider or sender not in differing:
        return None
    steps = [s for f in firsts for s in f.steps]
    return sender if len(steps) == len(set(steps)) else None
