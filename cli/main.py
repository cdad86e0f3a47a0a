"""The `choreo-erl` command line. Each command imports only what it needs, to start fast."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

app = typer.Typer(
    name="choreo-erl",
    help="Compile choreographies to Erlang/OTP.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help texts show Erlang terms such as `[book, 2]`: no Rich markup.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        _emit(f"choreo-erl {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version of choreo-erl and exit."),
) -> None:
    """Compile choreographies to Erlang/OTP."""


class Format(StrEnum):
    text = "text"
    json = "json"


def _emit(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text if text.endswith("\n") else text + "\n")


@app.command()
def check(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                       help="The .chor files to check."),
    format: Format = typer.Option(Format.text, "--format", help="text, or json for tools."),
    explain: bool = typer.Option(False, "--explain",
                                 help="Show how each role learns each choice."),
    strict_choice: bool = typer.Option(False, "--strict-choice",
                                       help="Make every selection the compiler inserts an error."),
) -> None:
    """Check choreographies: syntax, roles, variables, calls. Exit 1 on any error."""
    from .commands.check import run_check

    raise typer.Exit(run_check(files, format.value, explain, strict_choice))


@app.command()
def compile(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                       help="The .chor files to compile."),
    out: Path = typer.Option(..., "-o", "--out", file_okay=False,
                             help="Directory for the generated Erlang modules."),
    format: Format = typer.Option(Format.text, "--format", help="text, or json for tools."),
    strict_choice: bool = typer.Option(False, "--strict-choice",
                                       help="Make every selection the compiler inserts an error."),
    elixir: str = typer.Option(None, "--elixir", metavar="APP",
                               help="Also write the Elixir API module of each choreography "
                                    "(APP.Chor, e.g. Shop.Shipping for APP shop) to OUT."),
) -> None:
    """Compile choreographies to Erlang modules in OUT (unchanged files are not rewritten)."""
    from .commands.compile import run_compile

    raise typer.Exit(run_compile(files, out, format.value, strict_choice, elixir))


@app.command()
def run(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="The .chor file."),
    args: str = typer.Option("#{}", "--args",
                             help="Start arguments per role, as an Erlang map: "
                                  "'#{alice => [book, 2]}'."),
    choreography: str = typer.Option(None, "--choreography", "-c",
                                     help="Which choreography of the file (default: the "
                                          "one no other calls)."),
    impl_dir: list[Path] = typer.Option([], "--impl-dir",
                                        help="More directories with implementation modules "
                                             "(*_impl.erl beside the .chor are always used)."),
    timeout: str = typer.Option("infinity", "--timeout", help="Session deadline in ms."),
    trace: bool = typer.Option(False, "--trace", help="Print every message the roles sent."),
    diagram: bool = typer.Option(False, "--diagram",
                                 help="Also print the session as a Mermaid sequence diagram."),
    crash_reports: bool = typer.Option(False, "--crash-reports",
                                       help="Show OTP's crash reports of roles that crashed."),
) -> None:
    """Compile, build with erlc and run one session; print each role's result."""
    from .commands.run import run_session

    raise typer.Exit(run_session(file, choreography, args, impl_dir, timeout, trace, diagram,
                                 crash_reports))


@app.command()
def new(
    name: str = typer.Argument(..., help="The application's name: a lowercase Erlang atom, "
                                         "e.g. `shop`."),
    from_file: Path = typer.Option(None, "--from", exists=True, dir_okay=False, readable=True,
                                   help="Start from this .chor file (and the *_impl.erl "
                                        "modules beside it) instead of the shipping example."),
    parent: Path = typer.Option(Path("."), "--dir", file_okay=False,
                                help="Create the project in PARENT/NAME (default: here)."),
    commit_generated: bool = typer.Option(
        False, "--commit-generated",
        help="Keep the generated code in git, so that a checkout builds without "
             "choreo-erl (and without Python) until a .chor file changes."),
    mix: bool = typer.Option(False, "--mix",
                             help="Make a Mix project (Elixir) instead of a rebar3 one."),
) -> None:
    """Create a rebar3 (or, with --mix, Mix) application: a choreography, supervisors,
    tests, and what regenerates the code when the choreography changes."""
    from .commands.new import run_new

    raise typer.Exit(run_new(name, from_file, parent, commit_generated, mix))


@app.command()
def init(
    directory: Path = typer.Argument(Path("."), file_okay=False,
                                     help="The project (default: here)."),
    commit_generated: bool = typer.Option(
        False, "--commit-generated",
        help="Do not git-ignore the generated code: commit it, so that a checkout "
             "builds without choreo-erl until a .chor file changes."),
    mix: bool = typer.Option(False, "--mix",
                             help="The project is a Mix project: add the Mix compiler and "
                                  "the runtime as a path dependency."),
) -> None:
    """Wire choreo-erl into an existing rebar3 (or, with --mix, Mix) project."""
    from .commands.init import run_init

    raise typer.Exit(run_init(directory, commit_generated, mix))


class DiagramFormat(StrEnum):
    mermaid = "mermaid"
    plantuml = "plantuml"


@app.command()
def diagram(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="The .chor file."),
    choreography: str = typer.Option(None, "--choreography", "-c",
                                     help="Which choreography of the file (default: the "
                                          "one no other calls)."),
    format: DiagramFormat = typer.Option(DiagramFormat.mermaid, "--format",
                                         help="mermaid or plantuml."),
    out: Path = typer.Option(None, "-o", "--out", dir_okay=False,
                             help="Write the diagram to this file instead of stdout."),
) -> None:
    """Draw a choreography as a sequence diagram (Mermaid or PlantUML)."""
    from .commands.diagram import run_diagram

    raise typer.Exit(run_diagram(file, choreography, format.value, out))


@app.command(name="import")
def import_diagram(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="The Mermaid sequence diagram (.mmd)."),
    name: str = typer.Option(None, "--name",
                             help="The choreography's name (default: the diagram's title, "
                                  "else the file's name)."),
    out: Path = typer.Option(None, "-o", "--out", dir_okay=False,
                             help="Write the .chor to this file instead of stdout."),
) -> None:
    """Turn a Mermaid sequence diagram into a choreography that checks."""
    from .commands.import_mmd import run_import

    raise typer.Exit(run_import(file, name, out))


def main() -> None:
    try:
        app()
    except OSError as exc:
        # A path given on the command line that cannot be read or written (a regular
        # file where a directory is needed, no permission, a full disk): say so, no
        # traceback.
        where = f": {exc.filename}" if exc.filename is not None else ""
        sys.stderr.write(f"error: {exc.strerror or exc}{where}\n")
        raise SystemExit(1) from None
