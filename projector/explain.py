"""`check --explain`: how each role learns each choice, in words."""

from __future__ import annotations

from .knowledge import How, Learning
from .project import ChoiceReport, Projection


def explain_choices(path: str, projection: Projection) -> str:
    lines: list[str] = []
    for c in projection.choices:
        branches = ", ".join(_branch(c, i) for i in range(len(c.labels)))
        lines.append(f"{path}:{c.span.line}:{c.span.col}: in `{c.chor}`, {c.decider} decides "
                     f"({c.kind}; {branches})")
        if not c.learnings:
            lines.append("  no other role takes part")
        for lr in c.learnings:
            lines.append(f"  {lr.role}: {_how(c, lr)}")
        inserted = sum(len(lr.selected) for lr in c.learnings)
        lines.append(f"  inserted selections: {inserted}")
    if not projection.choices:
        lines.append(f"{path}: no choices")
    return "\n".join(lines)


def _how(choice: ChoiceReport, lr: Learning) -> str:
    if lr.how is How.UNAFFECTED:
        return "does the same in every branch: needs no message"
    if lr.how is How.MERGE:
        return (f"learns from {lr.sender}'s message, which differs in every branch "
                "(merged: no message added)")
    names = [_branch(choice, i) for i in lr.selected]
    own = [_branch(choice, i) for i in range(len(choice.labels)) if i not in lr.selected]
    parts = []
    if own:
        parts.append(f"learns from {choice.decider}'s own message in {', '.join(own)}")
    if names:
        sel = ", ".join(f"{choice.decider}[{choice.labels[i]}] ~> {lr.role}"
                        for i in lr.selected)
        parts.append(f"gets an inserted selection in {', '.join(names)} ({sel})")
    return "; ".join(parts)


def _branch(choice: ChoiceReport, i: int) -> str:
    label = choice.labels[i]
    return f"`{label}`" if choice.kind == "if" else f"clause {label}"


def explain_json(path: str, projection: Projection) -> list[dict]:
    """The same explanation as notes beside the diagnostics, for `--format json`."""
    out = []
    for c in projection.choices:
        out.append({
            "file": path, "severity": "note", "code": "N0001",
            "message": f"in `{c.chor}`, {c.decider} decides",
            "line": c.span.line, "column": c.span.col,
            "end_line": c.span.end_line, "end_column": c.span.end_col, "hint": None,
            "notes": [{"message": f"{lr.role}: {_how(c, lr)}", "line": None, "column": None}
                      for lr in c.learnings],
            "roles": [{"role": lr.role, "how": lr.how.value, "sender": lr.sender,
                       "selected_branches": [c.labels[i] for i in lr.selected]}
                      for lr in c.learnings],
        })
    return out
