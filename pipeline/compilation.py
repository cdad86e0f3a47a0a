"""One `.chor` file through the stages: source → program → projection → modules.

Each stage runs once, when a command first asks for its result, on the deep-stack
thread (`core.deep`), so that every input `check` accepts goes through every stage;
a stage that rejects the input raises a `ChoreoError` that carries the source its
diagnostics point into. The stages are imported when needed, so that a command that
only checks does not load the back end.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from choreo_erl.core.deep import run_deep
from choreo_erl.core.diagnostics import (
    ChoreoErlError,
    ChoreoError,
    Diagnostic,
    SourceError,
    UsageError,
)
from choreo_erl.core.source import NO_SPAN, Source, Span

if TYPE_CHECKING:
    from choreo_erl.diagrams.sequence import Diagram
    from choreo_erl.parser import ast as A
    from choreo_erl.projector.project import Projection

T = TypeVar("T")
Stage = Literal["program", "projection", "modules"]


def read_source(path: str | Path) -> Source:
    """Read a `.chor` file; bytes that are not UTF-8 give a located error (SourceError)."""
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is not part of the text
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        line = prefix.count("\n") + 1
        col = len(prefix) - (prefix.rfind("\n") + 1) + 1
        src = Source(str(path), prefix)
        raise SourceError(src, Diagnostic(
            "E0009", "this file is not valid UTF-8", Span(line, col, line, col),
            hint="save the file as UTF-8")) from None
    return Source(str(path), text)


class Compilation:
    """One file's way through the stages; each property computes its stage once.

    `program` (parse and checks), `projection` (knowledge of choice and endpoint
    projection), `modules` (the generated Erlang, file name → text), `roots` and
    `entry` (which choreographies start sessions), `diagram(name)`. A stage's error is
    kept and raised again to whoever asks for it or for a later stage.
    """

    def __init__(self, source: Source, strict_choice: bool = False,
                 out_dir: str | Path | None = None) -> None:
        self.source = source
        self.strict_choice = strict_choice
        # Where the modules will be written: their `-file` attributes then name the
        # source relative to it, so the output does not depend on the working directory.
        self.out_dir = out_dir
        self._done: dict[str, Any] = {}

    @classmethod
    def read(cls, path: str | Path, strict_choice: bool = False,
             out_dir: str | Path | None = None) -> Compilation:
        """The compilation of a file; raises SourceError if it cannot be read as text."""
        return cls(read_source(path), strict_choice, out_dir)

    # -------------------------------------------------------- the stages

    @property
    def program(self) -> A.Program:
        """The parsed and checked program."""

        def work() -> A.Program:
            from choreo_erl.checks.program import check_program
            from choreo_erl.parser.parse import parse_source

            program = parse_source(self.source)
            errors = check_program(program)
            if errors:
                raise ChoreoError(errors)
            return program

        return self._stage("program", work)

    @property
    def warnings(self) -> list[Diagnostic]:
        """What is legal but most likely not meant (W0001, ...); never fails a command."""
        program = self.program

        def work() -> list[Diagnostic]:
            from choreo_erl.checks.warnings import program_warnings

            return program_warnings(program)

        return self._stage("warnings", work)

    @property
    def projection(self) -> Projection:
        """Every role's process of every choreography (with `--strict-choice`, an inserted
        selection is an error)."""
        program = self.program

        def work() -> Projection:
            from choreo_erl.projector.project import project_program

            return project_program(program, strict_choice=self.strict_choice)

        return self._stage("projection", work)

    @property
    def modules(self) -> dict[str, str]:
        """The generated Erlang: file name → text, the shared runtime modules included."""
        projection = self.projection

        def work() -> dict[str, str]:
            from choreo_erl.backends.erlang.emit import emit_program
            from choreo_erl.checks.families import erlang_backend_problem

            unsupported = erlang_backend_problem(projection.program)
            if unsupported is not None:
                raise ChoreoError([unsupported])

            path = self.source.path
            if self.out_dir is not None:
                path = os.path.relpath(os.path.abspath(path), os.path.abspath(self.out_dir))
            # A path that is not UTF-8 (bytes kept as surrogates) is named in the generated
            # UTF-8 source with U+FFFD in place of its odd bytes.
            shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return emit_program(projection, shown)

        return self._stage("modules", work)

    @property
    def roots(self) -> tuple[str, ...]:
        """The choreographies no *other* one calls, in file order: those that start
        sessions (a choreography that calls itself is still a root)."""
        program = self.program

        def work() -> tuple[str, ...]:
            from choreo_erl.parser import ast as A

            called: set[str] = set()
            for chor in program.choreographies:
                called |= {s.name for s in A.statements(chor.body)
                           if isinstance(s, A.ChorCall) and s.name != chor.name}
            return tuple(c.name for c in program.choreographies if c.name not in called)

        return self._stage("roots", work)

    @property
    def entry(self) -> str:
        """The file's entry point, for `run` and `diagram`: the last root (the helpers a
        file's main choreography calls come before it), else the last choreography.
        A file without any choreography has no entry point (a ChoreoError)."""
        chors = self.program.choreographies
        if not chors:
            raise ChoreoError([Diagnostic(
                None, "this file has no choreography", NO_SPAN,
                hint="write one: `choreography name(A, B) { ... }`")], self.source)
        return (self.roots or (chors[-1].name,))[-1]

    def choreography(self, name: str | None) -> str:
        """`name` if the file has it (UsageError if not), else the entry point."""
        if name is None:
            return self.entry
        if self.program.get(name) is None:
            raise UsageError(f"{self.source.path} has no choreography `{name}`")
        return name

    def diagram(self, name: str | None = None) -> Diagram:
        """Choreography `name` (default: the entry point) as a sequence diagram."""
        chosen = self.choreography(name)
        projection = self.projection

        def work() -> Diagram:
            from choreo_erl.diagrams.sequence import choreography_diagram

            return choreography_diagram(self.program, chosen, projection, self.source)

        return self._stage(f"diagram {chosen}", work)

    def diagram_text(self, name: str | None = None,
                     fmt: str = "mermaid") -> str:
        """The diagram of choreography `name` as text: `mermaid` or `plantuml`."""
        diagram = self.diagram(name)

        def work() -> str:
            if fmt == "plantuml":
                from choreo_erl.diagrams.plantuml import render
            else:
                from choreo_erl.diagrams.mermaid import render
            return render(diagram)

        return self._stage(f"diagram {self.choreography(name)} {fmt}", work)

    @property
    def module_spans(self) -> dict[str, Span]:
        """Where the choreography or role that generates each Erlang module is declared
        (the API module of a choreography, the module of each of its roles)."""
        program = self.program

        def work() -> dict[str, Span]:
            from choreo_erl.core.names import role_module

            spans: dict[str, Span] = {}
            for chor in program.choreographies:
                spans.setdefault(chor.name, chor.name_span)
                for role in chor.roles:
                    spans.setdefault(role_module(chor.name, role.name), role.span)
            return spans

        return self._stage("module spans", work)

    def run_until(self, stage: Stage) -> None:
        """Run the stages up to `stage` (for a command that wants only their verdict);
        raises the first stage's error."""
        getattr(self, stage)

    # -------------------------------------------------------- running a stage

    def _stage(self, key: str, work: Callable[[], T]) -> T:
        if key not in self._done:
            try:
                self._done[key] = ("ok", run_deep(work))
            except ChoreoErlError as exc:
                if exc.source is None:
                    exc.source = self.source
                self._done[key] = ("error", exc)
            except RecursionError:
                self._done[key] = ("error", ChoreoError([Diagnostic(
                    "E0008", "this choreography is nested too deeply to compile",
                    Span(1, 1, 1, 1),
                    hint="split it into smaller choreographies and call them")], self.source))
        outcome, value = self._done[key]
        if outcome == "error":
            raise value
        return value


def front_end(source: Source) -> A.Program:
    """Parse and check `source`; raises ChoreoError with every diagnostic of the file."""
    return Compilation(source).program


def compile_file(path: str | Path, strict_choice: bool = False) -> dict[str, str]:
    """The generated modules of one file; raises ChoreoError (SourceError) on bad input."""
    return Compilation.read(path, strict_choice).modules
