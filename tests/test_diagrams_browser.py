"""The diagrams render in a real browser: Mermaid (from npm) in headless Chromium (Debian's).

Every example's diagram, the diagram of a trace and of an imported hand-drawn
diagram are rendered in one Chromium run; each must render without a Mermaid error,
and its SVG must show every participant and every message label. Skipped when
Chromium or npm is missing; `diagrams/browser/node_modules` is installed with `npm ci`
when missing (`make browser` does both ahead of time).
"""

from __future__ import annotations

import shutil
import time

import pytest

from choreo_erl.core.source import Source
from choreo_erl.diagrams import mermaid as M
from choreo_erl.diagrams.mermaid_import import import_mermaid, read_mermaid
from choreo_erl.diagrams.render import find_chromium, render_svgs, svg_texts
from choreo_erl.diagrams.sequence import messages
from choreo_erl.diagrams.trace import trace_mermaid
from choreo_erl.pipeline import read_source
from tests.support.examples import example_files
from tests.test_diagrams import EDGE, EVENTS, HAND_DRAWN, diagram_of_source

pytestmark = pytest.mark.skipif(
    find_chromium() is None or shutil.which("node") is None or shutil.which("npm") is None,
    reason="needs Debian's chromium, node and npm (make browser installs them)")


def _diagrams() -> dict[str, str]:
    out = {f"example {p.stem}": M.render(diagram_of_source(read_source(p)))
           for p in example_files()}
    out["trace"] = trace_mermaid(EVENTS)
    imported = Source("order.chor", import_mermaid(Source("order.mmd", HAND_DRAWN)))
    out["imported"] = M.render(diagram_of_source(imported))
    out["edge"] = M.render(diagram_of_source(Source("edge.chor", EDGE)))
    return out


@pytest.fixture(scope="module")
def rendered():
    diagrams = _diagrams()
    start = time.monotonic()
    svgs = render_svgs(list(diagrams.values()))
    print(f"\nrendered {len(svgs)} diagrams in {time.monotonic() - start:.1f} s")
    return {name: (text, svg) for (name, text), svg in zip(diagrams.items(), svgs,
                                                           strict=True)}


CASES = [*(f"example {p.stem}" for p in example_files()), "trace", "imported", "edge"]


@pytest.mark.parametrize("name", CASES)
def test_renders_with_every_participant_and_message(rendered, name):
    text, svg = rendered[name]
    assert not isinstance(svg, Exception), f"Mermaid rejected {name}: {svg}\n{text}"
    shown = svg_texts(svg)
    diagram = read_mermaid(Source(name, text))
    for p in diagram.participants:
        label = p.label if p.label is not None else p.name
        assert label in shown, f"participant {label!r} not in the SVG of {name}"
    arrows = list(messages(diagram.items))
    assert arrows
    for m in arrows:
        assert m.label in shown, f"message {m.label!r} not in the SVG of {name}"
    # Mermaid draws `->>` as messageLine0 and `-->>` as the dashed messageLine1.
    assert svg.count('class="messageLine1"') == sum(m.dashed for m in arrows)
    assert svg.count('class="messageLine0"') == sum(not m.dashed for m in arrows)


def test_a_bad_diagram_is_reported(rendered):
    [result] = render_svgs(["sequenceDiagram\n    A->>B: x\n    end\n"])
    assert isinstance(result, Exception)
