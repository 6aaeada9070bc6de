"""The *Add articles* panel's Gradio wiring: its components, the listener that adds what
was sent, and the refresh of the pickers and header for a page loaded after an update.

Everything that checks and adds is in :mod:`.adding`; this module only connects it to the
page. The panel exists only when the app is built with ``allow_adding``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import gradio as gr

from ..corpus import ARTICLE_SUFFIXES
from ..progress import Track
from .adding import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TITLE_CHARS,
    CurrentEngine,
    add_to_collection,
    readable_suffixes,
    remove_uploads,
    size_text,
    status_markdown,
)
from .render import header_html
from .sources_panel import SourcesPanel, article_choices, speaker_names

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Engine

# Uploads Gradio keeps (for one that was never added): checked and deleted every 15 minutes.
UPLOAD_CACHE_AGE = (900, 900)
ADD_HELP = (
    "Add articles to this collection: upload up to "
    f"{MAX_FILES} files ({readable_suffixes()}, at most {size_text(MAX_FILE_BYTES)} each), "
    "or paste an article's title and text. Each file is checked before anything is added; "
    "new articles can be asked about as soon as the index is updated."
)


@dataclass(frozen=True)
class AddPanel:
    """The panel's components that its listener reads or updates."""

    files: gr.File
    title: gr.Textbox
    body: gr.Textbox
    button: gr.Button
    status: gr.Markdown


def add_panel() -> AddPanel:
    """The *Add articles* accordion, closed, in the current column."""
    with gr.Accordion("Add articles", open=False, elem_id="at-add"):
        gr.Markdown(ADD_HELP)
        files = gr.File(
            label=f"Article files ({readable_suffixes()})",
            file_count="multiple",
            file_types=list(ARTICLE_SUFFIXES),
            type="filepath",
            elem_id="at-add-files",
        )
        title = gr.Textbox(
            label="Or paste an article: its title",
            max_lines=1,
            max_length=MAX_TITLE_CHARS,
            elem_id="at-add-title",
        )
        body = gr.Textbox(
            label="The article's text",
            lines=8,
            max_lines=20,
            elem_id="at-add-body",
        )
        button = gr.Button("Add to the collection", elem_id="at-add-button")
        status = gr.Markdown(elem_id="at-add-status")
    return AddPanel(files, title, body, button, status)


def _progress_track(progress: gr.Progress) -> Track:
    """A ``Track`` (see :mod:`accordingto.progress`) that reports to a ``gr.Progress``."""

    def track(items: Iterable, label: str, total: int | None = None) -> Iterable:
        return progress.tqdm(items, desc=label, total=total)

    return track


def _pickers(engine: Engine) -> tuple[gr.Dropdown, gr.Dropdown, str]:
    """The article and speaker pickers and the header, as ``engine``'s index has them."""
    speakers = speaker_names(engine)
    return (
        gr.Dropdown(choices=article_choices(engine)),
        gr.Dropdown(choices=speakers, interactive=bool(speakers)),
        header_html(engine),
    )


def wire_adding(
    panel: AddPanel,
    side: SourcesPanel,
    header: gr.HTML,
    current: CurrentEngine,
    demo: gr.Blocks,
) -> None:
    """Adding what was sent (one update at a time), and fresh pickers on every page load."""

    def add(
        files: list[str] | None,
        title: str | None,
        body: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio's own idiom)
    ) -> Iterator[tuple]:
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
        yield (status, None, "", "", *_pickers(engine))

    def refresh() -> tuple[gr.Dropdown, gr.Dropdown, str]:
        """The pickers and the header as the current index has them (for a page loaded after
        articles were added)."""
        return _pickers(current())

    private = {"api_visibility": "private"}
    pickers = [side.article_pick, side.speaker_pick, header]
    panel.button.click(
        add,
        [panel.files, panel.title, panel.body],
        [panel.status, panel.files, panel.title, panel.body, *pickers],
        concurrency_limit=1,
        concurrency_id="add",
        **private,
    )
    demo.load(refresh, None, pickers, **private)
