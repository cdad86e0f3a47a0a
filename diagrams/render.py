"""Mermaid text to SVG with the `mermaid` npm package in headless Chromium.

Used by the browser test and to draw the pictures of `docs/diagrams.md`; it needs
Debian's `chromium` and `npm` (for `npm ci` in `diagrams/browser/`, done here when
`node_modules` is missing). No browser is downloaded: Chromium loads a local page that
runs Mermaid's browser bundle, and `--dump-dom` prints the page once Mermaid has
written each SVG (escaped) into it.

    python -m choreo_erl.diagrams.render IN.mmd OUT.svg
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSER_DIR = Path(__file__).resolve().parent / "browser"
MERMAID_JS = Path("node_modules") / "mermaid" / "dist" / "mermaid.min.js"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-file-access-from-files",
]


class RenderError(Exception):
    pass


def find_chromium() -> str | None:
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def ensure_mermaid(browser_dir: Path = BROWSER_DIR) -> Path:
    """The path of Mermaid's browser bundle; runs `npm ci` first if it is missing."""
    bundle = browser_dir / MERMAID_JS
    if bundle.exists():
        return bundle
    npm = shutil.which("npm")
    if npm is None:
        raise RenderError("npm is not installed: it installs the `mermaid` package")
    res = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                         cwd=browser_dir, capture_output=True, text=True, timeout=900)
    if res.returncode != 0 or not bundle.exists():
        raise RenderError(f"`npm ci` in {browser_dir} failed:\n{res.stdout}{res.stderr}")
    return bundle


_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>mermaid</title>
<script src="{bundle}"></script></head>
<body>
<script>
const sources = {sources};
mermaid.initialize({{startOnLoad: false, securityLevel: 'strict', theme: 'default'}});
(async () => {{
  for (let i = 0; i < sources.length; i++) {{
    const pre = document.createElement('pre');
    pre.id = 'out-' + i;
    try {{
      const {{svg}} = await mermaid.render('{prefix}' + i, sources[i]);
      pre.className = 'svg';
      pre.textContent = svg;
    }} catch (e) {{
      pre.className = 'error';
      pre.textContent = String(e && e.message || e);
    }}
    document.body.appendChild(pre);
  }}
  document.body.setAttribute('data-done', String(sources.length));
}})();
</script></body></html>
"""

_OUT = re.compile(r'<pre id="out-(\d+)" class="(svg|error)">(.*?)</pre>', re.S)


def render_svgs(sources: list[str], prefix: str = "mermaid-", timeout: float = 300,
                budget_ms: int = 20000) -> list[str | RenderError]:
    """Render each Mermaid text; an SVG string per source, or the RenderError Mermaid
    raised for it. Raises RenderError when Chromium itself fails."""
    chromium = find_chromium()
    if chromium is None:
        raise RenderError("Chromium is not installed (apt-get install -y chromium)")
    bundle = ensure_mermaid()
    with tempfile.TemporaryDirectory(prefix="choreo-mermaid-") as tmp:
        page = Path(tmp) / "page.html"
        data = json.dumps(sources).replace("</", "<\\/")
        page.write_text(_PAGE.format(bundle=bundle.as_uri(), sources=data, prefix=prefix),
                        encoding="utf-8")
        profile = Path(tmp) / "profile"
        res = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--virtual-time-budget={budget_ms}", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=timeout)
    dom = res.stdout
    if f'data-done="{len(sources)}"' not in dom:
        raise RenderError(f"Chromium did not finish rendering (exit {res.returncode}):\n"
                          + res.stderr[-2000:])
    found: dict[int, str | RenderError] = {}
    for m in _OUT.finditer(dom):
        text = html.unescape(m.group(3))
        found[int(m.group(1))] = text if m.group(2) == "svg" else RenderError(text)
    return [found.get(i, RenderError("no output")) for i in range(len(sources))]


def svg_texts(svg: str) -> list[str]:
    """Every piece of text that an SVG shows, in document order."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    out: list[str] = []
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag in ("style", "title", "desc"):
            continue
        if el.text and el.text.strip():
            out.append(el.text.strip())
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: python -m choreo_erl.diagrams.render IN.mmd OUT.svg\n")
        return 2
    src, out = Path(argv[0]), Path(argv[1])
    stem = re.sub(r"[^A-Za-z0-9]+", "-", out.stem)
    [svg] = render_svgs([src.read_text(encoding="utf-8")], prefix=f"{stem}-")
    if isinstance(svg, RenderError):
        sys.stderr.write(f"error: {svg}\n")
        return 1
    out.write_text(svg + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
