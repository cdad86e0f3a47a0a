"""The checks of role families (design section 8), mixed into the choreography checker.

A family `Ws` is a role of any number of members. Inside `for W[I] in Ws` the member
`W` is a single role and `Ws` itself is out of reach (a member would meet itself);
after the loop, what the block binds at `W` on every path is bound at every member.
Each misuse gets an error of its own (E09xx), located, with what to write instead.
"""

from __future__ import annotations

from choreo_erl.core.diagnostics import Diagnostic, Note
from choreo_erl.core.source import Span
from choreo_erl.parser import ast as A

from .scope import Scope


class FamilyChecks:
    """Family state and checks of `_ChorChecker`; see `checks.program`."""

    # Provided by the checker.
    chor: A.Choreography
    program: A.Program
    roles: set[str]

    def init_families(self) -> None:
        self.families: set[str] = set(self.chor.families)
        self.members: dict[str, str] = {}  # member of a running `for` -> its family
        self.looping: dict[str, A.ForEach] = {}  # family -> the `for` running over it
        self.past_members: dict[str, A.ForEach] = {}  # member -> its (ended) `for`

    def is_family(self, role: str) -> bool:
        return role in self.families and role not in self.members

    def family_role_problem(self, role: str, span: Span) -> bool:
        """Report a role that cannot be used here for family reasons; True if reported."""
        loop = self.looping.get(role)
        if loop is not None:
            self.error("E0905", f"family `{role}` cannot be used inside `for {loop.member} in "
                       f"{role}`: every member would meet itself", span,
                       notes=(Note("the loop is here", loop.span),),
                       hint=f"use the member `{loop.member}` here, or move this statement "
                            "out of the loop")
            return True
        if role not in self.roles and role in self.past_members:
            loop = self.past_members[role]
            self.error("E0903", f"`{role}` names a member of `{loop.family}` only inside its "
                       "`for`", span, notes=(Note(f"`{role}` is bound by this loop",
                                                  loop.span),),
                       hint=f"move this statement into the loop, or use the whole family "
                            f"`{loop.family}` (e.g. `{loop.family}.E ~> A.P;` gathers "
                            "from every member)")
            return True
        return False

    # -------------------------------------------------------- statements

    def family_comm(self, s: A.Comm) -> None:
        src, dst = s.source.role, s.target.role
        if not (self.is_family(src) and self.is_family(dst)):
            return
        if src == dst:
            self.error("E0901", f"family `{src}` sends to itself: a message has one sender "
                       "and one receiver", s.span,
                       hint=f"send to a single role that passes it on, or talk to one member "
                            f"at a time in `for W in {src} {{ ... }}`")
        else:
            self.error("E0901", f"a message between two families, `{src}` and `{dst}`: "
                       "a family sends to or receives from a single role", s.span,
                       hint=f"write it per member: `for W in {src} {{ W.E ~> {dst}.P; }}`")

    def family_decides(self, role: str, span: Span, what: str) -> bool:
        """A family cannot decide a choice or send a selection; True if reported."""
        if not self.is_family(role):
            return False
        self.error("E0906", f"{what} cannot be decided at family `{role}`: each member would "
                   "decide on its own", span,
                   hint=f"decide at a single role, or at one member inside `for W in {role} "
                        "{ ... }`")
        return True

    def for_each(self, s: A.ForEach, scope: Scope) -> bool:
        fam = s.family
        if fam in self.looping:
            outer = self.looping[fam]
            self.error("E0904", f"`for` loops over `{fam}` do not nest: a member would meet "
                       "itself", s.family_span, notes=(Note("the outer loop is here",
                                                            outer.span),),
                       hint=f"use the outer member `{outer.member}` here, or loop over "
                            "another family")
            return False
        if fam not in self.roles:
            self.role_ok(fam, s.family_span)  # type: ignore[attr-defined]
            return False
        if fam not in self.families:
            self.error("E0902", f"`for` runs over the members of a family, and `{fam}` is a "
                       "single role", s.family_span,
                       hint=f"declare `{fam}[]` in the role list to make it a family, or talk "
                            f"to `{fam}` directly without `for`")
            return False
        if s.member in self.roles:
            self.error("E0913", f"`{s.member}` names the member of this loop, but `{s.member}` "
                       "is already a role here", s.member_span,
                       hint="give the member another name")
            return False
        inner = scope.copy()
        for v, span in scope.bound.get(fam, {}).items():
            inner.bind(s.member, v, span)
        family_partial = scope.partial.get(fam, {})
        if family_partial:
            inner._partial[s.member] = dict(family_partial)
        single = [r for r in self.roles if r not in self.families or r in self.members]
        if s.index is not None:
            self.check_var_name(s.index, s.index_span)  # type: ignore[attr-defined]
            taken = [r for r in [*single, fam] if scope.has(r, s.index)]
            if taken:
                self.error("E0912", f"the loop's number `{s.index}` is already bound at role "
                           f"`{taken[0]}`", s.index_span,
                           hint="name the member's number with a new variable")
            for r in [*single, s.member]:
                inner.bind(r, s.index, s.index_span)
        self.roles.add(s.member)
        self.members[s.member] = fam
        self.looping[fam] = s
        try:
            after, _ = self.block(s.body, inner)  # type: ignore[attr-defined]
        finally:
            self.roles.discard(s.member)
            del self.members[s.member]
            del self.looping[fam]
        self.past_members[s.member] = s
        # What the block binds at the member on every path is bound at every member.
        for v, span in after.bound.get(s.member, {}).items():
            if v != s.index:
                scope.bind(fam, v, span)
        for v, span in after.partial.get(s.member, {}).items():
            if not scope.has(fam, v):
                scope._partial.setdefault(fam, {})[v] = span
        return False

    def in_loop_return(self, s: A.Return) -> bool:
        if not self.members:
            return False
        member, fam = next(iter(self.members.items()))
        self.error("E0911", f"`return` cannot be inside `for {member} in {fam}`: it would end "
                   "the choreography in the middle of the loop", s.span,
                   hint="bind the values in the loop and return after it")
        return True

    # -------------------------------------------------------- calls

    def call_arg_kind(self, s: A.ChorCall, arg: A.CallArg, decl: A.RoleDecl) -> bool:
        """A family goes to a family parameter, a single role to a single one; True if ok."""
        if arg.new is not None:
            if not decl.family:
                self.error("E0907", f"`new {arg.role}[...]` starts a family, but `{s.name}`'s "
                           f"role `{decl.name}` is a single role", arg.span,
                           hint=f"pass a single role for `{decl.name}`, or declare it "
                                f"`{decl.name}[]` in `{s.name}`")
                return False
            return True
        given_family = self.is_family(arg.role)
        if decl.family and not given_family:
            self.error("E0907", f"`{s.name}` takes a family for its role `{decl.name}`, but "
                       f"`{arg.role}` is a single role", arg.span,
                       hint=f"pass a family, or start one for the call: "
                            f"`new {decl.name}[{arg.role}.(Count)]`")
            return False
        if given_family and not decl.family:
            self.error("E0907", f"`{s.name}` takes a single role for its role `{decl.name}`, "
                       f"but `{arg.role}` is a family", arg.span,
                       hint=f"pass one member at a time: `for W in {arg.role} "
                            f"{{ {s.name}(..., W, ...); }}`, or declare `{decl.name}[]` in "
                            f"`{s.name}`")
            return False
        return True

    def new_family(self, s: A.ChorCall, arg: A.CallArg, scope: Scope) -> None:
        """`new F[A.(E)]`: F is a fresh name; A is a single role passed to the call."""
        assert arg.new is not None
        size = arg.new
        if arg.role in self.roles or arg.role in self.families:
            self.error("E0909", f"`new {arg.role}` starts a family for the call, but "
                       f"`{arg.role}` is already a role of `{self.chor.name}`", arg.span,
                       hint=f"give the new family a name of its own, e.g. `new "
                            f"New{arg.role}[...]`, or pass `{arg.role}` itself")
            return
        if not self.role_ok(size.role, size.role_span):  # type: ignore[attr-defined]
            return
        if self.is_family(size.role):
            self.error("E0910", f"the size of `new {arg.role}` is evaluated at one role, and "
                       f"`{size.role}` is a family", size.role_span,
                       hint="evaluate it at a single role that is passed to the call")
            return
        if not any(a.role == size.role and a.new is None for a in s.args):
            self.error("E0910", f"`{size.role}` evaluates the size of `new {arg.role}`, but is "
                       f"not passed to `{s.name}`", size.role_span,
                       hint=f"pass `{size.role}` to `{s.name}` too: it starts the members "
                            "and tells the others who they are")
            return
        self.use(size.role, size.expr, scope)  # type: ignore[attr-defined]


def _family_choreographies(program: A.Program) -> frozenset[str]:
    """The choreographies that declare a family, start one with `new`, or call one that
    does (directly or not)."""
    calls: dict[str, set[str]] = {}
    found: set[str] = set()
    for chor in program.choreographies:
        calls[chor.name] = set()
        if chor.families:
            found.add(chor.name)
        for st in A.statements(chor):
            if isinstance(st, A.ChorCall):
                calls[chor.name].add(st.name)
                if any(arg.new is not None for arg in st.args):
                    found.add(chor.name)
    grew = True
    while grew:
        grew = False
        for name, callees in calls.items():
            if name not in found and callees & found:
                found.add(name)
                grew = True
    return frozenset(found)


def erlang_backend_problem(program: A.Program) -> Diagnostic | None:
    """E0801, located: the first family that takes part in a `checkpoint`; or None.

    The language lets a family take part in one (the interpreter runs the rescue when a
    member fails), but the Erlang runtime cannot yet restore members at a rescue, so
    `compile`, `run` and `new` stop here instead of emitting code that would crash. A
    `return` inside a block involves every role, families included; a call involves
    what the called choreography does.
    """
    family_chors = _family_choreographies(program)
    for chor in program.choreographies:
        members = {s.member for s in A.statements(chor) if isinstance(s, A.ForEach)}
        for cp in A.statements(chor):
            if not isinstance(cp, A.Checkpoint):
                continue
            for st in A.statements(cp):
                culprit = _family_part(st, chor.families, members, family_chors)
                if culprit is not None:
                    what, span = culprit
                    return Diagnostic(
                        "E0801", f"{what} cannot take part in a `checkpoint` on the Erlang "
                        "back end yet", span, notes=(Note("the checkpoint is here", cp.span),),
                        hint="move the statements of role families out of the `checkpoint` "
                             "block and its `rescue` (outside one, a member's failure ends "
                             "the session with `{role_down, {Family, I}, Reason}`)")
    return None


def _family_part(st: A.Stmt, families: frozenset[str], members: set[str],
                 family_chors: frozenset[str]) -> tuple[str, Span] | None:
    """What in `st` is a family's, as (words, span); None if nothing."""
    if isinstance(st, A.ForEach):
        return f"family `{st.family}`", st.span
    if isinstance(st, A.Return) and families:
        return "a `return` (it involves every role, families included)", st.span
    if isinstance(st, A.ChorCall):
        for arg in st.args:
            if arg.new is not None:
                return f"a family started with `new {arg.role}[...]`", arg.span
        if st.name in family_chors:
            return f"`{st.name}`, which has role families,", st.name_span
    for role in sorted(A.own_roles(st)):
        if role in families:
            return f"family `{role}`", st.span
        if role in members:
            return f"member `{role}`", st.span
    return None
