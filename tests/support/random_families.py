"""Random well-formed choreographies with role families (design section 8).

`generate(seed)` returns the text of a file whose entry choreography `fam` has two
single roles `A(N)` and `B` and families `Ws[](K)` and `Vs[]`, and uses broadcasts,
gathers, local steps at every member, `for W[I] in Ws` loops (with choices decided at
`A` or at the member inside them, and loops over `Vs` nested in them), calls that pass
the family or one member, and `new` families started for a call. Programs respect the
scoping rules, so every one passes `check`; every one terminates. Values are integers
(a gather's list is summed at once).
"""

from __future__ import annotations

import random

HELPERS = """
choreography sub(M(X), Fs[]) {
    M.X ~> Fs.Y;
    Fs.(Y + 1) ~> M.L;
    return M.lists:sum(L), Fs.Y;
}

choreography one(M(X), F) {
    M.X ~> F.Y;
    return F.(Y * 2);
}
"""


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = 0
        self.lines: list[str] = []

    def fresh(self) -> str:
        self.n += 1
        return f"V{self.n}"

    def expr(self, vs: list[str], depth: int = 0) -> str:
        if depth > 1 or self.rng.random() < 0.4:
            return self.rng.choice(vs) if vs and self.rng.random() < 0.7 \
                else str(self.rng.randint(0, 9))
        op = self.rng.choice(["+", "-", "*", "max", "rem"])
        a, b = self.expr(vs, depth + 1), self.expr(vs, depth + 1)
        if op == "rem":
            return f"({a}) rem {self.rng.randint(1, 4)}"
        if op == "max":
            return f"max({a}, {b})"
        return f"({a} {op} {b})"

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    # scope: role -> int variables; `member` is the loop's member (or None)
    def block(self, scope: dict[str, list[str]], depth: int, count: int,
              member: str | None) -> None:
        for _ in range(count):
            self.stmt(scope, depth, member)

    def stmt(self, scope: dict[str, list[str]], depth: int, member: str | None) -> None:
        singles = ["A", "B"] + ([member] if member else [])
        kinds = ["comm", "local", "choice"]
        if member is None or member.startswith("W"):
            kinds.append("vs_broadcast")  # not inside a loop over Vs
        if member is None:
            kinds += ["broadcast", "gather", "family_local", "for", "call", "new"]
        else:
            kinds += ["member_comm", "member_comm", "member_call"]
            if not member.startswith("V"):
                kinds.append("nested_for")
        if depth > 3:
            kinds = [k for k in kinds if k not in ("choice", "for", "nested_for")]
        kind = self.rng.choice(kinds)
        if kind == "comm":
            a, b = self.rng.sample(["A", "B"], 2)
            v = self.fresh()
            self.emit(depth, f"{a}.({self.expr(scope[a])}) ~> {b}.{v};")
            scope[b].append(v)
        elif kind == "member_comm":
            assert member is not None
            other = self.rng.choice(["A", "B"])
            a, b = (other, member) if self.rng.random() < 0.5 else (member, other)
            v = self.fresh()
            self.emit(depth, f"{a}.({self.expr(scope[a])}) ~> {b}.{v};")
            scope[b].append(v)
        elif kind == "local":
            r = self.rng.choice(singles)
            v = self.fresh()
            self.emit(depth, f"{r}.{v} = {self.expr(scope[r])};")
            scope[r].append(v)
        elif kind == "broadcast":
            src = self.rng.choice(["A", "B"])
            v = self.fresh()
            self.emit(depth, f"{src}.({self.expr(scope[src])}) ~> Ws.{v};")
            scope["Ws"].append(v)
        elif kind == "gather":
            dst = self.rng.choice(["A", "B"])
            lst, v = self.fresh(), self.fresh()
            self.emit(depth, f"Ws.({self.expr(scope['Ws'])}) ~> {dst}.L{lst};")
            self.emit(depth, f"{dst}.{v} = lists:sum(L{lst}) + length(L{lst});")
            scope[dst].append(v)
        elif kind == "family_local":
            v = self.fresh()
            self.emit(depth, f"Ws.{v} = {self.expr(scope['Ws'])};")
            scope["Ws"].append(v)
        elif kind == "for":
            w, i = f"W{self.n}", f"I{self.n}"
            self.n += 1
            inner = {r: list(vs) for r, vs in scope.items()}
            inner[w] = list(scope["Ws"]) + [i]
            inner["A"].append(i)
            inner["B"].append(i)
            self.emit(depth, f"for {w}[{i}] in Ws {{")
            self.block(inner, depth + 1, self.rng.randint(1, 3), w)
            # What the block binds at the member at its top level is bound at every member.
            at_w = [v for v in inner[w] if v not in scope["Ws"] and v != i]
            self.emit(depth, "}")
            scope["Ws"].extend(at_w)
        elif kind == "choice":
            decider = self.rng.choice(singles)
            var = self.expr(scope[decider])
            self.emit(depth, f"if {decider}.(({var}) rem 2 == 0) {{")
            self.block({r: list(vs) for r, vs in scope.items()}, depth + 1,
                       self.rng.randint(0, 2), member)
            self.emit(depth, "} else {")
            self.block({r: list(vs) for r, vs in scope.items()}, depth + 1,
                       self.rng.randint(0, 2), member)
            self.emit(depth, "}")
        elif kind == "call":
            a, w = self.fresh(), self.fresh()
            self.emit(depth, f"A.{a}, Ws.{w} = sub(A({self.expr(scope['A'])}), Ws);")
            scope["A"].append(a)
            scope["Ws"].append(w)
        elif kind == "new":
            a = self.fresh()
            size = f"(abs({self.expr(scope['A'])}) rem 4)"
            self.emit(depth, f"A.{a} = sub(A({self.expr(scope['A'])}), new Fs[A.{size}]);")
            scope["A"].append(a)
        elif kind == "vs_broadcast":
            src = self.rng.choice(singles)
            self.emit(depth, f"{src}.({self.expr(scope[src])}) ~> Vs.{self.fresh()};")
        elif kind == "nested_for":
            assert member is not None
            v, j = f"V{self.n}", f"J{self.n}"
            self.n += 1
            inner = {r: list(vs) for r, vs in scope.items()}
            inner[v] = [j]
            for r in singles:
                inner[r].append(j)
            self.emit(depth, f"for {v}[{j}] in Vs {{")
            a, b = (member, v) if self.rng.random() < 0.5 else (v, member)
            x = self.fresh()
            self.emit(depth + 1, f"{a}.({self.expr(inner[a])}) ~> {b}.{x};")
            inner[b].append(x)
            self.block(inner, depth + 1, self.rng.randint(0, 2), v)
            self.emit(depth, "}")
        elif kind == "member_call":
            assert member is not None
            v = self.fresh()
            self.emit(depth, f"{member}.{v} = one(A({self.expr(scope['A'])}), {member});")
            scope[member].append(v)

    def program(self) -> str:
        scope = {"A": ["N"], "B": [], "Ws": ["K"], "Vs": []}
        self.block(scope, 1, self.rng.randint(3, 7), None)
        ret = [f"A.({' + '.join(scope['A'])})"]
        if scope["B"]:
            ret.append(f"B.({' + '.join(scope['B'])})")
        ret.append(f"Ws.({' + '.join(scope['Ws'])})")
        self.emit(1, f"return {', '.join(ret)};")
        body = "\n".join(self.lines)
        return f"choreography fam(A(N), B, Ws[](K), Vs[]) {{\n{body}\n}}\n{HELPERS}"


def generate(seed: int) -> str:
    return _Gen(seed).program()


def session_args(seed: int) -> dict:
    """Start arguments for `fam`: A's number, 0 to 4 members of Ws and 0 to 3 of Vs."""
    rng = random.Random(seed * 7 + 1)
    return {"A": [rng.randint(-3, 9)], "Ws": [[rng.randint(0, 9)] for _ in
                                              range(rng.randint(0, 4))],
            "Vs": rng.randint(0, 3)}
