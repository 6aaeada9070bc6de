"""The browser app: the Blocks assembled from its panels, and how it is served.

:func:`build` puts the chat (:mod:`.chat_panel`), the side panel (:mod:`.sources_panel`)
and, when allowed, the *Add articles* panel (:mod:`.add_panel`) on one page, with the
``ask`` API beside them; every answer, quote, offset and piece of metadata comes from
:class:`accordingto.Engine`, and all HTML comes from :mod:`.render`. :func:`create_app`
and :func:`mount` put the Blocks in FastAPI behind the route guard (:mod:`.guard`).

Entry point: :func:`main` (``python app.py`` and ``accordingto serve``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import gradio as gr

from .add_panel import UPLOAD_CACHE_AGE, add_panel, wire_adding
from .adding import MAX_FILE_BYTES, MAX_FILE_SIZE, MAX_FILES, CurrentEngine
from .assets import EMBED_JS, PAGE_JS, STATIC_DIR
from .chat_panel import chat_panel, wire_chat
from .examples import load_examples
from .guard import RouteGuard, public_api_names
from .render import TITLE, header_html
from .sources_panel import sources_panel, wire_sources

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

    from ..engine import Engine

SESSION_CAPACITY = 500
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# Room for the multipart framing around the largest upload the panel takes.
UPLOAD_OVERHEAD = 64 * 1024


def build(
    engine: Engine, examples: Sequence[str] | None = None, allow_adding: bool = False
) -> gr.Blocks:
    """The Blocks app over ``engine``; ``examples`` are the questions shown before the first.

    With ``allow_adding``, an *Add articles* panel takes uploads and pasted text and updates
    the index on disk; the app then serves the updated index (see :mod:`.adding`).
    """
    if allow_adding and (engine.read_only or engine.folder is None):
        raise ValueError(
            "articles can only be added to an index saved in a folder that can be written"
        )
    examples = list(examples) if examples is not None else load_examples(engine)
    current = CurrentEngine(engine)

    def ask(question: str, k: int = 5, follow_up_to: str | None = None) -> dict:
        """Answer a question with cited verbatim quotes from the articles (the same JSON object
        as `accordingto ask --json`); `follow_up_to` is the previous question, if any."""
        return current().ask(question, k=k, follow_up_to=follow_up_to or None).to_dict()

    with gr.Blocks(
        title=f"{TITLE}: cited quotes from the news",
        analytics_enabled=False,
        delete_cache=UPLOAD_CACHE_AGE if allow_adding else None,
    ) as demo:
        with gr.Column(elem_id="at-header"):
            header = gr.HTML(header_html(engine), js_on_load=EMBED_JS, apply_default_css=False)
        conversation = gr.State(None)
        with gr.Row(equal_height=False, elem_id="at-main"):
            with gr.Column(scale=5, min_width=320, elem_id="at-chat-column"):
                chat = chat_panel(examples)
                adder = add_panel() if allow_adding else None
            side = sources_panel(engine)
        # The listeners keep the order they have always had (chat, side panel, adding, API):
        # the page's config numbers them by it.
        wire_chat(chat, side, conversation, current, examples)
        wire_sources(side, current)
        if adder is not None:
            wire_adding(adder, side, header, current, demo)
        gr.api(ask, api_name="ask")
    demo.queue(default_concurrency_limit=4, max_size=64, api_open=False)
    # Gradio keeps a copy of every component's config for each session (about 90 KB here),
    # 10,000 sessions by default: over a gigabyte for a stateless API. The oldest sessions
    # beyond this many are dropped; a browser tab only needs its own.
    demo.state_session_capacity = SESSION_CAPACITY
    return demo


def theme() -> gr.themes.Base:
    """A calm theme with system fonts (nothing is fetched from a font service)."""
    sans = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "sans-serif")
    mono = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")
    return gr.themes.Soft(primary_hue="indigo", neutral_hue="slate", font=sans, font_mono=mono)


def style_options() -> dict:
    """Theme and CSS, for ``launch()`` and ``mount_gradio_app()`` alike."""
    return {
        "theme": theme(),
        "css_paths": [STATIC_DIR / "app.css", STATIC_DIR / "citations.css"],
        "js": PAGE_JS,
    }


def max_file_size(allow_adding: bool = False) -> str:
    """Gradio's bound on one uploaded file: room for an article when adding is allowed."""
    return MAX_FILE_SIZE if allow_adding else "1mb"


def launch_options(allow_adding: bool = False) -> dict:
    """The safe launch settings: loopback, no share link, no tracebacks to users."""
    return {
        "server_name": DEFAULT_HOST,
        "share": False,
        "show_error": False,
        "max_file_size": max_file_size(allow_adding),
        "enable_monitoring": False,
        "strict_cors": True,
        **style_options(),
    }


def create_app(
    engine: Engine,
    examples: Sequence[str] | None = None,
    mcp_server: bool = False,
    allow_adding: bool = False,
) -> FastAPI:
    """A FastAPI app: the Blocks at ``/``, the web component's script at ``/gradio.js``.
    ``allow_adding`` adds the *Add articles* panel and opens the upload route it needs."""
    return mount(build(engine, examples, allow_adding), mcp_server, allow_adding)


def mount(demo: gr.Blocks, mcp_server: bool = False, allow_adding: bool = False) -> FastAPI:
    """Mount a built Blocks in FastAPI, with ``/gradio.js`` and the route guard in front
    (uploads are refused unless ``allow_adding``, for a Blocks built with it)."""
    from fastapi import FastAPI
    from fastapi.responses import FileResponse

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    shim = Path(gr.__file__).resolve().parent / "templates" / "frontend" / "gradio.js"

    @app.get("/gradio.js", include_in_schema=False)
    def gradio_js() -> FileResponse:
        # A module script from another origin needs CORS; this public file is safe to share.
        return FileResponse(
            shim, media_type="text/javascript", headers={"Access-Control-Allow-Origin": "*"}
        )

    kwargs = {"mcp_server": True} if mcp_server else {}
    app = gr.mount_gradio_app(
        app,
        demo,
        path="",
        show_error=False,
        max_file_size=max_file_size(allow_adding),
        enable_monitoring=False,
        **style_options(),
        **kwargs,
    )
    app.add_middleware(
        RouteGuard,
        blocks=demo,
        public=public_api_names(demo),
        uploads=allow_adding,
        max_upload_bytes=MAX_FILES * MAX_FILE_BYTES + UPLOAD_OVERHEAD,
    )
    return app


def _parser() -> argparse.ArgumentParser:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        prog="accordingto serve", description="Serve the accordingto chat in a browser."
    )
    parser.add_argument(
        "--host", default=env("ACCORDINGTO_HOST") or DEFAULT_HOST,
        help="address to bind (default 127.0.0.1; $ACCORDINGTO_HOST)",
    )  # fmt: skip
    parser.add_argument(
        "--port", type=int, default=int(env("ACCORDINGTO_PORT") or DEFAULT_PORT),
        help="port (default 7860; $ACCORDINGTO_PORT)",
    )  # fmt: skip
    parser.add_argument(
        "--index", default=env("ACCORDINGTO_INDEX") or None,
        help="index folder (default ./index; $ACCORDINGTO_INDEX)",
    )  # fmt: skip
    parser.add_argument(
        "--seeds", default=env("ACCORDINGTO_SEEDS") or None,
        help="articles folder used to check and rebuild the index ($ACCORDINGTO_SEEDS)",
    )  # fmt: skip
    parser.add_argument(
        "--examples", default=env("ACCORDINGTO_EXAMPLES") or None,
        help="file of example questions, one a line ($ACCORDINGTO_EXAMPLES)",
    )  # fmt: skip
    parser.add_argument(
        "--mcp", action="store_true", default=env("ACCORDINGTO_MCP") == "1",
        help="also serve the `ask` tool over MCP (needs the gradio[mcp] extra)",
    )  # fmt: skip
    parser.add_argument(
        "--allow-adding", action="store_true", default=env("ACCORDINGTO_ALLOW_ADDING") == "1",
        help="show the Add articles panel (uploads and pasted text change the index; "
        "off by default; $ACCORDINGTO_ALLOW_ADDING=1)",
    )  # fmt: skip
    return parser


def main(argv: Iterable[str] | None = None) -> None:
    """Load the engine and serve the app until interrupted."""
    args = _parser().parse_args(list(argv) if argv is not None else None)
    import uvicorn

    from ..engine import Engine

    engine = Engine.load(index_dir=args.index, seeds_dir=args.seeds)
    examples = load_examples(engine, args.examples)
    if args.allow_adding and (engine.read_only or engine.folder is None):
        raise SystemExit(
            "accordingto: --allow-adding needs an index saved in a folder that can be written "
            "(and the folder its articles came from)"
        )
    app = create_app(engine, examples, mcp_server=args.mcp, allow_adding=args.allow_adding)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"accordingto is running at http://{shown}:{args.port}/", flush=True)
    print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
