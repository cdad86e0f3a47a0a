"""Random well-formed choreographies with checkpoints, for differential testing.

`CpGen` extends random_chor.Gen (communication, arithmetic, `if`, `case`, calls, and the
`fragile` role) with `checkpoint { B1 } rescue { B2 }`: in straight-line code, nested up
to three levels, in `if` and `case` branches and at the start of a branch (so that
B1's first message tells the choice), with calls of other choreographies inside B1
(one of which can fail, others have checkpoints of their own, with a `return` in B1, a
rescue that can fail, or calls in both blocks), `return` inside B1,
roles that take part only in B2, messages of B1 that a rescue leaves stale (B2 sends
the same shape with another value), and bounded recursions with a checkpoint per round,
at the top of the recursive choreography (the runtime's fast path) or not, or around a
recursive call that is not a tail call.

Failures are deterministic functions of the roles' integer start arguments: a division
by zero, a `case` with no clause for the value, a match that fails, a message that
the receiver's pattern does not match. So that the outcome does not depend on
timing, only the `fragile` role can fail outside every B1 (a failure that ends the
session); any role can fail inside a B1 (lexically, at any depth), where it is always
rescued: two roles that fail in one B1 make one failure. A failure in B2 is a failure of
the enclosing B1 or, by the fragile role only, ends the session.

No `within`: the interpreter has no clock.
"""

from __future__ import annotations

from tests.support.random_chor import ROLE_NAMES, Gen, Scope, _indent


class CpGen(Gen):
    def __init__(self, seed: int, name: str, case_name: str | None = None,
                 role_names: list[str] | None = None) -> None:
        super().__init__(seed, name)
        # Other names for the roles (the same program otherwise).
        self.role_names = role_names or ROLE_NAMES
        rename = dict(zip(ROLE_NAMES, self.role_names, strict=True))
        self.roles = [rename[r] for r in self.roles]
        self.fragile = rename[self.fragile]
        self.case_name = case_name or name
        self.all_roles = list(self.roles)
        self.b1 = 0  # B1 blocks around the statement being generated (this choreography)
        self.cps = 0  # checkpoints around it
        self.in_rec = False  # generating a recursive choreography
        self.extra: list[list[str]] = []  # the recursive choreographies, each as lines
        self.features: set[str] = set()

    # ------------------------------------------------------------ statements

    def stmt(self, scope: Scope, depth: int) -> list[str]:
        r = self.rng.random()
        if r < 0.16 and self.cps < 3 and depth <= 3:
            return self.checkpoint(scope, depth)
        if r < 0.30:
            return self.failure(scope, depth)
        if r < 0.35 and not self.in_rec and self.roles == self.all_roles and \
                len(self.extra) < 2:
            return self.recursion_call(scope)
        if r < 0.40:
            return self.helper_call(scope)
        if r < 0.43 and depth <= 2 and self.cps < 3:
            return self.branch_checkpoint(scope, depth)
        return super().stmt(scope, depth)

    def param(self, role: str) -> str:  # type: ignore[override]
        return f"X{self.role_names.index(role)}"

    def can_fail(self, role: str) -> bool:
        return role == self.fragile or self.b1 > 0

    def _fragile(self, scope: Scope) -> list[str]:
        if self.fragile not in self.roles:  # B1 of a block the fragile role is not in
            return self._dropped(scope)
        return super()._fragile(scope)

    def failure(self, scope: Scope, depth: int) -> list[str]:
        """A step that fails for some values of the role's start argument."""
        able = [r for r in self.roles if self.can_fail(r)]
        if not able:
            return self._dropped(scope)
        a = self.rng.choice(able)
        x, e = self.param(a), self._operand(a, scope)
        v = self.fresh()
        kind = self.rng.choice(["div", "div", "case", "match", "pattern", "list"])
        self.features.add(f"fail_{kind}" + ("_b1" if self.b1 else ""))
        if kind == "div":
            scope.vars[a].append(v)
            return [f"{a}.{v} = {self.rng.randint(10, 99)} div (({x} + {e}) rem "
                    f"{self.rng.randint(3, 7)});"]
        if kind == "match":
            return [f"{a}.true = (abs({x} - {e}) rem {self.rng.randint(3, 8)} > 0);"]
        if kind == "list":
            scope.vars[a].append(v)
            return [f"{a}.[{v} | _] = [Y || Y <- [{x} + {e}], Y rem "
                    f"{self.rng.randint(3, 6)} /= 0];"]
        if kind == "pattern":
            others = [r for r in self.roles if r != a]
            s = self.rng.choice(others)
            return [f"{s}.(abs({self.expr(s, scope)}) rem {self.rng.randint(3, 8)} > 0) ~> "
                    f"{a}.true;"]
        # a case without a clause for 3
        return self.case(f"{a}.(abs({x} + {e}) rem 4)", ["0", "1", "2"], scope, depth)

    def _operand(self, role: str, scope: Scope) -> str:
        """A variable of the role other than its start argument if it has one, plus a
        constant: added to the start argument, a value that erlc cannot know and that
        is not always even."""
        x = self.param(role)
        vs = [v for v in scope.vars[role] if v != x] or [x]
        return f"{self.rng.choice(vs)} + {self.rng.randint(0, 6)}"

    def checkpoint(self, scope: Scope, depth: int, first: tuple[str, str, str] | None = None,
                   force_fail: bool = False) -> list[str]:
        """`checkpoint { B1 } rescue { B2 }`; `first` (a line, and the role and variable
        it binds) starts B1."""
        self.cps += 1
        self.features.add(f"nest{self.cps}")
        b1s, b2s = scope.copy(), scope.copy()
        saved_roles = self.roles
        only_rescue: list[str] = []
        if first is None and len(self.roles) >= 3 and self.rng.random() < 0.25:
            keep = self.rng.sample(self.roles, self.rng.randint(2, len(self.roles) - 1))
            only_rescue = [r for r in self.roles if r not in keep]
            self.roles = [r for r in self.roles if r in keep]
            self.features.add("only_rescue")
        stale, stale_v = None, ""
        if first is None and len(self.roles) >= 3 and self.rng.random() < 0.35:
            stale = self.rng.sample(self.roles, 3)
        self.b1 += 1
        body: list[str] = []
        if first:
            body.append(first[0])
            b1s.vars[first[1]].append(first[2])
        if stale:  # F fails before R takes S's message, which a rescue leaves stale
            f, s, r = stale
            w, stale_v = self.fresh(), self.fresh()
            v = stale_v
            body.append(f"{f}.({self.rng.randint(10, 99)} div (({self.param(f)} + "
                        f"{self._operand(f, b1s)}) rem {self.rng.randint(2, 5)})) ~> {r}.{w};")
            b1s.vars[r].append(w)
            payload = self.expr(s, b1s)
            body.append(f"{s}.{{m, ({payload}) * 2}} ~> {r}.{{m, {v}}};")
            b1s.vars[r].append(v)
            self.features.add("stale")
        body += self.block(b1s, depth + 1, self.rng.randint(0 if body else 1, 3))
        if force_fail or self.rng.random() < 0.3:
            body += self.failure(b1s, depth + 1)
            body += self.block(b1s, depth + 1, self.rng.randint(0, 2))
        returns = self.rng.random() < 0.12
        if returns:
            body.append(self.return_line(b1s))
            self.features.add("return_in_b1")
        self.b1 -= 1
        self.roles = saved_roles
        rescue: list[str] = []
        if stale:
            f, s, r = stale
            payload = self.expr(s, b2s)
            rescue.append(f"{s}.{{m, ({payload}) * 2 + 1}} ~> {r}.{{m, {stale_v}}};")
            b2s.vars[r].append(stale_v)
        for o in only_rescue:
            s = self.rng.choice([r for r in self.roles if r != o])
            v = self.fresh()
            rescue.append(f"{s}.{{o, {self.expr(s, b2s)}}} ~> {o}.{{o, {v}}};")
            b2s.vars[o].append(v)
        rescue += self.block(b2s, depth + 1, self.rng.randint(0, 2))
        if self.rng.random() < 0.25:
            body_fail = self.failure(b2s, depth + 1)
            rescue += body_fail
            self.features.add("fail_in_b2")
        if not body and not rescue:
            # `checkpoint { } rescue { }` crashes the compiler (cpdiff_bug1).
            body = self.stmt(b1s, depth + 1)
        self.cps -= 1
        self._join(scope, [b2s] if returns else [b1s, b2s])
        return ["checkpoint {"] + _indent(body) + ["} rescue {"] + _indent(rescue) + ["}"]

    def branch_checkpoint(self, scope: Scope, depth: int) -> list[str]:
        """An `if` whose branch starts with a block whose first message, from the role
        that decides, tells the others the branch."""
        a = self.rng.choice(self.roles)
        b = self.rng.choice([r for r in self.roles if r != a])
        then, orelse = scope.copy(), scope.copy()
        v = self.fresh()
        first = (f"{a}.{{b, {self.expr(a, then)}}} ~> {b}.{{b, {v}}};", b, v)
        t = self.checkpoint(then, depth + 1, first=first)
        e = self.block(orelse, depth + 1, self.rng.randint(0, 2))
        self._join(scope, [then, orelse])
        self.features.add("branch_cp")
        return [f"if {a}.({self.cond(a, scope)}) {{"] + _indent(t) + ["} else {"] + \
            _indent(e) + ["}"]

    def return_line(self, scope: Scope) -> str:
        """Every role's variables: a tuple in the main choreography, their sum in a
        recursion (its results are read by arithmetic: every value is an integer)."""
        if self.in_rec:
            return "return " + ", ".join(f"{r}.({' + '.join(scope.vars[r])})"
                                         for r in self.all_roles) + ";"
        return "return " + ", ".join(
            f"{r}.{{{', '.join(scope.vars[r]) or 'none'}}}" for r in self.all_roles) + ";"

    # ------------------------------------------------------------ calls

    def helper_call(self, scope: Scope) -> list[str]:
        """A call of `_fail` (its second role may fail: only where that is allowed) or of
        `_cps` (a checkpoint of its own, always rescued)."""
        a, b = self.pair()
        ra, rb = self.fresh(), self.fresh()
        if self.can_fail(b) and self.rng.random() < 0.6:
            helper = self.rng.choice(["fail", "cpf"])
        else:
            helper = self.rng.choice(["cps", "cpn"])
        self.features.add(f"call_{helper}" + ("_b1" if self.b1 else ""))
        line = (f"{a}.{ra}, {b}.{rb} = {self.name}_{helper}({a}({self.expr(a, scope)}), "
                f"{b}({self.param(b)} + {self._operand(b, scope)}));")
        scope.vars[a].append(ra)
        scope.vars[b].append(rb)
        return [line]

    def recursion_call(self, scope: Scope) -> list[str]:
        name = self.recursion()
        results = {r: self.fresh() for r in self.all_roles}
        first = self.all_roles[0]
        args = [f"{first}({self.rng.randint(0, 4)}, {self.expr(first, scope)})"]
        args += [f"{r}({self.expr(r, scope)})" for r in self.all_roles[1:]]
        for r, v in results.items():
            scope.vars[r].append(v)
        lhs = ", ".join(f"{r}.{v}" for r, v in results.items())
        return [f"{lhs} = {name}({', '.join(args)});"]

    def recursion(self) -> str:
        """A bounded recursion over every role (the first counts down) with a checkpoint
        per round: at the top (then nothing or something after it), after some steps,
        or around the recursive call (not a tail call)."""
        name = f"{self.case_name}_r{len(self.extra)}"
        saved = (self.b1, self.cps, self.counter)
        self.b1, self.cps, self.in_rec = 0, 0, True
        roles = self.all_roles
        first = roles[0]
        params = [f"{first}(N, {self.param(first)})"] + [f"{r}({self.param(r)})"
                                                          for r in roles[1:]]
        scope = Scope({r: [self.param(r)] for r in roles})
        scope.vars[first].append("N")
        shape = self.rng.choice(["top", "top", "top_then", "after", "deep"])
        self.features.add(f"rec_{shape}")
        then: list[str] = []
        if shape == "after":
            then += self.block(scope, 1, self.rng.randint(1, 2))
        if shape == "deep":
            then += self.deep_checkpoint(scope, name)
        else:
            then += self.checkpoint(scope, 1, force_fail=self.rng.random() < 0.5)
        if shape in ("top_then", "after") and self.rng.random() < 0.7:
            then += self.block(scope, 1, self.rng.randint(1, 2))
        if shape == "deep":
            then.append(self.return_line(scope))
        else:
            args = [f"{first}(N - 1, ({self.expr(first, scope)}) rem 1000)"]
            args += [f"{r}(({self.expr(r, scope)}) rem 1000)" for r in roles[1:]]
            then.append(f"{name}({', '.join(args)});")
        done = "return " + ", ".join(f"{r}.{self.param(r)}" for r in roles) + ";"
        lines = [f"choreography {name}({', '.join(params)}) {{",
                 f"    if {first}.(N > 0) {{"] + _indent(_indent(then)) + \
            ["    } else {", f"        {done}", "    }", "}", ""]
        self.extra.append(lines)
        self.b1, self.cps, _ = saved
        self.in_rec = False
        return name

    def deep_checkpoint(self, scope: Scope, name: str) -> list[str]:
        """A checkpoint around the recursive call: one instance per depth."""
        roles = self.all_roles
        first = roles[0]
        self.cps += 1
        b1s, b2s = scope.copy(), scope.copy()
        self.b1 += 1
        body = self.block(b1s, 2, self.rng.randint(0, 2))
        results = {r: self.fresh() for r in roles}
        args = [f"{first}(N - 1, ({self.expr(first, b1s)}) rem 1000)"]
        args += [f"{r}(({self.expr(r, b1s)}) rem 1000)" for r in roles[1:]]
        body.append(", ".join(f"{r}.{v}" for r, v in results.items()) +
                    f" = {name}({', '.join(args)});")
        for r, v in results.items():
            b1s.vars[r].append(v)
        body += self.block(b1s, 2, self.rng.randint(0, 1))
        if self.rng.random() < 0.6:
            body += self.failure(b1s, 2)
        self.b1 -= 1
        rescue = self.block(b2s, 2, self.rng.randint(0, 2))
        for r, v in results.items():
            rescue.append(f"{r}.{v} = {self.expr(r, b2s)} - 1000;")
            b2s.vars[r].append(v)
        if self.rng.random() < 0.2:
            rescue += self.failure(b2s, 2)
        self.cps -= 1
        self._join(scope, [b1s, b2s])
        return ["checkpoint {"] + _indent(body) + ["} rescue {"] + _indent(rescue) + ["}"]

    # ------------------------------------------------------------ programs

    def main(self) -> list[str]:
        params = ", ".join(f"{r}({self.param(r)})" for r in self.roles)
        scope = Scope({r: [self.param(r)] for r in self.roles})
        body: list[str] = []
        # At least one checkpoint, anywhere among the statements.
        n = self.rng.randint(2, 7)
        at = self.rng.randrange(n)
        for i in range(n):
            body += self.checkpoint(scope, 0) if i == at else self.stmt(scope, 0)
        body.append(self.return_line(scope))
        return [f"choreography {self.case_name}({params}) {{"] + _indent(body) + ["}", ""]

    def cp_helpers(self) -> list[str]:
        n = self.name
        return [
            f"choreography {n}_fail(P(A), Q(B)) {{",
            "    P.{f, A * 3 + 1} ~> Q.{f, C};",
            "    Q.D = 100 div ((B + C) rem 4);",
            "    Q.(D + B) ~> P.E;",
            "    return P.E, Q.D;",
            "}",
            "",
            f"choreography {n}_cps(P(A), Q(B)) {{",
            "    checkpoint {",
            "        P.{c, A} ~> Q.{c, C};",
            "        Q.D = 60 div ((B - C) rem 3);",
            "        Q.{d, D} ~> P.{d, E};",
            "    } rescue {",
            "        P.{r, A + 1} ~> Q.{r, D};",
            "        P.E = -1;",
            "    }",
            "    return P.E, Q.D;",
            "}",
            "",
            # A return in B1, and a rescue that can fail: the caller's block rescues.
            f"choreography {n}_cpf(P(A), Q(B)) {{",
            "    checkpoint {",
            "        P.{c, A} ~> Q.{c, C};",
            "        Q.D = 60 div ((B - C) rem 3);",
            "        Q.{d, D} ~> P.{d, E};",
            "        return P.E, Q.D;",
            "    } rescue {",
            "        P.{r, A + 1} ~> Q.{r, C};",
            "        Q.D = 70 div ((B + C) rem 5);",
            "        P.E = -1;",
            "    }",
            "    return P.E, Q.(D + 1);",
            "}",
            "",
            # Calls of a choreography with a checkpoint in both blocks of another.
            f"choreography {n}_cpn(P(A), Q(B)) {{",
            "    checkpoint {",
            f"        P.E, Q.D = {n}_cps(P(A + 1), Q(B));",
            "        Q.F = 50 div ((B + D) rem 4);",
            "    } rescue {",
            f"        P.E, Q.F = {n}_cps(P(A), Q(B - 1));",
            "    }",
            "    return P.E, Q.F;",
            "}",
            "",
        ]


def generate(seed: int, name: str) -> tuple[str, list[str]]:
    """(file text, role atoms in order) of one random choreography `name`."""
    text, roles, _ = generate_file([seed], name, names=[name])
    return text, roles[name]


def generate_file(seeds: list[int], prefix: str, names: list[str] | None = None,
                  role_names: list[str] | None = None
                  ) -> tuple[str, dict[str, list[str]], dict[str, set[str]]]:
    """One file with a random choreography per seed (`{prefix}_{i}`, and the recursive
    choreographies it calls), sharing the helpers. Returns the text, per choreography
    its role atoms in order, and per choreography the features it uses. `role_names`
    renames the five roles (random_chor.ROLE_NAMES)."""
    names = names or [f"{prefix}_{i}" for i in range(len(seeds))]
    parts: list[str] = []
    roles: dict[str, list[str]] = {}
    features: dict[str, set[str]] = {}
    for i, (seed, name) in enumerate(zip(seeds, names, strict=True)):
        g = CpGen(seed, prefix, name, role_names)
        main = g.main()
        if i == 0:
            parts += g.helpers() + g.cp_helpers()
        for lines in g.extra:
            parts += lines
        parts += main
        roles[name] = [r.lower() for r in g.all_roles]
        features[name] = g.features
    return "\n".join(parts) + "\n", roles, features
