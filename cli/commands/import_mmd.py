"""`choreo-erl import`: a Mermaid sequence diagram becomes a `.chor` that checks."""

from __future__ import annotations

import sys
from pathlib import Path

from choreo_erl.core.diagnostics import ChoreoErlError, ChoreoError
from choreo_erl.pipeline import Compilation, read_source

from .report import Reporter, fail


def run_import(file: Path, name: str | None, out: Path | None) -> int:
    from choreo_erl.core.source import Source
    from choreo_erl.diagrams.mermaid_import import import_mermaid

    try:
        source = read_source(file)
        text = import_mermaid(source, name)
    except ChoreoErlError as exc:
        if exc.source is None:
            exc.source = source
        return fail(exc)
    target = str(out) if out is not None else f"<{file.name} imported>"
    generated = Source(target, text)
    try:
        Compilation(generated).run_until("program")
    except ChoreoError as exc:
        # The diagram read well but its choreography does not check (e.g. a name that
        # clashes in Erlang): show the errors in the generated text.
        sys.stderr.write(text + "\n")
        reporter = Reporter()
        reporter.error(exc)
        reporter.finish()
        sys.stderr.write("note: `--name NAME` gives the choreography another name; "
                         "participants can be renamed in the diagram\n")
        return 1
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    return 0
