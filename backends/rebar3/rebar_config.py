"""Conservative edits of an existing `rebar.config`, for `choreo-erl init`.

The file is edited as text, so that its comments and layout stay: a small scanner
finds the top-level terms (skipping comments, strings, quoted atoms and character
literals), and the wiring goes either into an existing `plugins` / `provider_hooks`
term, at the front of its list, or in new terms at the end. Erlang then reads the
old and the new file with `file:consult/1` and checks that nothing but the wiring
changed (`verify`); if it did not work out, nothing is written and the caller
shows the lines to add by hand.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from choreo_erl.core.diagnostics import ConfigError

PLUGIN = "rebar3_choreo"
RUNTIME = "choreo_runtime"
HOOK = "{compile, {choreo, compile}}"


@dataclass(frozen=True)
class Term:
    start: int
    end: int  # just after the terminating dot
    key: str | None  # the first element of a top-level tuple


def blank_comments(text: str) -> str:
    """The text with every comment replaced by spaces (same length, same offsets)."""
    out = list(text)
    i, quote = 0, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "$":
            i += 1 + (text[i + 1: i + 2] == "\\")
        elif ch == "%":
            while i < len(text) and text[i] != "\n":
                out[i] = " "
                i += 1
            continue
        i += 1
    return "".join(out)


def _code_only(text: str) -> str:
    """Comments, strings and quoted atoms blanked: only code is left to search."""
    code = list(blank_comments(text))
    i, quote = 0, ""
    while i < len(code):
        ch = code[i]
        if quote:
            if ch == "\\":
                code[i] = " "
                if i + 1 < len(code):
                    code[i + 1] = " "
                i += 2
                continue
            if ch == quote:
                quote = ""
            else:
                code[i] = " "
        elif ch in "\"'":
            quote = ch
        elif ch == "$" and i + 1 < len(code):
            code[i + 1] = " "
            i += 2
            continue
        i += 1
    return "".join(code)


def top_level_terms(text: str) -> list[Term]:
    code = _code_only(text)
    terms, depth, start = [], 0, None
    for i, ch in enumerate(code):
        if start is None:
            if ch.isspace():
                continue
            start = i
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                raise ConfigError(f"unbalanced `{ch}` at offset {i}")
        elif ch == "." and depth == 0 and (i + 1 == len(code) or code[i + 1].isspace()):
            m = re.match(r"\{\s*([a-z][A-Za-z0-9_@]*)\s*,", code[start:i])
            terms.append(Term(start, i + 1, m.group(1) if m else None))
            start = None
    if start is not None and code[start:].strip():
        raise ConfigError("the last term has no terminating `.`")
    return terms


def _insert_first(text: str, code: str, open_at: int, item: str) -> str:
    """Insert item as the first element of the list whose `[` is at open_at."""
    j = open_at + 1
    while j < len(code) and code[j].isspace():
        j += 1
    if code[j] == "]":
        return text[:j] + item + text[j:]
    gap = text[open_at + 1: j] or " "
    if "\n" not in gap:
        gap = " "
    return text[:j] + item + "," + gap + text[j:]


@dataclass
class Edit:
    text: str
    changes: list[str]  # what was done, for the user


def wire(text: str, executable: str | None = None) -> Edit:
    """The config with the plugin, its hook, the runtime dependency and the choreo
    options; raises ConfigError. `executable` (a command or a path) is written only
    when given: by default the plugin finds `choreo-erl` on the PATH."""
    terms = top_level_terms(text)
    by_key: dict[str, list[Term]] = {}
    for t in terms:
        if t.key:
            by_key.setdefault(t.key, []).append(t)
    for key in ("plugins", "provider_hooks", "choreo", "deps"):
        if len(by_key.get(key, [])) > 1:
            raise ConfigError(f"it has {len(by_key[key])} `{key}` terms")
    changes: list[str] = []
    append: list[str] = []

    # Edits inside existing terms go from the end of the file backwards, so
    # that the offsets of the earlier terms stay valid.
    inside: list[tuple[int, str, str]] = []  # (offset of the term, which, ...)

    plugins = by_key.get("plugins", [None])[0]
    if plugins is None:
        append.append(f"{{plugins, [{PLUGIN}]}}.")
        changes.append(f"added {{plugins, [{PLUGIN}]}}")
    else:
        body = _code_only(text[plugins.start: plugins.end])
        if not re.search(rf"(?<![A-Za-z0-9_@']){PLUGIN}(?![A-Za-z0-9_@'])", body):
            m = re.match(r"\{\s*plugins\s*,\s*\[", body)
            if not m:
                raise ConfigError("its `plugins` value is not a list")
            inside.append((plugins.start + m.end() - 1, PLUGIN, f"added {PLUGIN} to plugins"))

    deps = by_key.get("deps", [None])[0]
    if deps is None:
        append.append(f"{{deps, [{RUNTIME}]}}.")
        changes.append(f"added {{deps, [{RUNTIME}]}}")
    else:
        body = _code_only(text[deps.start: deps.end])
        if not re.search(rf"(?<![A-Za-z0-9_@']){RUNTIME}(?![A-Za-z0-9_@'])", body):
            m = re.match(r"\{\s*deps\s*,\s*\[", body)
            if not m:
                raise ConfigError("its `deps` value is not a list")
            inside.append((deps.start + m.end() - 1, RUNTIME, f"added {RUNTIME} to deps"))

    hooks = by_key.get("provider_hooks", [None])[0]
    if hooks is None:
        append.append(f"{{provider_hooks, [{{pre, [{HOOK}]}}]}}.")
        changes.append("added the hook {pre, [{compile, {choreo, compile}}]}")
    else:
        body = _code_only(text[hooks.start: hooks.end])
        if not re.search(r"\{\s*choreo\s*,\s*compile\s*\}", body):
            pres = list(re.finditer(r"\{\s*pre\s*,\s*\[", body))
            if len(pres) > 1:
                raise ConfigError("its `provider_hooks` has more than one `pre` list")
            if pres:
                inside.append((hooks.start + pres[0].end() - 1, HOOK,
                               "added {compile, {choreo, compile}} to the pre provider_hooks"))
            else:
                m = re.match(r"\{\s*provider_hooks\s*,\s*\[", body)
                if not m:
                    raise ConfigError("its `provider_hooks` value is not a list")
                inside.append((hooks.start + m.end() - 1, f"{{pre, [{HOOK}]}}",
                               "added {pre, [{compile, {choreo, compile}}]} to provider_hooks"))

    if "choreo" not in by_key:
        opts = f"{{executable, {_erlang_string(executable)}}}" if executable else ""
        append.append(f"{{choreo, [{opts}]}}.")
        changes.append("added the choreo options" + (f" (choreo-erl is {executable})"
                                                      if executable else ""))

    for offset, item, change in sorted(inside, reverse=True):
        text = _insert_first(text, _code_only(text), offset, item)
        changes.append(change)
    if append:
        if not text.endswith("\n"):
            text += "\n"
        text += ("\n%% choreo-erl (added by `choreo-erl init`): the rebar3_choreo plugin, loaded\n"
                 "%% from _checkouts/rebar3_choreo, regenerates the Erlang of the changed\n"
                 "%% chor/*.chor files into src/choreo_gen/ before every compile, with the\n"
                 "%% `choreo-erl` on the PATH; the runtime comes from _checkouts/choreo_runtime.\n"
                 + "\n".join(append) + "\n")
    return Edit(text, changes)


def manual_lines(executable: str | None = None) -> str:
    """What to add by hand when the file cannot be edited."""
    opts = f"{{executable, {_erlang_string(executable)}}}" if executable else ""
    return (f"    {{deps, [{RUNTIME}]}}.                         % or add it to your deps\n"
            f"    {{plugins, [{PLUGIN}]}}.                          % or add it to your list\n"
            f"    {{provider_hooks, [{{pre, [{HOOK}]}}]}}.  % or add it to your pre hooks\n"
            f"    {{choreo, [{opts}]}}.")


def _erlang_string(text: str | None) -> str:
    return '"' + (text or "").replace("\\", "\\\\").replace('"', '\\"') + '"'


_VERIFY = r"""
Keys = [plugins, provider_hooks, choreo, deps],
Hook = {compile, {choreo, compile}},
Strip = fun(Ts) -> [T || T <- Ts, not (is_tuple(T) andalso tuple_size(T) > 0
                                      andalso lists:member(element(1, T), Keys))] end,
Get = fun(K, L) when is_list(L) -> proplists:get_value(K, L, []); (_, _) -> [] end,
Pre = fun(Hooks) -> Get(pre, Hooks) -- [Hook] end,
Others = fun(Hooks) -> [H || H <- Hooks, not (is_tuple(H) andalso element(1, H) =:= pre)] end,
Result =
    case {file:consult(OldPath), file:consult(NewPath)} of
        {{error, E}, _} -> {old, file:format_error(E)};
        {_, {error, E}} -> {new, file:format_error(E)};
        {{ok, Old}, {ok, New}} ->
            PO = Get(plugins, Old), PN = Get(plugins, New),
            HO = Get(provider_hooks, Old), HN = Get(provider_hooks, New),
            Checks = [{other_terms, Strip(Old) =:= Strip(New)},
                      {plugin, lists:member(rebar3_choreo, PN)},
                      {other_plugins, PN -- [rebar3_choreo] =:= PO -- [rebar3_choreo]},
                      {runtime, lists:member(choreo_runtime, Get(deps, New))},
                      {other_deps, Get(deps, New) -- [choreo_runtime] =:=
                                       Get(deps, Old) -- [choreo_runtime]},
                      {hook, lists:member(Hook, Get(pre, HN))},
                      {other_pre_hooks, Pre(HN) =:= Pre(HO)},
                      {other_hooks, Others(HN) =:= Others(HO)},
                      {choreo, lists:keymember(choreo, 1, New) andalso
                               (not lists:keymember(choreo, 1, Old) orelse
                                lists:keyfind(choreo, 1, Old) =:= lists:keyfind(choreo, 1, New))}],
            case [What || {What, false} <- Checks] of
                [] -> ok;
                Failed -> {mismatch, Failed}
            end
    end,
io:format("~tp~n", [Result]),
halt().
"""


def verify(old_text: str, new_text: str) -> None:
    """Erlang reads both files; raises ConfigError unless only the wiring changed."""
    with tempfile.TemporaryDirectory(prefix="choreo-init-") as tmp:
        old, new = Path(tmp) / "old.config", Path(tmp) / "new.config"
        old.write_text(old_text, encoding="utf-8")
        new.write_text(new_text, encoding="utf-8")
        code = (f"OldPath = {_erlang_string(str(old))}, NewPath = {_erlang_string(str(new))},"
                + _VERIFY)
        res = subprocess.run(["erl", "-noshell", "-noinput", "-eval", code],
                             capture_output=True, text=True)
    out = res.stdout.strip()
    if out == "ok":
        return
    if out.startswith("{old,"):
        raise ConfigError("Erlang cannot read it: " + out[5:-1].strip().strip('"'))
    raise ConfigError("the edit would have changed more than the wiring " + (out or res.stderr))
