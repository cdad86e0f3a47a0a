"""Synthetic choreographies of a given number of statements, for the compiler benchmark.

`synthesize(n)` writes one file whose statements (every statement counts, those
nested in choices too) add up to exactly `n`. Two shapes:

- "flat": one choreography `synth` of `n - 3` statements plus a 3-statement
  helper it calls. This is the worst case for anything that grows with the
  number of variables in scope or statements in a body.
- "modular": choreographies of about 50 statements each (`part_1`, `part_2`,
  ...) plus the helper, the way a large file is usually written.

The mix, by weight: communications 40 %, local steps 25 %, choices (`if` and
`case`, with 1 to 3 statements per branch, nested at most twice) 20 %, calls
of the helper with results bound at the caller 15 %. Every variable is bound
once, and every statement uses a variable bound before it at its role, so the
file passes `check`. The output depends only on `n`, the shape and the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

ROLES = ("A", "B", "C")
HELPER = """\
choreography helper(P(V), Q) {
    P.{req, V} ~> Q.{req, W};
    Q.(W + 1) ~> P.R;
    return P.R, Q.W;
}
"""
HELPER_STATEMENTS = 3
PART_SIZE = 50


@dataclass
class _Gen:
    rng: random.Random
    counter: int = 0
    lines: list[str] = field(default_factory=list)

    def fresh(self) -> str:
        self.counter += 1
        return f"V{self.counter}"

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    # A scope is role -> list of variables bound there (never empty: every role
    # starts with one).

    def simple(self, scope: dict[str, list[str]], depth: int) -> int:
        """One communication or local step; returns 1 (statements written)."""
        r = self.rng.random()
        if r < 0.6:
            src, dst = self.rng.sample(ROLES, 2)
            x = self.rng.choice(scope[src][-4:])
            y = self.fresh()
            if self.rng.random() < 0.5:
                self.emit(depth, f"{src}.{{m, {x}}} ~> {dst}.{{m, {y}}};")
            else:
                self.emit(depth, f"{src}.({x} + 1) ~> {dst}.{y};")
            scope[dst].append(y)
        else:
            role = self.rng.choice(ROLES)
            vs = scope[role][-4:]
            x, z = self.rng.choice(vs), self.rng.choice(vs)
            y = self.fresh()
            self.emit(depth, f"{role}.{y} = {x} * 2 + {z};")
            scope[role].append(y)
        return 1

    def call(self, scope: dict[str, list[str]], depth: int) -> int:
        p, q = self.rng.sample(ROLES, 2)
        x = self.rng.choice(scope[p][-4:])
        rp, rq = self.fresh(), self.fresh()
        self.emit(depth, f"{p}.{rp}, {q}.{rq} = helper({p}({x}), {q});")
        scope[p].append(rp)
        scope[q].append(rq)
        return 1

    def branch(self, scope: dict[str, list[str]], depth: int, budget: int,
               nesting: int) -> int:
        """A branch body of at most `budget` statements; its bindings stay inside it."""
        inner = {r: list(vs) for r, vs in scope.items()}
        written = 0
        while written < budget:
            if nesting < 2 and budget - written >= 4 and self.rng.random() < 0.2:
                written += self.choice(inner, depth, budget - written, nesting + 1)
            else:
                written += self.simple(inner, depth)
        return written

    def choice(self, scope: dict[str, list[str]], depth: int, budget: int,
               nesting: int = 0) -> int:
        """An `if` or `case` of at most `budget` statements, itself included."""
        decider = self.rng.choice(ROLES)
        x = self.rng.choice(scope[decider][-4:])
        written = 1
        per_branch = max(1, min(3, (budget - 1) // 2))
        if self.rng.random() < 0.5:
            self.emit(depth, f"if {decider}.({x} > 10) {{")
            written += self.branch(scope, depth + 1, per_branch, nesting)
            self.emit(depth, "} else {")
            written += self.branch(scope, depth + 1, per_branch, nesting)
            self.emit(depth, "}")
        else:
            clauses = 3 if budget - 1 >= 3 * per_branch else 2
            per_branch = max(1, min(per_branch, (budget - 1) // clauses))
            self.emit(depth, f"case {decider}.{x} {{")
            for i in range(clauses):
                head = "_" if i == clauses - 1 else str(i)
                self.emit(depth + 1, f"{head} -> {{")
                written += self.branch(scope, depth + 2, per_branch, nesting)
                self.emit(depth + 1, "}")
            self.emit(depth, "}")
        return written

    def body(self, scope: dict[str, list[str]], statements: int) -> None:
        """`statements` statements at depth 1, the final `return` included."""
        written = 0
        while written < statements - 1:
            left = statements - 1 - written
            r = self.rng.random()
            if r < 0.20 and left >= 3:
                written += self.choice(scope, 1, min(left, 10))
            elif r < 0.35:
                written += self.call(scope, 1)
            else:
                written += self.simple(scope, 1)
        results = ", ".join(f"{r}.{scope[r][-1]}" for r in ROLES)
        self.emit(1, f"return {results};")

    def choreography(self, name: str, statements: int) -> None:
        params = {r: self.fresh() for r in ROLES}
        scope = {r: [v] for r, v in params.items()}
        decl = ", ".join(f"{r}({v})" for r, v in params.items())
        self.emit(0, f"choreography {name}({decl}) {{")
        self.body(scope, statements)
        self.emit(0, "}")
        self.emit(0, "")


def synthesize(n: int, shape: str = "flat", seed: int = 1) -> str:
    """The text of a `.chor` file of exactly `n` statements (n >= 10)."""
    if n < HELPER_STATEMENTS + 5:
        raise ValueError("a synthetic file needs at least 8 statements")
    gen = _Gen(random.Random(f"{seed}:{n}:{shape}"))
    gen.emit(0, f"% Synthetic: {n} statements, shape {shape}, seed {seed}. "
                "Generated by bench/synth.py.")
    gen.lines.append(HELPER)
    left = n - HELPER_STATEMENTS
    if shape == "flat":
        gen.choreography("synth", left)
    elif shape == "modular":
        k = 0
        while left > 0:
            k += 1
            size = left if left < 2 * PART_SIZE else PART_SIZE
            gen.choreography(f"part_{k}", size)
            left -= size
    else:
        raise ValueError(f"unknown shape {shape!r}")
    return "\n".join(gen.lines) + "\n"


def count_statements(program) -> int:
    """Statements of a parsed program, nested ones included (to check `synthesize`)."""
    from choreo_erl.parser import ast as A

    return sum(1 for _ in A.statements(program))
