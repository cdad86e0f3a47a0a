"""Random well-formed choreographies for differential testing (issues 5 and 13).

`generate(seed, name)` returns the text of a file with a choreography `name` of 3–5
roles (each starting with one integer), using communication, local arithmetic,
`if` and `case`, a bounded recursion and calls with results, and ending with a
`return` of a value at every role. Programs are built with the scoping rule in
mind, so every one passes `check`; each terminates (recursion counts down).

Statements also exercise what the compiler must not change (issue 13): list
comprehensions (unread and shadowing generator variables), binaries with sizes bound
in the same pattern, map patterns, quoted atoms and strings written with escapes (the
pattern spells the same value another way), and matches that are dropped when nothing
reads them. One role per program, `fragile`, also runs matches that can fail or raise
with some inputs; only it can crash, so a crash is deterministic: the interpreter and
the generated Erlang must agree on its reason.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

ROLE_NAMES = ["Ann", "Bo", "Cy", "Di", "Ed"]


@dataclass
class Scope:
    vars: dict[str, list[str]] = field(default_factory=dict)

    def copy(self) -> Scope:
        return Scope({r: list(v) for r, v in self.vars.items()})


class Gen:
    def __init__(self, seed: int, name: str) -> None:
        self.rng = random.Random(seed)
        self.name = name
        self.counter = 0
        self.roles = ROLE_NAMES[: self.rng.randint(3, 5)]
        self.fragile = self.rng.choice(self.roles)

    def fresh(self) -> str:
        self.counter += 1
        return f"V{self.counter}"

    def expr(self, role: str, scope: Scope, depth: int = 0) -> str:
        vs = scope.vars[role]
        r = self.rng.random()
        if depth > 2 or r < 0.3:
            return self.rng.choice(vs) if vs and self.rng.random() < 0.7 else \
                str(self.rng.randint(-5, 9))
        op = self.rng.choice(["+", "-", "*", "+", "rem", "div", "max", "min"])
        a, b = self.expr(role, scope, depth + 1), self.expr(role, scope, depth + 1)
        if op in ("rem", "div"):
            return f"({a}) {op} {self.rng.randint(1, 4)}"
        if op in ("max", "min"):
            return f"{op}({a}, {b})"
        return f"({a} {op} {b})"

    def cond(self, role: str, scope: Scope) -> str:
        # Mostly a condition that reads a variable; sometimes one whose value erlc
        # may know (literals, or variables bound to them), which the generated code
        # must keep from being folded (backends/erlang/constants.py).
        cmp = self.rng.choice(["<", ">", "=<", ">=", "==", "/="])
        if self.rng.random() < 0.2:
            return f"{self.expr(role, scope)} {cmp} {self.expr(role, scope)}"
        var = self.rng.choice(scope.vars[role])
        return f"({var} + {self.expr(role, scope)}) {cmp} {self.expr(role, scope)}"

    def pair(self) -> tuple[str, str]:
        a, b = self.rng.sample(self.roles, 2)
        return a, b

    def block(self, scope: Scope, depth: int, length: int) -> list[str]:
        out: list[str] = []
        for _ in range(length):
            out.extend(self.stmt(scope, depth))
        return out

    def stmt(self, scope: Scope, depth: int) -> list[str]:
        if self.rng.random() < 0.3:
            return self.meaning_stmt(scope)
        r = self.rng.random()
        if r < 0.4 or depth > 2:
            a, b = self.pair()
            v = self.fresh()
            payload = self.expr(a, scope)
            if self.rng.random() < 0.3:
                out = [f"{a}.{{tag, {payload}}} ~> {b}.{{tag, {v}}};"]
            else:
                out = [f"{a}.({payload}) ~> {b}.{v};"]
            scope.vars[b].append(v)
            return out
        if r < 0.55:
            a = self.rng.choice(self.roles)
            v = self.fresh()
            line = f"{a}.{v} = {self.expr(a, scope)};"
            scope.vars[a].append(v)
            return [line]
        if r < 0.75:
            a = self.rng.choice(self.roles)
            then, orelse = scope.copy(), scope.copy()
            t = self.block(then, depth + 1, self.rng.randint(0, 3))
            e = self.block(orelse, depth + 1, self.rng.randint(0, 3))
            self._join(scope, [then, orelse])
            out = [f"if {a}.({self.cond(a, scope)}) {{"] + _indent(t) + ["} else {"] + \
                _indent(e) + ["}"]
            return out
        if r < 0.88:
            a = self.rng.choice(self.roles)
            subject = f"{self.rng.choice(scope.vars[a])} + {self.expr(a, scope)}"
            return self.case(f"{a}.(({subject}) rem 3)", ["0", "1", "_"], scope, depth)
        return self.call(scope)

    def case(self, subject: str, patterns: list[str], scope: Scope, depth: int) -> list[str]:
        """`case subject { pattern -> { random block } ... }`; what every branch binds is
        bound after it."""
        scopes, lines = [], [f"case {subject} {{"]
        for pat in patterns:
            inner = scope.copy()
            body = self.block(inner, depth + 1, self.rng.randint(0, 2))
            scopes.append(inner)
            lines += [f"    {pat} -> {{"] + _indent(_indent(body)) + ["    }"]
        self._join(scope, scopes)
        return lines + ["}"]

    # ------------------------------------------------------------ issue 13

    def meaning_stmt(self, scope: Scope) -> list[str]:
        kind = self.rng.choice(["comprehension", "binary", "map", "literal", "fragile",
                                "dropped"])
        return getattr(self, f"_{kind}")(scope)

    def _var(self, role: str, scope: Scope) -> str:
        return self.rng.choice(scope.vars[role])

    def _comprehension(self, scope: Scope) -> list[str]:
        """`lists:sum([...])` of a comprehension whose generator variable is unread, new,
        or shadows a variable of the role (then the source still reads the outer one)."""
        a = self.rng.choice(self.roles)
        vs = scope.vars[a]
        items = ", ".join(self.rng.choice(vs) for _ in range(self.rng.randint(0, 3)))
        how = self.rng.random()
        g = self.rng.choice(vs) if how < 0.4 else "G"
        body = self.rng.choice([f"{g} * 2", f"{g} - {self.rng.choice(vs)}", "1", g])
        quals = [f"{g} <- [{items}]"]
        if self.rng.random() < 0.4:
            quals.append(f"{g} > {self.rng.randint(-5, 5)}")
        if self.rng.random() < 0.25:
            quals.append(f"{{{g}, _}} <- [{{{g}, x}}, {{{g} + 1, y}}]")
        if self.rng.random() < 0.2:  # nested, shadowing the outer generator variable
            body = f"lists:sum([{g} + 1 || {g} <- [{g}, 3]])"
        v = self.fresh()
        scope.vars[a].append(v)
        return [f"{a}.{v} = lists:sum([{body} || {', '.join(quals)}]);"]

    def _binary(self, scope: Scope) -> list[str]:
        """A binary with sizes; the receiver's pattern reads a size it binds itself."""
        a, b = self.pair()
        n = self.rng.randint(1, 3)
        x, y = self.expr(a, scope), self.expr(a, scope)
        v, w, rest = self.fresh(), self.fresh(), self.fresh()
        out = [f"{a}.<<{n}:8, ({x}):{n * 8}/signed, ({y}):16/little-signed, \"ok\">> ~> "
               f"{b}.<<{v}:8, {w}:({v} * 8)/signed, {rest}/binary>>;"]
        u, z = self.fresh(), self.fresh()
        out.append(f"{b}.<<{u}:16/little-signed, \"ok\">> = {rest};")
        scope.vars[b] += [v, w, u]
        if self.rng.random() < 0.5:  # a size bound earlier in a local pattern, unread after
            out.append(f"{b}.<<{z}:8, _:{z}/binary, _/binary>> = <<{v}, 1, 2, 3, 4>>;")
        return out

    def _map(self, scope: Scope) -> list[str]:
        """A map sent and matched with literal keys, a quoted atom with controls among them."""
        a, b = self.pair()
        v, w = self.fresh(), self.fresh()
        x, y = self.expr(a, scope), self.expr(a, scope)
        out = [f"{a}.#{{'k\\n1' => {x}, 3 => {y}, other => [{x}]}} ~> "
               f"{b}.#{{3 := {w}, 'k\\12\\x31' := {v}}};"]
        scope.vars[b] += [v, w]
        return out

    # Pairs that Erlang reads as the same value: what is sent and the pattern it must match.
    SAME = [("'x\\ny'", "'x\\12y'"), ('"\\x41\\^B"', '"A\\002"'), ("'\\x{263A}'", "'\u263a'"),
            ('"\\s\\d\\e"', '"\\040\\177\\x1b"'), ("'tab\\t'", "'tab\\x{9}'"),
            ("'\\^A\\''", "'\\001\\x27'"), ('"\\101\\1012"', '"AA2"'),
            ("$\\n", "10"), ("$\\x{263A}", "9786"), ('"\\b\\f\\v\\r"', '[8, 12, 11, 13]')]

    def _literal(self, scope: Scope) -> list[str]:
        a, b = self.pair()
        sent, pattern = self.rng.choice(self.SAME)
        v = self.fresh()
        scope.vars[b].append(v)
        return [f"{a}.{{{sent}, {self.expr(a, scope)}}} ~> {b}.{{{pattern}, {v}}};"]

    def _fragile(self, scope: Scope) -> list[str]:
        """A match or computation at the fragile role that fails for some inputs."""
        f = self.fragile
        # The role's start argument: a value erlc cannot know, so that it never proves
        # a match fails (a known one would make it warn, and the build fail).
        x = self.param(f)
        v = self.fresh()
        choices = [
            [f"{f}.true = ({x} > {self.rng.randint(-25, -10)});"],
            [f"{f}.{v} = 100 div ({x} rem {self.rng.randint(5, 13)});"],
            [f"{f}.[_ | _] = [E || E <- [{x}], E > {self.rng.randint(-25, -12)}];"],
            [f"{f}.{{ok, {v}}} = {{ok, {x} div ({x} rem 11 + 20)}};"],
            [f"{f}.{{{v}, _}} = {{{x}, length([{x}])}};"],
        ]
        others = [r for r in self.roles if r != f]
        if others:
            s = self.rng.choice(others)
            e = self.expr(s, scope)
            choices.append([f"{s}.(abs({e}) rem {self.rng.randint(6, 12)} > 0) ~> {f}.true;"])
        return self.rng.choice(choices)

    @staticmethod
    def param(role: str) -> str:
        """The role's start argument, `X0` for the first role: a value erlc cannot know."""
        return f"X{ROLE_NAMES.index(role)}"

    def _dropped(self, scope: Scope) -> list[str]:
        """Matches that cannot fail or raise and that nothing reads: dropped, to no effect."""
        a = self.rng.choice(self.roles)
        x = self._var(a, scope)
        return self.rng.choice([[f"{a}._ = {x};"], [f"{a}.{self.fresh()} = {{{x}, [{x}]}};"],
                                [f"{a}.{self.fresh()} = #{{k => {x}}};"]])

    def call(self, scope: Scope) -> list[str]:
        a, b = self.pair()
        if self.rng.random() < 0.5:
            ra, rb = self.fresh(), self.fresh()
            line = (f"{a}.{ra}, {b}.{rb} = {self.name}_sub({a}({self.expr(a, scope)}), "
                    f"{b}({self.expr(b, scope)}));")
            scope.vars[a].append(ra)
            scope.vars[b].append(rb)
            return [line]
        ra = self.fresh()
        n = self.rng.randint(0, 4)
        line = (f"{a}.{ra} = {self.name}_loop({a}({n}, {self.expr(a, scope)}), {b});")
        scope.vars[a].append(ra)
        return [line]

    @staticmethod
    def _join(scope: Scope, branches: list[Scope]) -> None:
        for role in scope.vars:
            common = [v for v in branches[0].vars[role]
                      if all(v in b.vars[role] for b in branches[1:])]
            scope.vars[role] = common

    def program(self) -> str:
        params = ", ".join(f"{r}(X{i})" for i, r in enumerate(self.roles))
        scope = Scope({r: [f"X{i}"] for i, r in enumerate(self.roles)})
        body = self.block(scope, 0, self.rng.randint(3, 9))
        ret = ", ".join(f"{r}.{{{', '.join(scope.vars[r]) or 'none'}}}" for r in self.roles)
        body.append(f"return {ret};")
        main = [f"choreography {self.name}({params}) {{"] + _indent(body) + ["}"]
        return "\n".join(self.helpers() + main) + "\n"

    def helpers(self) -> list[str]:
        n = self.name
        k = 3
        return [
            f"choreography {n}_sub(P(A), Q(B)) {{",
            "    P.(A * 2) ~> Q.C;",
            f"    Q.(B + C + {k}) ~> P.D;",
            "    return P.(D - A), Q.(C * B);",
            "}",
            "",
            f"choreography {n}_loop(P(N, Acc), Q) {{",
            "    if P.(N > 0) {",
            "        P.(Acc + N) ~> Q.S;",
            f"        Q.(S * {k} rem 1000) ~> P.T;",
            f"        {n}_loop(P(N - 1, T), Q);",
            "    } else {",
            "        return P.Acc;",
            "    }",
            "}",
            "",
        ]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + ln for ln in lines]


def generate(seed: int, name: str) -> tuple[str, list[str]]:
    """(file text, role atoms in order) of a random choreography called `name`."""
    g = Gen(seed, name)
    text = g.program()
    return text, [r.lower() for r in g.roles]


def generate_file(seeds: list[int], prefix: str) -> tuple[str, dict[str, list[str]]]:
    """One file with a random choreography per seed, sharing one pair of helpers.

    Sharing the helpers keeps the number of Erlang modules (and so build time) down
    when thousands of cases are compiled. Returns the text and, per choreography
    name, its role atoms in order.
    """
    parts: list[str] = []
    roles: dict[str, list[str]] = {}
    for i, seed in enumerate(seeds):
        name = f"{prefix}_{i}"
        g = Gen(seed, prefix)
        text = g.program()
        main = text[text.index(f"choreography {prefix}("):]
        if i == 0:
            parts.append(text[: text.index(f"choreography {prefix}(")])
        parts.append(main.replace(f"choreography {prefix}(", f"choreography {name}(", 1))
        roles[name] = [r.lower() for r in g.roles]
    return "\n".join(parts), roles
