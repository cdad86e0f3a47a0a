"""Builds the AST from ANTLR's parse tree, resolving the two forms the grammar cannot tell apart.

`B.X = f(C);` is a callback call when `f` is not a choreography of the file, and a
choreography call with a result otherwise; the builder decides with the file's
choreography names, so that later stages see only well-formed nodes.
"""

from __future__ import annotations

from antlr4.Token import Token

from choreo_erl.core.diagnostics import Diagnostic
from choreo_erl.core.source import Span

from . import ast as A
from .generated.ChoreoParser import ChoreoParser as P
from .syntax_errors import token_span

_STRING = P.STRING


def span_of(ctx) -> Span:
    """From the first token of `ctx` to the end of its last (`token_span` inlined for
    the common case: this runs for every node of the AST)."""
    a = ctx.start
    b = ctx.stop if ctx.stop is not None else a
    if a.type > 0 and b.type > 0 and b.type != _STRING and b.stop >= b.start:
        return Span(a.line, a.column + 1, b.line, b.column + b.stop - b.start + 1)
    start = token_span(a)
    stop = token_span(b)
    return Span(start.line, start.col, stop.end_line, stop.end_col)


def tspan(node) -> Span:
    tok = node.symbol if hasattr(node, "symbol") else node
    if tok.type > 0 and tok.type != _STRING and tok.stop >= tok.start:
        return Span(tok.line, tok.column + 1, tok.line, tok.column + tok.stop - tok.start + 1)
    return token_span(tok)


MAX_ATOM = 255  # characters in an Erlang atom


class AstBuilder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[Diagnostic] = []
        self.chor_names: set[str] = set()

    # ------------------------------------------------------------ top level

    def program(self, ctx: P.ProgramContext) -> A.Program:
        chors = ctx.choreography()
        self.chor_names = {self.atom_of(c.ATOM(), report=False) for c in chors}
        return A.Program(tuple(self.choreography(c) for c in chors), self.path)

    def choreography(self, ctx: P.ChoreographyContext) -> A.Choreography:
        roles = tuple(self.role_decl(r) for r in ctx.roleDecl())
        return A.Choreography(
            name=self.atom_of(ctx.ATOM()),
            roles=roles,
            body=self.block(ctx.block()),
            span=span_of(ctx),
            name_span=tspan(ctx.ATOM()),
        )

    def role_decl(self, ctx: P.RoleDeclContext) -> A.RoleDecl:
        names = ctx.VAR()
        return A.RoleDecl(
            name=names[0].getText(),
            params=tuple(n.getText() for n in names[1:]),
            span=tspan(names[0]),
            param_spans=tuple(tspan(n) for n in names[1:]),
        )

    def block(self, ctx: P.BlockContext) -> A.Block:
        return A.Block(tuple(self.statement(s) for s in ctx.statement()), span_of(ctx))

    # ------------------------------------------------------------ statements

    def statement(self, ctx) -> A.Stmt:
        span = span_of(ctx)
        if isinstance(ctx, P.CommStmtContext):
            src, dst = ctx.located()
            within = self.int_value(ctx.INT().getText(), tspan(ctx.INT())) if ctx.INT() else None
            return A.Comm(span, self.located(src), self.located(dst), within)
        if isinstance(ctx, P.SelectStmtContext):
            sender, receiver = ctx.VAR()
            sel = ctx.selectLabel()
            text = sel.getText()
            label: str | int = int(text) if text.isdigit() else self.atom_of(sel.start)
            return A.Select(span, sender.getText(), label, receiver.getText(), tspan(sender),
                            tspan(receiver))
        if isinstance(ctx, P.AssignStmtContext):
            target = self.located(ctx.located())
            expr = self.expr(ctx.expr())
            if isinstance(expr, A.Call) and expr.name in self.chor_names:
                return self._call_from_expr(span, expr, (target,))
            return A.Assign(span, target, expr)
        if isinstance(ctx, P.CallResultStmtContext):
            results = tuple(self.located(x) for x in ctx.located())
            call = self.chor_call(span, ctx.chorCall(), results)
            if (len(results) == 1 and call.name not in self.chor_names
                    and all(a.args is None for a in call.args)):
                # `B.X = f(C);` with f not a choreography: a callback at B.
                args = tuple(A.Var(a.span, a.role) for a in call.args)
                return A.Assign(span, results[0],
                                A.Call(call.call_span, call.name, args, call.name_span))
            return call
        if isinstance(ctx, P.CallStmtContext):
            return self.chor_call(span, ctx.chorCall(), ())
        if isinstance(ctx, P.ActionStmtContext):
            return A.Action(span, self.located(ctx.located()))
        if isinstance(ctx, P.IfStatementContext):
            return self.if_stmt(ctx.ifStmt())
        if isinstance(ctx, P.CaseStmtContext):
            clauses = tuple(self.clause(c) for c in ctx.caseClause())
            return A.Case(span, self.located(ctx.located()), clauses)
        if isinstance(ctx, P.ReturnStmtContext):
            return A.Return(span, tuple(self.located(x) for x in ctx.located()))
        if isinstance(ctx, P.CheckpointStmtContext):
            body, rescue = ctx.block()
            return A.Checkpoint(span, self.block(body), self.block(rescue))
        raise AssertionError(f"unknown statement {type(ctx).__name__}")

    def if_stmt(self, ctx: P.IfStmtContext) -> A.If:
        blocks = ctx.block()
        then = self.block(blocks[0])
        if len(blocks) > 1:
            orelse = self.block(blocks[1])
        elif ctx.ifStmt() is not None:
            nested = self.if_stmt(ctx.ifStmt())
            orelse = A.Block((nested,), nested.span)
        else:
            end = then.span
            orelse = A.Block((), Span(end.end_line, end.end_col, end.end_line, end.end_col))
        return A.If(span_of(ctx), self.located(ctx.located()), then, orelse)

    def clause(self, ctx: P.CaseClauseContext) -> A.Clause:
        # An Erlang guard sequence: `;` between guards, `,` between the tests of one.
        # They are kept as the operators "," and ";" (not andalso/orelse): a test
        # that raises fails only its own guard, and the next guard is still tried.
        guard = None
        for g in ctx.guard():
            conj = None
            for e in g.expr():
                x = self.expr(e)
                conj = x if conj is None else A.BinOp(conj.span.to(x.span), ",", conj, x)
            guard = conj if guard is None else A.BinOp(guard.span.to(conj.span), ";",
                                                         guard, conj)
        return A.Clause(self.expr(ctx.expr()), guard, self.block(ctx.block()), span_of(ctx))

    def chor_call(self, span: Span, ctx: P.ChorCallContext,
                  results: tuple[A.Located, ...]) -> A.ChorCall:
        args = []
        for a in ctx.callArg():
            exprs = None
            if a.getChildCount() > 1:
                exprs = tuple(self.expr(e) for e in a.exprList().expr()) if a.exprList() else ()
            args.append(A.CallArg(a.VAR().getText(), exprs, span_of(a)))
        return A.ChorCall(span, self.atom_of(ctx.ATOM()), tuple(args), results,
                          tspan(ctx.ATOM()), span_of(ctx))

    def _call_from_expr(self, span: Span, call: A.Call,
                        results: tuple[A.Located, ...]) -> A.Stmt:
        args = []
        for a in call.args:
            if not isinstance(a, A.Var):
                self.errors.append(Diagnostic(
                    "E0006", f"`{call.name}` is a choreography: its arguments are roles",
                    a.span, hint=f"pass a role, e.g. `{call.name}(A(Value), B)`"))
                return A.Assign(span, results[0], call)
            args.append(A.CallArg(a.name, None, a.span))
        return A.ChorCall(span, call.name, tuple(args), results, call.name_span, call.span)

    def located(self, ctx: P.LocatedContext) -> A.Located:
        return A.Located(ctx.VAR().getText(), self.primary(ctx.primary()), span_of(ctx),
                         tspan(ctx.VAR()))

    # ------------------------------------------------------------ expressions

    def expr(self, ctx) -> A.Expr:
        span = span_of(ctx)
        if isinstance(ctx, P.PrimaryExprContext):
            return self.primary(ctx.primary())
        if isinstance(ctx, P.BinaryExprContext):
            left, right = ctx.expr()
            return A.BinOp(span, ctx.op.text, self.expr(left), self.expr(right))
        if isinstance(ctx, P.UnaryExprContext):
            operand = self.expr(ctx.expr())
            if ctx.op.text == "-" and isinstance(operand, (A.Int, A.Float)):
                text = operand.text[1:] if operand.text.startswith("-") else "-" + operand.text
                return type(operand)(span, -operand.value, text)
            return A.UnOp(span, ctx.op.text, operand)
        if isinstance(ctx, P.MapUpdateContext):
            base = self.expr(ctx.expr())
            fields = self.map_fields(ctx.mapLiteral())
            return A.Map(span, fields, base)
        raise AssertionError(f"unknown expression {type(ctx).__name__}")

    def map_fields(self, ctx: P.MapLiteralContext) -> tuple[A.MapField, ...]:
        out = []
        for f in ctx.mapField():
            k, v = f.expr()
            out.append(A.MapField(self.expr(k), self.expr(v), f.op.text == ":="))
        return tuple(out)

    def exprs(self, ctx) -> tuple[A.Expr, ...]:
        return tuple(self.expr(e) for e in ctx.expr()) if ctx is not None else ()

    def primary(self, ctx) -> A.Expr:
        span = span_of(ctx)
        if isinstance(ctx, P.VarExprContext):
            name = ctx.VAR().getText()
            return A.Wildcard(span) if name == "_" else A.Var(span, name)
        if isinstance(ctx, P.AtomExprContext):
            return A.Atom(span, self.atom_of(ctx.ATOM()))
        if isinstance(ctx, P.IntExprContext):
            return A.Int(span, self.int_value(ctx.getText(), span), ctx.getText())
        if isinstance(ctx, P.FloatExprContext):
            text = ctx.getText()
            value = float(text.replace("_", ""))
            if value in (float("inf"), float("-inf")):
                self.errors.append(Diagnostic(
                    "E0007", f"`{text}` is too large for a float", span,
                    hint="Erlang floats are 64-bit: at most about 1.8e308"))
                value = 0.0
            return A.Float(span, value, text)
        if isinstance(ctx, P.CharExprContext):
            return A.Char(span, self.char_of(ctx.CHAR()), ctx.getText())
        if isinstance(ctx, P.StringExprContext):
            return A.String(span, "".join(self.string_of(s) for s in ctx.STRING()))
        if isinstance(ctx, P.TupleExprContext):
            return A.Tuple(span, self.exprs(ctx.exprList()))
        if isinstance(ctx, P.ListExprContext):
            elems = self.exprs(ctx.exprList())
            tail = self.expr(ctx.expr()) if ctx.expr() is not None else None
            return A.List(span, elems, tail)
        if isinstance(ctx, P.ListCompExprContext):
            quals = []
            for q in ctx.qualifier():
                if isinstance(q, P.GeneratorQualContext):
                    pat, src = q.expr()
                    quals.append(A.Generator(self.expr(pat), self.expr(src)))
                else:
                    quals.append(self.expr(q.expr()))
            return A.ListComp(span, self.expr(ctx.expr()), tuple(quals))
        if isinstance(ctx, P.MapExprContext):
            return A.Map(span, self.map_fields(ctx.mapLiteral()), None)
        if isinstance(ctx, P.BinaryLitContext):
            return A.Binary(span, tuple(self.bin_elem(e) for e in ctx.binElem()))
        if isinstance(ctx, P.CallExprContext):
            return A.Call(span, self.atom_of(ctx.ATOM()), self.exprs(ctx.exprList()),
                          tspan(ctx.ATOM()))
        if isinstance(ctx, P.RemoteCallExprContext):
            mod, fun = ctx.ATOM()
            return A.RemoteCall(span, self.atom_of(mod), self.atom_of(fun),
                                self.exprs(ctx.exprList()))
        if isinstance(ctx, P.ParenExprContext):
            return self.expr(ctx.expr())
        raise AssertionError(f"unknown primary {type(ctx).__name__}")

    def int_value(self, text: str, span: Span) -> int:
        """The value of an INT token; 0 and an E0007 error for a bad based integer."""
        try:
            return parse_int(text)
        except ValueError:
            self.errors.append(Diagnostic(
                "E0007", f"`{text}` is not a valid integer", span,
                hint="a based integer is `Base#Digits` with a base from 2 to 36, "
                     "e.g. `16#ff`"))
            return 0

    # ------------------------------------------------------------ literals

    def atom_of(self, node, report: bool = True) -> str:
        value = self._decoded(node, unquote_atom, report)
        if len(value) > MAX_ATOM and report:
            self.errors.append(Diagnostic(
                "E0011", f"this atom has {len(value)} characters; Erlang's limit is "
                f"{MAX_ATOM}", tspan(node), hint="use a shorter atom, or a string or binary"))
        return value

    def string_of(self, node) -> str:
        return self._decoded(node, unquote_string, True)

    def char_of(self, node) -> int:
        return ord(self._decoded(node, lambda t: chr(parse_char(t)), True) or "\0")

    def _decoded(self, node, decode, report: bool) -> str:
        """A literal token's value; a malformed escape is an E0012 error at its `\\`."""
        tok: Token = node.symbol if hasattr(node, "symbol") else node
        text = tok.text
        try:
            return decode(text)
        except EscapeError as exc:
            if report:
                before = text[: exc.offset + 1]  # the decoders skip the opening quote or `$`
                line = tok.line + before.count("\n")
                col = (tok.column + len(before) + 1 if "\n" not in before
                       else len(before) - before.rfind("\n"))
                self.errors.append(Diagnostic(
                    "E0012", f"invalid escape: {exc}", Span(line, col, line, col + 1),
                    hint="Erlang's escapes are \\b \\d \\e \\f \\n \\r \\s \\t \\v, "
                         "\\NNN (octal), \\xHH, \\x{H...} and \\^C; write \\\\ for a "
                         "backslash"))
            return ""

    def bin_elem(self, ctx: P.BinElemContext) -> A.BinElem:
        value = self._bin_part(ctx.binValue())
        size = self._bin_part(ctx.binSize()) if ctx.binSize() is not None else None
        types = tuple(self.atom_of(t) for t in ctx.ATOM())
        return A.BinElem(value, size, types)

    def _bin_part(self, ctx) -> A.Expr:
        span = span_of(ctx)
        if ctx.expr() is not None:
            return self.expr(ctx.expr())
        tok: Token = ctx.start
        text = tok.text
        if text.startswith('"'):
            return A.String(span, self.string_of(tok))
        if text.startswith("$"):
            return A.Char(span, self.char_of(tok), text)
        if text[0].isdigit():
            return A.Int(span, self.int_value(text, span), text)
        return A.Wildcard(span) if text == "_" else A.Var(span, text)


# ---------------------------------------------------------------- literals

# Erlang's one-character escapes (erl_scan); any other character after `\\` stands
# for itself, as in Erlang (`\\'`, `\\"`, `\\\\`, `\\z`).
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "s": " ", "e": "\x1b", "b": "\b", "f": "\f",
            "v": "\v", "d": "\x7f"}
_OCTAL = "01234567"
_HEX = "0123456789abcdefABCDEF"


class EscapeError(ValueError):
    """A malformed escape: `offset` is where its `\\` stands in the token's text."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


def _code_point(value: int, offset: int, text: str) -> str:
    # Erlang's scanner accepts only Unicode scalar values, without U+FFFE and U+FFFF.
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF or value in (0xFFFE, 0xFFFF):
        raise EscapeError(offset, f"`{text}` is not a Unicode character")
    return chr(value)


def _escape(body: str, i: int) -> tuple[str, int]:
    """The character of the escape whose `\\` is at body[i], and the index after it."""
    j = i + 1
    ch = body[j] if j < len(body) else ""
    if ch and ch in _OCTAL:
        k = j
        while k < len(body) and k < j + 3 and body[k] in _OCTAL:
            k += 1
        return chr(int(body[j:k], 8)), k
    if ch == "x":
        if body[j + 1:j + 2] == "{":
            close = body.find("}", j + 2)
            digits = body[j + 2:close] if close >= 0 else ""
            if close < 0 or not digits or any(d not in _HEX for d in digits):
                raise EscapeError(i, "`\\x{` must be followed by hexadecimal digits and `}`")
            return _code_point(int(digits, 16), i, body[i:close + 1]), close + 1
        pair = body[j + 1:j + 3]
        if len(pair) == 2 and all(d in _HEX for d in pair):
            return chr(int(pair, 16)), j + 3
        raise EscapeError(i, "`\\x` must be followed by two hexadecimal digits or `{...}`")
    if ch == "^":
        if j + 1 >= len(body):
            raise EscapeError(i, "`\\^` must be followed by a character")
        return chr(ord(body[j + 1]) & 31), j + 2
    if not ch:
        raise EscapeError(i, "`\\` must be followed by a character")
    return _ESCAPES.get(ch, ch), j + 1


def unescape(body: str) -> str:
    """The characters of a string or quoted atom's text (quotes removed), decoded as
    Erlang's scanner does; raises EscapeError for a malformed escape."""
    out = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            decoded, i = _escape(body, i)
            out.append(decoded)
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def unquote_atom(text: str) -> str:
    return unescape(text[1:-1]) if text.startswith("'") else text


def unquote_string(text: str) -> str:
    return unescape(text[1:-1])


def parse_int(text: str) -> int:
    text = text.replace("_", "")
    if "#" in text:
        base, digits = text.split("#", 1)
        b = int(base)
        if not 2 <= b <= 36:
            raise ValueError(f"base {b} is not between 2 and 36")
        return int(digits, b)
    return int(text)


def parse_char(text: str) -> int:
    """The value of `$c` or `$\\Escape`; raises EscapeError for a malformed escape."""
    body = text[1:]
    if body.startswith("\\"):
        decoded, end = _escape(body, 0)
        if end != len(body):
            raise EscapeError(0, f"`{text}` is more than one character")
        return ord(decoded)
    return ord(body)

