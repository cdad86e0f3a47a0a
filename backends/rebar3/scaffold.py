"""The files of a new rebar3 application (`choreo-erl new`), and the plugin copy.

`plan_project` turns a projected program into a `Project` (names, roles, sessions
to test) and `render_project` turns that into file contents; nothing here writes
to disk except `copy_plugin` and `write_files`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2

from choreo_erl import __version__
from choreo_erl.backends.erlang.build import STRICT_FLAGS
from choreo_erl.core.diagnostics import ScaffoldError
from choreo_erl.core.erlang_names import OTP_MODULES, RESERVED_WORDS
from choreo_erl.core.names import RUNTIME_MODULE, atom, impl_module, role_atom, role_module
from choreo_erl.parser import ast as A
from choreo_erl.projector.project import Projection, new_families

from .file_sync import sync_files
from .rebar_config import blank_comments

PACKAGE = "choreo_erl.backends.rebar3"
PLUGIN = "rebar3_choreo"
OUT_DIR = "src/choreo_gen"
CHOR_DIR = "chor"

# OTP's applications: an application of ours must not take one of these names.
OTP_APPS = frozenset({
    "asn1", "common_test", "compiler", "crypto", "debugger", "dialyzer", "diameter", "edoc",
    "eldap", "erl_docgen", "erl_interface", "erts", "et", "eunit", "ftp", "inets",
    "jinterface", "kernel", "megaco", "mnesia", "observer", "odbc", "os_mon", "parsetools",
    "public_key", "reltool", "runtime_tools", "sasl", "snmp", "ssh", "ssl", "stdlib",
    "syntax_tools", "tftp", "tools", "wx", "xmerl",
})

_APP_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def app_modules(name: str) -> list[str]:
    """The modules `new` writes itself (not generated from the choreography)."""
    return [f"{name}_app", f"{name}_sup", f"{name}_sessions"]


def test_modules(name: str) -> list[str]:
    return [f"{name}_tests", f"{name}_SUITE"]


def check_name(name: str) -> None:
    """Raise ScaffoldError unless NAME can name an OTP application and its modules."""
    if not _APP_NAME.match(name):
        raise ScaffoldError(
            f"`{name}` is not a valid application name: use lowercase letters, digits and "
            "`_`, starting with a letter (for example `shop` or `order_flow`)")
    if name in RESERVED_WORDS:
        raise ScaffoldError(f"`{name}` is an Erlang reserved word: choose another name")
    if name in OTP_APPS:
        raise ScaffoldError(f"`{name}` is an OTP application: choose another name")
    if name == PLUGIN or name == RUNTIME_MODULE:
        raise ScaffoldError(f"`{name}` is a module of choreo-erl: choose another name")
    taken = [m for m in [name, *app_modules(name), *test_modules(name)] if m in OTP_MODULES]
    if taken:
        raise ScaffoldError(
            f"`{name}` would clash with OTP: module `{taken[0]}` already exists in OTP; "
            "choose another name")


# ---------------------------------------------------------------------------
# The project, as the templates see it
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str  # as in the choreography, e.g. `Carol`
    atom: str
    module: str
    arity: int
    params: tuple[str, ...]
    impl: str
    callbacks: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Chor:
    name: str
    module: str  # the API module, as Erlang source
    roles: tuple[Role, ...]
    root: bool  # no other choreography of the file calls it


@dataclass(frozen=True)
class Session:
    """One session the tests run: `Chor:run(Args, Opts)`, with its expected result."""

    module: str  # the API module, as Erlang source
    args: str
    opts: str
    result: str | None
    root: bool  # the application supervises sessions of it


@dataclass(frozen=True)
class ImplFile:
    name: str  # file name, e.g. `shipping_carol_impl.erl`
    text: str
    origin: str  # "example", "copied", "copied-specs" or "stub"


@dataclass
class Project:
    name: str
    chor_file: str  # file name in chor/
    chor_text: str
    chors: list[Chor]
    sessions: list[Session]
    impls: list[ImplFile] = field(default_factory=list)
    commit_generated: bool = False  # src/choreo_gen/ goes into git (builds without Python)
    # (choreography, role) of the families that `new` starts: their callbacks go to
    # their own implementation module.
    started_by_new: frozenset[tuple[str, str]] = frozenset()

    @property
    def roots(self) -> list[Chor]:
        return [c for c in self.chors if c.root]

    @property
    def supervised(self) -> list[Session]:
        """One session per supervised choreography, for the tests of the supervisors."""
        seen: dict[str, Session] = {}
        for s in self.sessions:
            if s.root:
                seen.setdefault(s.module, s)
        return list(seen.values())

    @property
    def needs_args(self) -> list[Chor]:
        """Root choreographies with a role that takes start arguments."""
        return [c for c in self.roots if any(r.arity for r in c.roles)]

    @property
    def generated_modules(self) -> list[str]:
        mods = [RUNTIME_MODULE]
        for c in self.chors:
            mods.append(c.name)
            mods.extend(r.module for r in c.roles)
        return mods


def plan_project(name: str, chor_file: str, chor_text: str, projection: Projection,
                 impl_dir: Path | None, roots: Collection[str],
                 commit_generated: bool = False) -> Project:
    """The project for NAME around one checked and projected .chor file.

    impl_dir: where to look for `*_impl.erl` modules (beside the .chor), or None
    for the built-in example, whose implementation module comes with the templates.
    roots: the choreographies no other one calls (`Compilation.roots`), which the
    application supervises.
    """
    check_name(name)
    chors = []
    for c in projection.program.choreographies:
        roles = tuple(
            Role(r.name, atom(role_atom(r.name)), atom(role_module(c.name, r.name)),
                 len(r.params), r.params, impl_module(c.name, r.name),
                 tuple((atom(f), n) for f, n in
                       sorted(projection.callbacks.get((c.name, r.name), set()))))
            for r in c.roles)
        chors.append(Chor(c.name, atom(c.name), roles, c.name in roots))
    program = projection.program
    started_by_new = frozenset(
        (s.name, nf.callee_role) for s in A.statements(program) if isinstance(s, A.ChorCall)
        for nf in new_families(program, s))
    project = Project(name, chor_file, chor_text, chors, _sessions(chor_text, chors),
                      commit_generated=commit_generated, started_by_new=started_by_new)
    _check_modules(project)
    project.impls = _impls(project, impl_dir)
    return project


def _check_modules(project: Project) -> None:
    ours = set(app_modules(project.name)) | set(test_modules(project.name))
    for mod in project.generated_modules:
        if mod in ours:
            raise ScaffoldError(
                f"{project.chor_file} generates module `{mod}`, which the project needs for "
                f"itself: choose another application name than `{project.name}`")
        if mod in OTP_MODULES:
            raise ScaffoldError(
                f"{project.chor_file} generates module `{mod}`, which OTP already has: "
                "rename that choreography or role")


# `% run:` / `% result:` lines in the header of a .chor file (the examples' convention).
_HEADER = re.compile(r"%\s*(run|result):\s*(.*?)\s*$")
_RUN = re.compile(r"([a-z][A-Za-z0-9_]*):run\((.*)\)\Z", re.S)


def _sessions(text: str, chors: list[Chor]) -> list[Session]:
    """Sessions for the tests: the `% run:` lines of the file, else every root
    choreography whose roles take no start arguments."""
    known = {c.name: c for c in chors}
    out: list[Session] = []
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            continue
        if m.group(1) == "run":
            call = _RUN.match(m.group(2))
            parts = split_top_level(call.group(2)) if call else []
            if call and call.group(1) in known and len(parts) == 2:
                chor = known[call.group(1)]
                out.append(Session(chor.module, parts[0], parts[1], None, chor.root))
        elif out and out[-1].result is None:
            out[-1] = replace(out[-1], result=m.group(2))
    if not out:
        out = [Session(c.module, "#{}", "#{}", None, True) for c in chors
               if c.root and all(r.arity == 0 for r in c.roles)]
    return out


def split_top_level(text: str) -> list[str]:
    """`#{a => [1, 2]}, #{}` -> [`#{a => [1, 2]}`, `#{}`]: commas outside brackets,
    strings and quoted atoms."""
    parts, depth, start, i, quote = [], 0, 0, 0, ""
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
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    parts.append(text[start:].strip())
    return parts


# ---------------------------------------------------------------------------
# Implementation modules
# ---------------------------------------------------------------------------

_EXPORT = re.compile(r"-export\s*\(\s*\[(.*?)\]\s*\)", re.S)
_MODULE_ATTR = re.compile(r"^-module\s*\(.*?\)\s*\.[^\n]*\n", re.M)


def _impls(project: Project, impl_dir: Path | None) -> list[ImplFile]:
    if impl_dir is None:
        return [ImplFile(t.name, t.read_text(encoding="utf-8"), "example")
                for t in sorted(_example().iterdir(), key=lambda t: t.name)
                if t.name.endswith("_impl.erl")]
    out = []
    for chor in project.chors:
        for role in chor.roles:
            if not role.callbacks:
                continue
            # A role's callbacks go to its own module when its choreography is a root,
            # or when `new` starts it (no caller's role plays it); otherwise to the
            # module of the caller's role.
            stubbed = chor.root or (chor.name, role.name) in project.started_by_new
            path = impl_dir / f"{role.impl}.erl"
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                if _missing_specs(text):
                    out.append(ImplFile(path.name, _add_specs(text), "copied-specs"))
                else:
                    out.append(ImplFile(path.name, text, "copied"))
            elif stubbed:
                out.append(ImplFile(path.name, _render("impl_stub.erl.j2", chor=chor, role=role,
                                                        project=project), "stub"))
    return out


def _exports(text: str) -> list[tuple[str, int]]:
    out = []
    for m in _EXPORT.finditer(blank_comments(text)):
        for item in m.group(1).split(","):
            name, _, arity = item.strip().partition("/")
            if arity.strip().isdigit():
                out.append((name.strip(), int(arity)))
    return out


def _missing_specs(text: str) -> list[tuple[str, int]]:
    return [(f, n) for f, n in _exports(text)
            if not re.search(rf"^-spec\s+{re.escape(f)}\s*\(", text, re.M)]


def _add_specs(text: str) -> str:
    """Give each exported function without a -spec one of `term()`s, before its
    first clause, so that the module builds with warn_missing_spec."""
    added = False
    names = [f for f, _ in _exports(text)]
    for name, arity in _missing_specs(text):
        if names.count(name) > 1:
            continue  # which clause is which arity is beyond a text search
        code = blank_comments(text)
        m = re.search(rf"^{re.escape(name)}\s*\(", code, re.M)
        if not m:
            continue
        spec = f"-spec {name}({', '.join(['term()'] * arity)}) -> term().\n"
        text = text[: m.start()] + spec + text[m.start():]
        added = True
    if not added:
        return text
    note = ("\n%% `choreo-erl new` gave each exported function that had no -spec one of\n"
            "%% term()s (this project compiles with warn_missing_spec): make them precise.\n")
    m = _MODULE_ATTR.search(text)
    return text[: m.end()] + note + text[m.end():] if m else text


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def _files() -> Traversable:
    return resources.files(PACKAGE)


def _example() -> Traversable:
    return _files().joinpath("templates", "example")


def example_chor() -> tuple[str, str]:
    """The default choreography: (file name, text)."""
    t = _example().joinpath("shipping.chor")
    return t.name, t.read_text(encoding="utf-8")


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader(PACKAGE, "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render(template: str, **context) -> str:
    return _env().get_template(template).render(version=__version__, **context)


_render = render


def erlang_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_project(project: Project) -> dict[str, str]:
    """Relative path -> content of every file of the new project but the plugin."""
    name = project.name
    ctx = dict(project=project, name=name, out_dir=OUT_DIR, chor_dir=CHOR_DIR,
               strict_erl_opts=[flag.lstrip("+") for flag in STRICT_FLAGS])
    files = {
        "rebar.config": _render("rebar.config.j2", **ctx),
        ".gitignore": _render("gitignore.j2", **ctx),
        "README.md": _render("README.md.j2", **ctx),
        "config/sys.config": _render("sys.config.j2", **ctx),
        "config/vm.args": _render("vm.args.j2", **ctx),
        f"{CHOR_DIR}/{project.chor_file}": project.chor_text,
        f"src/{name}.app.src": _render("app.src.j2", **ctx),
        f"src/{name}_app.erl": _render("app.erl.j2", **ctx),
        f"src/{name}_sup.erl": _render("sup.erl.j2", **ctx),
        f"src/{name}_sessions.erl": _render("sessions.erl.j2", **ctx),
        f"test/{name}_tests.erl": _render("tests.erl.j2", **ctx),
        f"test/{name}_SUITE.erl": _render("SUITE.erl.j2", **ctx),
    }
    for impl in project.impls:
        files[f"src/{impl.name}"] = impl.text
    return files


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def plugin_files() -> dict[str, str]:
    """Relative path (in the plugin's directory) -> content of the rebar3 plugin."""
    out: dict[str, str] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda t: t.name):
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, rel + "/")
            elif child.name == "rebar.config" or child.name.endswith((".erl", ".app.src")):
                out[rel] = child.read_text(encoding="utf-8")

    walk(_files().joinpath(PLUGIN), "")
    return out


def copy_runtime(project_dir: Path) -> tuple[Path, bool]:
    """Write the runtime application to `_checkouts/choreo_runtime`; (its directory,
    whether it changed)."""
    from .runtime_app import APP, write_app

    dest = project_dir / "_checkouts" / APP
    return dest, write_app(dest)


def copy_plugin(project_dir: Path) -> tuple[Path, bool]:
    """Write the plugin to `_checkouts/rebar3_choreo`; (its directory, whether it changed).

    Files of an older copy that the plugin no longer has are removed.
    """
    dest = project_dir / "_checkouts" / PLUGIN
    return dest, sync_files(dest, plugin_files(),
                            lambda rel: rel == "rebar.config" or rel.startswith("src/"))
