"""The page's static files: its JavaScript, read once at import (style sheets are passed to
Gradio by path, from :data:`STATIC_DIR`)."""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


def script(name: str) -> str:
    """The text of the script ``name`` in :data:`STATIC_DIR`."""
    return (STATIC_DIR / name).read_text(encoding="utf-8")


BUTTONS_JS = script("buttons.js")
SOURCES_JS = BUTTONS_JS + script("citation-links.js")
REVEAL_JS = script("reveal.js")
EMBED_JS = script("embed.js")
PAGE_JS = script("page.js")
VIEWER_JS = BUTTONS_JS + "\n" + script("viewer.js")
