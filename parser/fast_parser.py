"""ANTLR's generated parser with a leaner runtime underneath, for the first (SLL) pass.

The generated `ChoreoParser` is unchanged: the grammar decides every step. What is
replaced is runtime plumbing that is general in ANTLR and costs much in Python:

- `TokenList`: a token stream over a finished list of tokens that are all on the
  default channel (the grammar skips whitespace and comments), so looking ahead
  and consuming are list indexing instead of channel scans and buffer checks.
- `FastParser`: `consume`, `match`, `enterRule`, `exitRule` and `enterOuterAlt`
  for the case this pass is in: building a parse tree, no parse listeners, bailing
  out at the first error (`BailErrorStrategy`).
- `FastATNSimulator`: `adaptivePredict` first follows the edges the DFA cache
  already has; any step it has not seen yet, or any state that needs more than a
  plain prediction, goes to ANTLR's own `adaptivePredict`, which also fills the
  cache.

- The accessors the AST builder calls on every node (`ctx.expr()`, `ctx.VAR()`, …)
  go through ANTLR's `ParserRuleContext.getTypedRuleContext(s)` and `getToken(s)`,
  which scan the children through a generator. `_fast_accessors` replaces those
  four methods with loops over `children` that return the same nodes. This is the
  one change made to ANTLR's classes themselves (the generated parser creates
  its context objects from them, so a subclass cannot do it); it holds for the
  stock pass too, with the same results.

This pass only ever accepts a file or gives up: any syntax error makes `parse.py`
parse again with ANTLR's stock lexer, parser and error strategy, so every error
message comes from the same code as before. tests/test_fast_lexer.py checks that
both passes build the same AST.
"""

from __future__ import annotations

from antlr4.atn.ParserATNSimulator import ParserATNSimulator
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.BufferedTokenStream import BufferedTokenStream
from antlr4.error.Errors import IllegalStateException
from antlr4.error.ErrorStrategy import BailErrorStrategy
from antlr4.ParserRuleContext import ParserRuleContext
from antlr4.PredictionContext import PredictionContextCache
from antlr4.Token import Token
from antlr4.tree.Tree import TerminalNode, TerminalNodeImpl

from .generated.ChoreoParser import ChoreoParser

_EOF = Token.EOF


def _fast_accessors() -> None:
    """ANTLR's child accessors, as loops over `children` (same results, same order)."""

    def get_typed_rule_context(self, ctx_type, i):
        children = self.children
        if children is not None:
            for child in children:
                if isinstance(child, ctx_type):
                    if i == 0:
                        return child
                    i -= 1
        return None

    def get_typed_rule_contexts(self, ctx_type):
        children = self.children
        if children is None:
            return []
        return [child for child in children if isinstance(child, ctx_type)]

    def get_token(self, ttype, i):
        children = self.children
        if children is not None:
            for child in children:
                if isinstance(child, TerminalNode) and child.symbol.type == ttype:
                    if i == 0:
                        return child
                    i -= 1
        return None

    def get_tokens(self, ttype):
        children = self.children
        if children is None:
            return []
        return [child for child in children
                if isinstance(child, TerminalNode) and child.symbol.type == ttype]

    ParserRuleContext.getTypedRuleContext = get_typed_rule_context
    ParserRuleContext.getTypedRuleContexts = get_typed_rule_contexts
    ParserRuleContext.getToken = get_token
    ParserRuleContext.getTokens = get_tokens


_fast_accessors()


class TokenList(BufferedTokenStream):
    """A token stream over `tokens` (EOF last), every one on the default channel."""

    def __init__(self, tokens: list[Token]) -> None:
        super().__init__(None)
        self.tokens = tokens
        self.index = 0
        self.fetchedEOF = True
        self._last = len(tokens) - 1

    def LT(self, k: int):  # noqa: N802 (ANTLR's name)
        if k == 1:
            return self.tokens[self.index]
        if k > 1:
            return self.tokens[min(self.index + k - 1, self._last)]
        if k == -1:
            return self.tokens[self.index - 1] if self.index > 0 else None
        if k == 0:
            return None
        i = self.index + k
        return self.tokens[i] if i >= 0 else None

    def LA(self, k: int) -> int:  # noqa: N802
        tok = self.LT(k)
        return tok.type if tok is not None else Token.INVALID_TYPE

    def LB(self, k: int):  # noqa: N802
        return self.LT(-k)

    def consume(self) -> None:
        if self.tokens[self.index].type == _EOF:
            raise IllegalStateException("cannot consume EOF")
        self.index += 1

    def seek(self, index: int) -> None:
        self.index = min(max(index, 0), self._last)

    def adjustSeekIndex(self, i: int) -> int:  # noqa: N802
        return min(max(i, 0), self._last)

    def lazyInit(self) -> None:  # noqa: N802
        pass

    def sync(self, i: int) -> bool:
        return i <= self._last

    def fetch(self, n: int) -> int:
        return 0

    def getSourceName(self) -> str:  # noqa: N802
        return "<tokens>"


class FastATNSimulator(ParserATNSimulator):
    """Predicts from the DFA cache alone when it can, as ANTLR's `execATN` would."""

    def adaptivePredict(self, input, decision, outerContext):  # noqa: N802, A002
        dfa = self.decisionToDFA[decision]
        if dfa.precedenceDfa:
            precedence = self.parser.getPrecedence()
            edges = dfa.s0.edges
            s = edges[precedence] if 0 <= precedence < len(edges) else None
        else:
            s = dfa.s0
        if s is not None:
            tokens = input.tokens
            i = input.index
            error = self.ERROR
            while True:
                edges = s.edges
                t = tokens[i].type
                if edges is None or not 0 <= t + 1 < len(edges):
                    break
                d = edges[t + 1]
                if d is None or d is error:
                    break
                if d.requiresFullContext and self.predictionMode != PredictionMode.SLL:
                    break
                if d.isAcceptState:
                    if d.predicates is None:
                        return d.prediction
                    # Precedence predicates of a left-recursive rule: they read the
                    # parser's precedence stack, not the input.
                    alts = self.evalSemanticContext(d.predicates, outerContext, True)
                    if alts:
                        return min(alts)
                    break
                s = d
                if t != _EOF:
                    i += 1
        return super().adaptivePredict(input, decision, outerContext)


class _Leaf(TerminalNodeImpl):
    """A parse tree leaf, set up without TerminalNodeImpl's per-field __setattr__."""

    __slots__ = ()
    __setattr__ = object.__setattr__

    def __init__(self, symbol, parent) -> None:
        object.__setattr__(self, "symbol", symbol)
        object.__setattr__(self, "parentCtx", parent)


class FastParser(ChoreoParser):
    """The generated parser for the SLL pass: builds the tree, bails at an error."""

    # A plain attribute instead of Recognizer's `state` property: the generated code
    # sets it before every step.
    state = -1

    def __init__(self, tokens: TokenList) -> None:
        super().__init__(tokens)
        self._interp = FastATNSimulator(self, self.atn, self.decisionsToDFA,
                                        PredictionContextCache())
        self._interp.predictionMode = PredictionMode.SLL
        self._errHandler = BailErrorStrategy()
        self.removeErrorListeners()

    def consume(self):
        stream = self._input
        tok = stream.tokens[stream.index]
        if tok.type != _EOF:
            stream.index += 1
        ctx = self._ctx
        node = _Leaf(tok, ctx)
        if ctx.children is None:
            ctx.children = [node]
        else:
            ctx.children.append(node)
        return tok

    def match(self, ttype: int):
        stream = self._input
        if stream.tokens[stream.index].type == ttype:
            return self.consume()
        return super().match(ttype)  # raises: BailErrorStrategy

    def getCurrentToken(self):  # noqa: N802
        stream = self._input
        return stream.tokens[stream.index]

    def enterRule(self, localctx, state: int, ruleIndex: int):  # noqa: N802, N803
        self.state = state
        self._ctx = localctx
        stream = self._input
        localctx.start = stream.tokens[stream.index]
        parent = localctx.parentCtx
        if parent is not None:
            if parent.children is None:
                parent.children = [localctx]
            else:
                parent.children.append(localctx)

    def exitRule(self):  # noqa: N802
        ctx = self._ctx
        stream = self._input
        ctx.stop = stream.tokens[stream.index - 1] if stream.index > 0 else None
        self.state = ctx.invokingState
        self._ctx = ctx.parentCtx

    def enterOuterAlt(self, localctx, altNum: int):  # noqa: N802, N803
        localctx.setAltNumber(altNum)
        ctx = self._ctx
        if ctx is not localctx:
            parent = ctx.parentCtx
            if parent is not None:
                parent.children[-1] = localctx
        self._ctx = localctx
