"""The static checks of a program (design section 6) and the scoping rule (section 1).

`check_program` walks each choreography once, in source order, and returns every
problem it finds; the caller sorts and prints them. A node with an unknown role is
reported once and otherwise skipped, so that one mistake gives one error.
"""

from __future__ import annotations

import difflib

from choreo_erl.core.diagnostics import Diagnostic, Note
from choreo_erl.core.erlang_names import OTP_MODULES, RESERVED_WORDS
from choreo_erl.core.names import (
    MAX_MODULE,
    MAX_NAME,
    RUNTIME_MODULES,
    impl_module,
    role_atom,
    role_module,
)
from choreo_erl.core.source import Span
from choreo_erl.parser import always_fails, exprs, static_match
from choreo_erl.parser import ast as A

from .families import FamilyChecks
from .scope import Scope


def check_program(program: A.Program) -> list[Diagnostic]:
    errors: list[Diagnostic] = []
    errors += _check_names(program)
    for chor in program.choreographies:
        _ChorChecker(program, chor, errors).run()
    return sorted(errors, key=lambda d: (d.span.line, d.span.col))


# ---------------------------------------------------------------- names


def _check_names(program: A.Program) -> list[Diagnostic]:
    errors: list[Diagnostic] = []
    modules: dict[str, tuple[Span, str]] = {}
    seen: dict[str, Span] = {}
    for chor in program.choreographies:
        if chor.name in seen:
            errors.append(Diagnostic(
                "E0505", f"choreography `{chor.name}` is defined twice", chor.name_span,
                notes=(Note("first defined here", seen[chor.name]),),
                hint="rename one of them"))
            continue
        seen[chor.name] = chor.name_span
        if _too_long(errors, "choreography", chor.name, chor.name_span):
            continue
        if not chor.name.isascii() or not chor.name.replace("_", "a").isalnum() \
                or not chor.name[0].islower() or chor.name in RESERVED_WORDS:
            errors.append(Diagnostic(
                "E0506", f"`{chor.name}` cannot name a choreography: it becomes an Erlang "
                "module name", chor.name_span,
                hint="use lowercase letters, digits and `_`, not an Erlang reserved word"))
            continue
        wanted = [(chor.name, chor.name_span, f"the API module of `{chor.name}`")]
        atoms: dict[str, A.RoleDecl] = {}
        for r in chor.roles:
            if r.name in (d.name for d in atoms.values()):
                continue  # a role declared twice is reported by the role check
            if _too_long(errors, "role", role_atom(r.name), r.span):
                continue
            a = role_atom(r.name)
            if a in atoms and atoms[a].name != r.name:
                errors.append(Diagnostic(
                    "E0504", f"roles `{atoms[a].name}` and `{r.name}` both become the atom `{a}`",
                    r.span, hint="give the roles names that differ in more than case or `_`"))
            atoms.setdefault(a, r)
            wanted.append((role_module(chor.name, r.name), r.span,
                           f"the module of role `{r.name}` of `{chor.name}`"))
        for mod, span, what in wanted:
            if _module_too_long(errors, what, mod, span):
                continue
            if mod in OTP_MODULES or mod in RUNTIME_MODULES:
                owner = "choreo-erl's runtime" if mod in RUNTIME_MODULES else "OTP"
                errors.append(Diagnostic(
                    "E0502", f"{what} would be called `{mod}`, which is a module of {owner}",
                    span, hint="rename the choreography or the role"))
            elif mod in modules:
                other_span, other = modules[mod]
                errors.append(Diagnostic(
                    "E0501", f"{what} would be called `{mod}`, like {other}", span,
                    notes=(Note(f"{other} is here", other_span),),
                    hint="rename the choreography or the role"))
            else:
                modules[mod] = (span, what)
    for chor in program.choreographies:
        for r in chor.roles:
            impl = impl_module(chor.name, r.name)
            if len(role_atom(r.name)) <= MAX_NAME \
                    and len(role_module(chor.name, r.name)) <= MAX_MODULE \
                    and _module_too_long(errors, "the default implementation module of role "
                                         f"`{r.name}`", impl, r.span):
                continue
            if impl in modules:
                errors.append(Diagnostic(
                    "E0501", f"`{impl}` is both a generated module and the default "
                    f"implementation module of role `{r.name}`", r.span,
                    hint="rename the choreography or the role"))
    return errors


def _module_too_long(errors: list[Diagnostic], what: str, module: str, span: Span) -> bool:
    """E0508 for a generated module name longer than MAX_MODULE."""
    if len(module) <= MAX_MODULE:
        return False
    errors.append(Diagnostic(
        "E0508", f"{what} would be called `{module[:40]}…`, {len(module)} characters; a "
        f"module name has at most {MAX_MODULE} (its `.beam` file name must fit in 255 "
        "bytes)", span, hint="shorten the choreography's or the role's name"))
    return True


def _too_long(errors: list[Diagnostic], what: str, name: str, span: Span) -> bool:
    """E0508 for a choreography or role name longer than MAX_NAME."""
    if len(name) <= MAX_NAME:
        return False
    errors.append(Diagnostic(
        "E0508", f"this {what} name has {len(name)} characters; choreo-erl's limit is "
        f"{MAX_NAME}", span,
        hint=f"Erlang's names have at most 255 characters, and the generated code "
             f"derives longer names from a {what}'s: shorten it"))
    return True


# ---------------------------------------------------------------- one choreography


class _ChorChecker(FamilyChecks):
    def __init__(self, program: A.Program, chor: A.Choreography,
                 errors: list[Diagnostic]) -> None:
        self.program = program
        self.chor = chor
        self.errors = errors
        self.roles: set[str] = set()
        self.init_families()
        # Per role, what variables were bound to by `V = Expr` in the blocks being
        # checked (innermost last): what erlc sees of a value, for E0604.
        self.known: list[dict[str, dict[str, A.Expr]]] = [{}]

    def error(self, code: str, message: str, span: Span, hint: str | None = None,
              notes: tuple[Note, ...] = ()) -> None:
        self.errors.append(Diagnostic(code, message, span, hint, notes))

    def run(self) -> None:
        params: dict[str, list[tuple[str, Span]]] = {}
        for r in self.chor.roles:
            if r.name in self.roles:
                self.error("E0102", f"role `{r.name}` is declared twice in "
                           f"`{self.chor.name}`", r.span,
                           hint="each role appears once; give the other role another name")
                continue
            if r.name.startswith("_"):
                self.error("E0105", f"`{r.name}` cannot be a role: roles start with a "
                           "capital letter", r.span)
            self.roles.add(r.name)
            seen: set[str] = set()
            for p, ps in zip(r.params, r.param_spans, strict=True):
                if p in seen:
                    self.error("E0104", f"parameter `{p}` of role `{r.name}` is declared twice",
                               ps)
                seen.add(p)
                self.check_var_name(p, ps)
            params[r.name] = list(zip(r.params, r.param_spans, strict=True))
        self.block(self.chor.body, Scope.start(params))

    # -------------------------------------------------------- helpers

    def role_ok(self, role: str, span: Span) -> bool:
        if self.family_role_problem(role, span):
            return False
        if role in self.roles:
            return True
        declared = ", ".join(f"`{r}`" for r in self.chor.role_names)
        near = difflib.get_close_matches(role, list(self.chor.role_names), 1, 0.75)
        self.error("E0101", f"unknown role `{role}`", span,
                   hint=f"did you mean `{near[0]}`?" if near else
                        f"`{self.chor.name}` declares the roles {declared}; add `{role}` to "
                        "its role list or use one of those")
        return False

    def check_var_name(self, name: str, span: Span) -> None:
        if _too_long(self.errors, "variable", name, span):
            return
        if name.endswith("_") and name != "_":
            self.error("E0503", f"variable names ending in `_` are reserved for generated "
                       f"code: `{name}`", span, hint=f"rename it, e.g. `{name.rstrip('_')}`")

    def use(self, role: str, e: A.Expr, scope: Scope, local: frozenset[str] = frozenset()):
        """Check an expression evaluated at `role`."""
        for v in exprs.used_vars(e, local):
            if not scope.has(role, v.name):
                self.unbound(role, v, scope)
        self.expr_shape(e)
        self.no_wildcard(e)

    def no_wildcard(self, e: A.Expr) -> None:
        """`_` matches anything in a pattern; as a value it means nothing."""
        for x in exprs.value_nodes(e):  # generator patterns may use `_`
            if isinstance(x, A.Wildcard):
                self.error("E0202", "`_` cannot be used as a value", x.span,
                           hint="`_` only stands in patterns; use a variable or a literal here")
                return

    def unbound(self, role: str, v: A.Var, scope: Scope, why: Note | None = None) -> None:
        elsewhere = [(r, s) for r, s in scope.roles_binding(v.name) if r != role]
        partial = scope.partial.get(role, {}).get(v.name)
        notes: list[Note] = []
        hint = None
        if partial is not None:
            msg = (f"variable `{v.name}` is bound at role `{role}` only in some branches of "
                   f"the choice at line {partial.line}")
            hint = f"bind `{v.name}` at `{role}` in every branch, or only use it inside them"
        else:
            msg = f"variable `{v.name}` is not bound at role `{role}`"
        for r, s in elsewhere:
            notes.append(Note(f"`{v.name}` is bound at role `{r}`", s))
        if partial is None:
            if elsewhere:
                src = elsewhere[0][0]
                hint = (f"`{role}` cannot see `{src}`'s variables: send it first, e.g. "
                        f"`{src}.{v.name} ~> {role}.{v.name};`")
            else:
                notes.append(Note(f"`{v.name}` is not bound at any role here"))
                near = difflib.get_close_matches(v.name, list(scope.bound.get(role, {})), 1,
                                                 0.75)
                hint = (f"did you mean `{near[0]}`?" if near else
                        f"bind `{v.name}` at `{role}` first, or check its spelling")
        if why is not None:
            notes.insert(0, why)
        self.error("E0201", msg, v.span, hint, tuple(notes))

    def pattern_error(self, err: tuple[A.Expr, str]) -> None:
        node, why = err
        self.error("E0601", f"this cannot be matched: {why}", node.span,
                   hint="a pattern is made of variables, literals, tuples, lists, maps "
                        "with `:=` and binaries")

    def bind(self, role: str, pattern: A.Expr, scope: Scope) -> None:
        err = exprs.pattern_error(pattern)
        if err is not None:
            self.pattern_error(err)
            return
        self.impossible_segment(pattern)
        # Map keys and binary sizes read variables bound before the match (a size may
        # also use one bound by an earlier segment of its binary).
        for v in exprs.pattern_reads(pattern):
            if not scope.has(role, v.name):
                self.unbound(role, v, scope, Note(
                    f"`{v.name}` stands where a pattern reads a value (a map key or a binary "
                    "size), so it must be bound before the match"))
        for v in exprs.pattern_vars(pattern):
            self.check_var_name(v.name, v.span)
            scope.bind(role, v.name, v.span)

    def expr_shape(self, e: A.Expr) -> None:
        for g in exprs.generators(e):
            err = exprs.pattern_error(g.pattern)
            if err is not None:
                self.pattern_error(err)
            else:
                self.impossible_segment(g.pattern)
            for v in exprs.pattern_vars(g.pattern):
                self.check_var_name(v.name, v.span)
        for x in exprs.value_nodes(e):
            if isinstance(x, A.Map) and x.base is None and any(f.exact for f in x.fields):
                self.error("E0603", "`:=` only updates a key a map already has",
                           x.span, hint="build a map with `=>`: `#{key => Value}`")
        for x, why in always_fails.failures(e):
            op = x.op
            self.error("E0605", f"this `{op}` always fails: its operands are fixed, and "
                       f"it raises `{why}`", x.span,
                       hint="fix the operands; to end the role on purpose, call a function "
                            "that raises (erlc refuses code that always fails here)")

    # -------------------------------------------------------- statements

    def block(self, block: A.Block, scope: Scope) -> tuple[Scope, bool]:
        """Check a block; returns the scope after it and whether it always returns."""
        self.known.append({r: dict(vs) for r, vs in self.known[-1].items()})
        try:
            return self._block(block, scope)
        finally:
            self.known.pop()

    def _block(self, block: A.Block, scope: Scope) -> tuple[Scope, bool]:
        returned: A.Stmt | None = None
        for stmt in block.stmts:
            if returned is not None:
                why = ("`return` ends the choreography"
                       if isinstance(returned, A.Return)
                       else "every branch of the choice above ends with `return`")
                self.error("E0402", f"this statement can never run: {why}", stmt.span,
                           hint="move it before the `return`, or remove it")
                break
            if self.stmt(stmt, scope):
                returned = stmt
        return scope, returned is not None

    def stmt(self, s: A.Stmt, scope: Scope) -> bool:
        """Check one statement, updating `scope`; True when it always returns."""
        if isinstance(s, A.Comm):
            src, dst = s.source, s.target
            ok = self.role_ok(src.role, src.role_span) & self.role_ok(dst.role, dst.role_span)
            if ok and src.role == dst.role and not self.is_family(src.role):
                self.error("E0103", f"role `{src.role}` sends a message to itself", s.span,
                           hint=f"compute locally instead: `{src.role}.Var = Expr;`")
            if ok:
                self.family_comm(s)
            if s.within is not None and s.within <= 0:
                self.error("E0106", "`within` needs a positive number of milliseconds", s.span)
            if ok:
                self.use(src.role, src.expr, scope)
                self.bind(dst.role, dst.expr, scope)
            return False
        if isinstance(s, A.Select):
            ok = self.role_ok(s.sender, s.sender_span) & self.role_ok(s.receiver, s.receiver_span)
            if ok and s.sender == s.receiver:
                self.error("E0103", f"role `{s.sender}` sends a selection to itself", s.span)
            elif ok:
                self.family_decides(s.sender, s.sender_span, "a selection")
            return False
        if isinstance(s, A.Assign):
            t = s.target
            if self.role_ok(t.role, t.role_span):
                self.use(t.role, s.expr, scope)
                bound = frozenset(v.name for v in exprs.pattern_vars(t.expr)
                                  if scope.has(t.role, v.name))
                self.bind(t.role, t.expr, scope)
                self.static_match(t.role, t.expr, s.expr, bound)
            return False
        if isinstance(s, A.Action):
            loc = s.located
            if self.role_ok(loc.role, loc.role_span):
                self.use(loc.role, loc.expr, scope)
            return False
        if isinstance(s, A.If):
            c = s.cond
            if self.role_ok(c.role, c.role_span) \
                    and not self.family_decides(c.role, c.role_span, "a choice"):
                self.use(c.role, c.expr, scope)
            outs = [self.block(b, scope.copy()) for b in A.blocks(s)]
            return self.join(scope, outs, s.span)
        if isinstance(s, A.Case):
            subj = s.subject
            known = self.role_ok(subj.role, subj.role_span) \
                and not self.family_decides(subj.role, subj.role_span, "a choice")
            if known:
                self.use(subj.role, subj.expr, scope)
            outs = []
            taken: A.Clause | None = None  # a clause that always matches
            for cl in s.clauses:
                inner = scope.copy()
                if known:
                    taken = self.static_clause(subj.role, subj.expr, cl, scope, taken)
                    self.bind(subj.role, cl.pattern, inner)
                    if cl.guard is not None:
                        bad = exprs.guard_error(cl.guard)
                        if bad is not None:
                            node, why = bad
                            self.error("E0602", why, node.span,
                                       hint="compute the value before the `case`, or match "
                                            "on it in the pattern")
                        self.use(subj.role, cl.guard, inner)
                outs.append(self.block(cl.body, inner))
            return self.join(scope, outs, s.span)
        if isinstance(s, A.ChorCall):
            self.call(s, scope)
            return False
        if isinstance(s, A.ForEach):
            return self.for_each(s, scope)
        if isinstance(s, A.Return):
            if self.in_loop_return(s):
                return False
            seen: dict[str, A.Located] = {}
            for loc in s.values:
                if not self.role_ok(loc.role, loc.role_span):
                    continue
                if loc.role in seen:
                    self.error("E0401", f"role `{loc.role}` is given two results by one "
                               "`return`", loc.span,
                               notes=(Note("its first result is here", seen[loc.role].span),),
                               hint=f"return one value at `{loc.role}`, e.g. a tuple")
                    continue
                seen[loc.role] = loc
                self.use(loc.role, loc.expr, scope)
            return True
        if isinstance(s, A.Checkpoint):
            outs = [self.block(b, scope.copy()) for b in A.blocks(s)]
            return self.join(scope, outs, s.span)
        raise AssertionError(type(s).__name__)

    # -------------------------------------------------------- E0604

    def impossible_segment(self, pattern: A.Expr) -> None:
        seg = static_match.impossible_segment(pattern)
        if seg is not None:
            self.error("E0604", "this segment can never match: the number does not fit in "
                       "its size", seg.span,
                       hint="an integer segment of N bits holds 0 to 2^N - 1, or "
                            "-2^(N-1) to 2^(N-1) - 1 when `signed`")

    def static_match(self, role: str, pattern: A.Expr, e: A.Expr,
                     bound: frozenset[str]) -> None:
        """A local match that can never succeed; remembers `V = Expr` for later ones."""
        known = self.known[-1].setdefault(role, {})
        if static_match.outcome(pattern, e, known, bound) == static_match.NEVER:
            self.error("E0604", "this match can never succeed: the value never has this "
                       "shape", pattern.span,
                       hint="the role would always crash here; fix the pattern or the value "
                            "(to end the role on purpose, call a function that raises)")
        elif isinstance(pattern, A.Var) and pattern.name not in bound:
            known[pattern.name] = e

    def static_clause(self, role: str, subject: A.Expr, cl: A.Clause, scope: Scope,
                      taken: A.Clause | None) -> A.Clause | None:
        """A `case` clause that can never be taken; returns the clause that always
        matches, if one does by now."""
        bound = frozenset(v.name for v in exprs.pattern_vars(cl.pattern)
                          if scope.has(role, v.name))
        known = self.known[-1].get(role, {})
        if static_match.is_literal(subject, known):
            # erlc folds a `case` on a literal without a word, and `import` writes
            # `case B.(1) { 1 -> ...; 2 -> ... }` as a placeholder to fill in.
            return None
        if taken is not None:
            self.error("E0604", "this clause can never be taken: the clause at line "
                       f"{taken.span.line} always matches", cl.pattern.span,
                       hint="remove this clause, or make the one above more specific")
            return taken
        result = static_match.outcome(cl.pattern, subject, known, bound)
        if result == static_match.NEVER:
            self.error("E0604", "this clause can never match: the value never has this "
                       "shape", cl.pattern.span,
                       hint="remove this clause, or fix its pattern")
        if result == static_match.ALWAYS and cl.guard is None:
            return cl
        return None

    def join(self, scope: Scope, outs: list[tuple[Scope, bool]], span: Span) -> bool:
        going_on = [sc for sc, returns in outs if not returns]
        if not going_on:
            return True
        scope.merge(going_on, span)
        return False

    def call(self, s: A.ChorCall, scope: Scope) -> None:
        callee = self.program.get(s.name)
        passed: dict[str, A.CallArg] = {}
        roles_ok = True
        for arg in s.args:
            if arg.new is not None:
                passed[arg.role] = arg
                continue
            if not self.role_ok(arg.role, arg.span):
                roles_ok = False
                continue
            if arg.role in passed:
                self.error("E0304", f"role `{arg.role}` is passed twice to `{s.name}`", arg.span,
                           hint="each role can play only one role of the called choreography")
                roles_ok = False
            passed[arg.role] = arg
        if callee is None:
            names = ", ".join(f"`{c.name}`" for c in self.program.choreographies)
            self.error("E0301", f"there is no choreography called `{s.name}`", s.name_span,
                       hint=f"this file defines {names}")
            return
        if len(s.args) != len(callee.roles):
            self.error("E0302", f"`{s.name}` takes {len(callee.roles)} roles, but this call "
                       f"passes {len(s.args)}", s.call_span,
                       hint=f"pass one role for each of {', '.join(callee.role_names)}")
            return
        for arg, decl in zip(s.args, callee.roles, strict=True):
            if not self.call_arg_kind(s, arg, decl):
                roles_ok = False
                continue
            if arg.new is not None:
                self.new_family(s, arg, scope)
                continue
            given = len(arg.args) if arg.args is not None else 0
            if given != len(decl.params):
                self.error(
                    "E0303", f"`{s.name}` gives its role `{decl.name}` {len(decl.params)} start "
                    f"argument{'s' if len(decl.params) != 1 else ''}, but this call passes "
                    f"{given} (at `{arg.role}`)", s.call_span,
                    hint=f"write `{arg.role}({', '.join(decl.params)})`" if decl.params
                    else f"write `{arg.role}` without arguments")
                roles_ok = False
            elif arg.args and arg.role in self.roles:
                for e in arg.args:
                    self.use(arg.role, e, scope)
        seen: set[str] = set()
        for loc in s.results:
            if not self.role_ok(loc.role, loc.role_span):
                continue
            if loc.role in seen:
                self.error("E0401", f"role `{loc.role}` takes two results of one call",
                           loc.span)
                continue
            seen.add(loc.role)
            if roles_ok and loc.role not in passed:
                self.error("E0305", f"role `{loc.role}` takes a result of `{s.name}` but is "
                           "not passed to it", loc.span,
                           hint=f"pass `{loc.role}` to `{s.name}`, or bind the result at a "
                                "role that takes part")
                continue
            self.bind(loc.role, loc.expr, scope)
