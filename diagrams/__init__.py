"""Sequence diagrams: choreographies and real runs drawn as Mermaid or PlantUML, and
Mermaid sequence diagrams read back as choreographies.

- `sequence`: the diagram as data, and the diagram of a checked and projected
  choreography (`Compilation.diagram` in `pipeline/` draws a file's);
- `mermaid`, `plantuml`: print a diagram;
- `trace`: the diagram of a session's trace events (the Erlang twin is
  `choreo_diagram` in the runtime);
- `mermaid_import`: a Mermaid sequence diagram to `.chor` text;
- `render`: Mermaid to SVG in headless Chromium (tests and docs).
"""

from __future__ import annotations

from .sequence import Diagram

__all__ = ["Diagram"]
