#!/usr/bin/env bash
# Chromium (from Debian) and the mermaid npm package, to render diagrams in tests.
# Without root, or without node/npm, the browser tests skip with a reason.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Chromium from Debian (for the diagram rendering tests)..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else
        echo "note: chromium is not installed; diagram rendering tests will be skipped" >&2
    fi
fi
if command -v npm >/dev/null 2>&1 && \
        [ ! -f diagrams/browser/node_modules/mermaid/dist/mermaid.min.js ]; then
    (cd diagrams/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
