"""The browser app: a chat of cited quotes, a sources panel, a source viewer and an API.

This module wires Gradio to :class:`accordingto.Engine`: every answer, quote, offset and
piece of metadata comes from the engine, and all HTML comes from :mod:`.render`.

Entry point: :func:`main` (``python app.py`` and ``accordingto serve``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import gradio as gr

from ..answer import escape_markdown
from ..corpus import ARTICLE_SUFFIXES
from ..questions import DEFAULT_K, MAX_K, BadQuestion, clean_question, valid_text
from .adding import (
    MAX_FILE_BYTES,
    MAX_FILE_SIZE,
    MAX_FILES,
    MAX_TITLE_CHARS,
    CurrentEngine,
    add_to_collection,
    readable_suffixes,
    remove_uploads,
    size_text,
    status_markdown,
)
from .assets import BUTTONS_JS, EMBED_JS, PAGE_JS, REVEAL_JS, SOURCES_JS, STATIC_DIR, VIEWER_JS
from .conversation import (
    MAX_SHOWN,
    MORE_QUOTES,
    conversation_state,
    messages,
    reply,
    shown_keys,
)
from .examples import load_examples
from .guard import RouteGuard, public_api_names
from .render import (
    TITLE,
    article_label,
    header_html,
    parse_cite_key,
    sources_html,
    statements_html,
    viewer_html,
    who_says_what_html,
)

SESSION_CAPACITY = 500
SHOWN_QUESTION_CHARS = 1000
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# Uploads Gradio keeps (for one that was never added): checked and deleted every 15 minutes.
UPLOAD_CACHE_AGE = (900, 900)
# Room for the multipart framing around the largest upload the panel takes.
UPLOAD_OVERHEAD = 64 * 1024
ADD_HELP = (
    "Add articles to this collection: upload up to "
    f"{MAX_FILES} files ({readable_suffixes()}, at most {size_text(MAX_FILE_BYTES)} each), "
    "or paste an article's title and text. Each file is checked before anything is added; "
    "new articles can be asked about as soon as the index is updated."
)


def _progress_track(progress):
    """A ``Track`` (see :mod:`accordingto.progress`) that reports to a ``gr.Progress``."""

    def track(items, label, total=None):
        return progress.tqdm(items, desc=label, total=total)

    return track


def _panel(value: str, js: str, elem_id: str, **kwargs) -> gr.HTML:
    return gr.HTML(value, js_on_load=js, elem_id=elem_id, apply_default_css=False, **kwargs)


def _article_choices(engine) -> list[tuple[str, str]]:
    return [(article_label(a), a.file) for a in engine.articles]


def _speakers(engine) -> list[str]:
    return sorted(
        {
            s.speaker_canonical
            for s in engine.statements()
            if s.speaker_canonical and s.kind != "outlet"
        },
        key=str.casefold,
    )


def build(engine, examples: Sequence[str] | None = None, allow_adding: bool = False) -> gr.Blocks:
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
    article_choices = _article_choices(engine)
    speakers = _speakers(engine)

    def ask(question: str, k: int = 5, follow_up_to: str | None = None) -> dict:
        """Answer a question with cited verbatim quotes from the articles (the same JSON object
        as `accordingto ask --json`); `follow_up_to` is the previous question, if any."""
        return current().ask(question, k=k, follow_up_to=follow_up_to or None).to_dict()

    # The listeners below are private (not in the API), but the page calls them through the
    # queue with values from the browser, so each one takes any value without failing badly:
    # what it cannot use gets a gr.Error with a message, never a traceback.

    def respond(message: str, history: list, conversation: dict | None):
        """Answer a question in the chat; the conversation remembers the question and the
        quotes shown, so that a follow-up can refer back and prefer quotes not yet shown."""
        try:
            clean_question(message)
        except BadQuestion as problem:
            raise gr.Error(str(problem), title="Please type a question") from None
        state = conversation_state(conversation)
        engine = current()
        answer = engine.ask(
            message, k=DEFAULT_K, follow_up_to=state["question"], shown=state["shown"]
        )
        if answer.notice:
            gr.Warning(answer.notice)
        history = messages(history)
        # What the user typed, as text (markup shown, not run), without invalid characters.
        typed = valid_text(message)[0]
        typed = typed if len(typed) <= SHOWN_QUESTION_CHARS else typed[:SHOWN_QUESTION_CHARS] + "…"
        history.append({"role": "user", "content": escape_markdown(typed)})
        history.append(reply(answer, examples))
        state = {
            "question": answer.question,
            "before": state["question"],
            "k": DEFAULT_K,
            "shown": [*state["shown"], *shown_keys(answer)][-MAX_SHOWN:],
        }
        return _outputs(engine, history, answer, state)

    def more(history: list, conversation: dict | None):
        """The last answer again with more quotes (five more, up to the most an answer holds)."""
        state = conversation_state(conversation)
        if not state["question"]:
            raise gr.Error("Ask a question first.")
        if state["k"] >= MAX_K:
            raise gr.Error(f"An answer holds at most {MAX_K} quotes.")
        k = min(state["k"] + MORE_QUOTES, MAX_K)
        engine = current()
        answer = engine.ask(state["question"], k=k, follow_up_to=state["before"])
        history = messages(history)
        if history and history[-1].get("role") == "assistant":
            history[-1] = reply(answer, examples)
        else:
            history.append(reply(answer, examples))
        shown = [*state["shown"], *shown_keys(answer)][-MAX_SHOWN:]
        return _outputs(engine, history, answer, state | {"k": k, "shown": shown})

    def _outputs(engine, history, answer, state):
        note = "" if answer.answered else answer.message.replace("\\", "")
        return (
            history,
            sources_html(engine, answer.quotes, note, answer.question),
            who_says_what_html(answer.quotes),
            state,
            "",
            gr.Tabs(selected="sources"),
            gr.Button(interactive=answer.answered and state["k"] < MAX_K),
        )

    def open_cite(evt: gr.EventData):
        data = getattr(evt, "_data", None)
        key = data.get("cite", "") if isinstance(data, dict) else ""
        engine = current()
        try:
            file, start, end = parse_cite_key(key)
            html_text = viewer_html(engine, file, start, end)
        except (ValueError, KeyError, LookupError, TypeError):
            raise gr.Error("That citation could not be opened.") from None
        return (
            html_text,
            gr.Dropdown(value=file),
            statements_html(engine, engine.statements(file), by_article=True),
            gr.Tabs(selected="article"),
        )

    def open_article(file: str | None):
        engine = current()
        if not file:
            return viewer_html(engine, None), ""
        if not isinstance(file, str) or file not in engine.index.articles:
            raise gr.Error("That article is not in the index.")
        return (
            viewer_html(engine, file),
            statements_html(engine, engine.statements(file), by_article=True),
        )

    def by_speaker(name: str | None):
        if not name or not isinstance(name, str):
            return (
                '<p class="at-empty">Choose a speaker to list everything they are quoted '
                "saying.</p>"
            )
        engine = current()
        chosen = [
            s for s in engine.statements() if s.speaker_canonical == name and s.kind != "outlet"
        ]
        return statements_html(engine, chosen, by_article=False)

    def add(files, title, body, progress=gr.Progress()):  # noqa: B008 (Gradio's own idiom)
        """Add uploaded files and a pasted article to the collection, then serve the updated
        index. Yields the panel's status, the cleared inputs and the refreshed pickers."""
        unchanged = (gr.skip(),) * 6
        try:
            yield ("Checking what was sent…", *unchanged)
            with current.adding:
                engine = current()
                report = add_to_collection(
                    engine, files, title, body, track=_progress_track(progress)
                )
                if report.updated is not None:
                    engine = type(engine)(
                        report.updated.index, engine.embedder, engine.folder, engine.read_only
                    )
                    current.replace(engine)
        finally:
            remove_uploads(files if isinstance(files, list) else None, demo.GRADIO_CACHE)
        status = status_markdown(
            report.added, report.rejected, report.problem, len(engine.index.articles)
        )
        if report.updated is None:
            yield (status, None, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip())
            return
        speakers_now = _speakers(engine)
        yield (
            status,
            None,
            "",
            "",
            gr.Dropdown(choices=_article_choices(engine)),
            gr.Dropdown(choices=speakers_now, interactive=bool(speakers_now)),
            header_html(engine),
        )

    def refresh():
        """The pickers and the header as the current index has them (for a page loaded after
        articles were added)."""
        engine = current()
        speakers_now = _speakers(engine)
        return (
            gr.Dropdown(choices=_article_choices(engine)),
            gr.Dropdown(choices=speakers_now, interactive=bool(speakers_now)),
            header_html(engine),
        )

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
                chatbot = gr.Chatbot(
                    label="Answers",
                    show_label=False,
                    elem_id="at-chat",
                    height=560,
                    buttons=["copy"],
                    examples=[{"text": q} for q in examples],
                    placeholder="**Ask a question about the articles**, or pick an example below.",
                    feedback_options=None,
                    allow_tags=False,
                    layout="panel",
                    # Scrolled by page.js to the start of each new answer, not to its end.
                    autoscroll=False,
                )
                with gr.Row(elem_id="at-ask-row"):
                    question = gr.Textbox(
                        label="Your question",
                        placeholder="Ask about the articles…",
                        lines=1,
                        max_lines=4,
                        scale=5,
                        elem_id="at-question",
                        submit_btn="Ask",
                    )
                more_button = gr.Button(
                    "More quotes",
                    variant="secondary",
                    size="sm",
                    interactive=False,
                    elem_id="at-more",
                )
                if allow_adding:
                    with gr.Accordion("Add articles", open=False, elem_id="at-add"):
                        gr.Markdown(ADD_HELP)
                        add_files = gr.File(
                            label=f"Article files ({readable_suffixes()})",
                            file_count="multiple",
                            file_types=list(ARTICLE_SUFFIXES),
                            type="filepath",
                            elem_id="at-add-files",
                        )
                        add_title = gr.Textbox(
                            label="Or paste an article: its title",
                            max_lines=1,
                            max_length=MAX_TITLE_CHARS,
                            elem_id="at-add-title",
                        )
                        add_body = gr.Textbox(
                            label="The article's text",
                            lines=8,
                            max_lines=20,
                            elem_id="at-add-body",
                        )
                        add_button = gr.Button("Add to the collection", elem_id="at-add-button")
                        add_status = gr.Markdown(elem_id="at-add-status")
            with (
                gr.Column(scale=4, min_width=320, elem_id="at-side"),
                gr.Tabs(selected="sources", elem_id="at-tabs", overflow_behavior="wrap") as tabs,
            ):
                with gr.Tab("Sources", id="sources"):
                    sources = _panel(sources_html(engine, ()), SOURCES_JS, "at-sources")
                with gr.Tab("Who says what", id="who"):
                    who = _panel(who_says_what_html(()), BUTTONS_JS, "at-who")
                with gr.Tab("Article", id="article"):
                    article_pick = gr.Dropdown(
                        choices=article_choices,
                        value=None,
                        label="Read an article",
                        elem_id="at-article-pick",
                    )
                    viewer = _panel(
                        viewer_html(engine, None), VIEWER_JS, "at-viewer", max_height=620
                    )
                    gr.Markdown("#### Statements in this article, by speaker")
                    article_statements = _panel("", BUTTONS_JS, "at-article-statements")
                with gr.Tab("Browse by speaker", id="speakers"):
                    speaker_pick = gr.Dropdown(
                        choices=speakers,
                        value=None,
                        label="Speaker",
                        elem_id="at-speaker-pick",
                        interactive=bool(speakers),
                    )
                    speaker_list = _panel(by_speaker(None), BUTTONS_JS, "at-speaker-list")
                    if not speakers:
                        gr.Markdown("*Speaker attribution is not available in this index yet.*")

        private = {"api_visibility": "private"}
        ask_outputs = [chatbot, sources, who, conversation, question, tabs, more_button]
        question.submit(respond, [question, chatbot, conversation], ask_outputs, **private)
        more_button.click(more, [chatbot, conversation], ask_outputs, **private)

        def pick(evt: gr.SelectData, history, prev):
            value = getattr(evt, "value", None)
            text = value.get("text") if isinstance(value, dict) else value
            return respond(text if isinstance(text, str) else "", history, prev)

        def clear():
            """Everything that belongs to the conversation, as before the first question."""
            engine = current()
            return (
                sources_html(engine, ()),
                who_says_what_html(()),
                None,
                "",
                gr.Tabs(selected="sources"),
                gr.Button(interactive=False),
                viewer_html(engine, None),
                gr.Dropdown(value=None),
                "",
            )

        chatbot.clear(
            clear,
            None,
            [sources, who, conversation, question, tabs, more_button, viewer, article_pick,
             article_statements],
            **private,
        )  # fmt: skip
        chatbot.example_select(pick, [chatbot, conversation], ask_outputs, **private)
        chatbot.option_select(pick, [chatbot, conversation], ask_outputs, **private)
        view_outputs = [viewer, article_pick, article_statements, tabs]
        for panel in (sources, who, viewer, article_statements, speaker_list):
            panel.click(open_cite, None, view_outputs, **private).then(
                None, None, None, js=REVEAL_JS, **private
            )
        article_pick.input(open_article, article_pick, [viewer, article_statements], **private)
        speaker_pick.input(by_speaker, speaker_pick, speaker_list, **private)
        if allow_adding:
            pickers = [article_pick, speaker_pick, header]
            add_button.click(
                add,
                [add_files, add_title, add_body],
                [add_status, add_files, add_title, add_body, *pickers],
                concurrency_limit=1,
                concurrency_id="add",
                **private,
            )
            demo.load(refresh, None, pickers, **private)
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
    engine,
    examples: Sequence[str] | None = None,
    mcp_server: bool = False,
    allow_adding: bool = False,
):
    """A FastAPI app: the Blocks at ``/``, the web component's script at ``/gradio.js``.
    ``allow_adding`` adds the *Add articles* panel and opens the upload route it needs."""
    return mount(build(engine, examples, allow_adding), mcp_server, allow_adding)


def mount(demo: gr.Blocks, mcp_server: bool = False, allow_adding: bool = False):
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
