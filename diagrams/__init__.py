"""Sequence diagrams: choreographies and real runs drawn as Mermaid or PlantUML, and
Mermaid sequence diagrams read back as choreographies.

- `sequence`: the diagram as data, and the diagram of a choreography;
- `mermaid`, `plantuml`: print a diagram;
- `trace`: the diagram of a session's trace events (the Erlang twin is
  `choreo_diagram` in the runtime);
- `mermaid_import`: a Mermaid sequence diagram to `.chor` text;
- `render`: Mermaid to SVG in headless Chromium (tests and docs).
"""

from __future__ import annotations

from choreo_erl.core.source import Source

from .sequence import Diagram


def diagram_of_source(source: Source, name: str | None = None) -> Diagram:
    """Parse, check and project `source`, and draw choreography `name` (default: the
    entry point, the one no other calls). Raises ChoreoError on bad input and KeyError
    for an unknown name."""
    from choreo_erl.commands.run import entry_choreography
    from choreo_erl.core.deep import run_deep
    from choreo_erl.pipeline import front_end
    from choreo_erl.projector.project import project_program

    from .sequence import choreography_diagram

    program = front_end(source)
    chosen = name or entry_choreography(program)
    if program.get(chosen) is None:
        raise KeyError(chosen)
    return run_deep(lambda: choreography_diagram(program, chosen, project_program(program),
                                                 source))
