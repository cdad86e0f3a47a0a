"""Erlang terms as written in `% run:` / `% result:` lines, rewritten as Elixir source.

Only literal terms: atoms, numbers, strings (charlists in Elixir), binaries of one
string, tuples, lists (with a `|` tail) and maps. Anything else (variables, calls,
funs, records) raises NotATerm: the caller leaves that session out.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<float>-?\d+\.\d+(?:[eE][-+]?\d+)?)
  | (?P<int>-?\d+(?:\#[0-9a-zA-Z]+)?)
  | (?P<char>\$(?:\\.|.))
  | (?P<atom>[a-z][A-Za-z0-9_@]*)
  | (?P<qatom>'(?:\\.|[^'\\])*')
  | (?P<string>"(?:\\.|[^"\\])*")
  | (?P<punct>=>|<<|>>|\#\{|[{}\[\],|])
""", re.X | re.S)

_ELIXIR_ATOM = re.compile(r"[a-z_][A-Za-z0-9_@]*[?!]?\Z")
_RESERVED = {"true", "false", "nil"}


class NotATerm(Exception):
    """The text is not a literal Erlang term that this module can rewrite."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out, i = [], 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if not m:
            raise NotATerm(f"unexpected `{text[i:i + 10]}`")
        if m.lastgroup != "space":
            out.append((m.lastgroup, m.group()))
        i = m.end()
    return out


def elixir_atom(name: str) -> str:
    """`:name`, quoted when Elixir needs it."""
    if name in ("true", "false"):
        return name
    if name == "nil" or not _ELIXIR_ATOM.match(name):
        return ':"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return ":" + name


def _unquote(text: str) -> str:
    body = text[1:-1]
    escapes = {"n": "\n", "t": "\t", "r": "\r", "s": " ", "e": "\x1b", "0": "\0"}
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append(escapes.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _elixir_string(text: str) -> str:
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("#{", "\\#{")
                  .replace("\n", "\\n").replace("\t", "\\t")) + '"'


class _Parser:
    def __init__(self, text: str):
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok[0] == "end" or (value is not None and tok[1] != value):
            raise NotATerm(f"expected `{value}`, found `{tok[1] or 'the end'}`")
        self.i += 1
        return tok

    def items(self, close: str, item) -> list[str]:
        out = []
        if self.peek()[1] == close:
            return out
        while True:
            out.append(item())
            if self.peek()[1] != ",":
                return out
            self.take(",")

    def term(self) -> str:
        kind, text = self.take()
        if kind in ("int", "float"):
            if "#" in text:
                base, digits = text.lstrip("-").split("#")
                value = int(digits, int(base)) * (-1 if text.startswith("-") else 1)
                return str(value)
            return text
        if kind == "char":
            return "?" + text[1:]
        if kind == "atom":
            return elixir_atom(text)
        if kind == "qatom":
            return elixir_atom(_unquote(text))
        if kind == "string":
            return "~c" + _elixir_string(_unquote(text))
        if text == "<<":
            kind, s = self.take()
            if kind != "string":
                raise NotATerm("only binaries of one string are supported")
            self.take(">>")
            return _elixir_string(_unquote(s))
        if text == "{":
            elems = self.items("}", self.term)
            self.take("}")
            return "{" + ", ".join(elems) + "}"
        if text == "[":
            elems = self.items("]", self.term)
            tail = ""
            if self.peek()[1] == "|":
                self.take("|")
                tail = " | " + self.term()
            self.take("]")
            return "[" + ", ".join(elems) + tail + "]"
        if text == "#{":
            pairs = self.items("}", self.pair)
            self.take("}")
            # `key: value` only when every key allows it (Elixir wants them last).
            if all(k.startswith(":") and not k.startswith(':"') for k, _ in pairs):
                return "%{" + ", ".join(f"{k[1:]}: {v}" for k, v in pairs) + "}"
            return "%{" + ", ".join(f"{k} => {v}" for k, v in pairs) + "}"
        raise NotATerm(f"`{text}` is not a literal term")

    def pair(self) -> tuple[str, str]:
        key = self.term()
        self.take("=>")
        return key, self.term()


def to_elixir(text: str) -> str:
    """The Elixir source of one Erlang term; raises NotATerm."""
    p = _Parser(text)
    out = p.term()
    if p.peek()[0] != "end":
        raise NotATerm(f"unexpected `{p.peek()[1]}` after the term")
    return out


def args_to_elixir(text: str) -> list[str]:
    """`#{a => 1}, #{}` (the arguments of a call) as Elixir sources."""
    p = _Parser(text)
    out = p.items("", p.term)
    if p.peek()[0] != "end":
        raise NotATerm(f"unexpected `{p.peek()[1]}`")
    return out
