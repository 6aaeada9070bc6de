"""The side panel: the sources of the last answer, who says what, the article viewer and
browsing by speaker, with the listeners that open a citation, an article or a speaker.

Its listeners are private, like the chat's (see :mod:`.chat_panel`): each takes any value
the page could send and answers what it cannot use with a ``gr.Error``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import gradio as gr

from .adding import CurrentEngine
from .assets import BUTTONS_JS, REVEAL_JS, SOURCES_JS, VIEWER_JS
from .render import (
    article_label,
    parse_cite_key,
    sources_html,
    statements_html,
    viewer_html,
    who_says_what_html,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Engine

NO_SPEAKER = '<p class="at-empty">Choose a speaker to list everything they are quoted saying.</p>'


@dataclass(frozen=True)
class SourcesPanel:
    """The side panel's components that listeners read or update."""

    tabs: gr.Tabs
    sources: gr.HTML
    who: gr.HTML
    article_pick: gr.Dropdown
    viewer: gr.HTML
    article_statements: gr.HTML
    speaker_pick: gr.Dropdown
    speaker_list: gr.HTML


def article_choices(engine: Engine) -> list[tuple[str, str]]:
    """The article picker's choices: each article's label and file."""
    return [(article_label(a), a.file) for a in engine.articles]


def speaker_names(engine: Engine) -> list[str]:
    """Everyone quoted in the collection (outlets aside), in alphabetical order."""
    return sorted(
        {
            s.speaker_canonical
            for s in engine.statements()
            if s.speaker_canonical and s.kind != "outlet"
        },
        key=str.casefold,
    )


def _panel(value: str, js: str, elem_id: str, **kwargs: object) -> gr.HTML:
    return gr.HTML(value, js_on_load=js, elem_id=elem_id, apply_default_css=False, **kwargs)


def sources_panel(engine: Engine) -> SourcesPanel:
    """The side column and its tabs, as they are before the first question."""
    speakers = speaker_names(engine)
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
                choices=article_choices(engine),
                value=None,
                label="Read an article",
                elem_id="at-article-pick",
            )
            viewer = _panel(viewer_html(engine, None), VIEWER_JS, "at-viewer", max_height=620)
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
            speaker_list = _panel(NO_SPEAKER, BUTTONS_JS, "at-speaker-list")
            if not speakers:
                gr.Markdown("*Speaker attribution is not available in this index yet.*")
    return SourcesPanel(
        tabs, sources, who, article_pick, viewer, article_statements, speaker_pick, speaker_list
    )


def wire_sources(panel: SourcesPanel, current: CurrentEngine) -> None:
    """Citations in any panel open the viewer; the pickers open an article or a speaker."""

    def open_cite(evt: gr.EventData) -> tuple[str, gr.Dropdown, str, gr.Tabs]:
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

    def open_article(file: str | None) -> tuple[str, str]:
        engine = current()
        if not file:
            return viewer_html(engine, None), ""
        if not isinstance(file, str) or file not in engine.index.articles:
            raise gr.Error("That article is not in the index.")
        return (
            viewer_html(engine, file),
            statements_html(engine, engine.statements(file), by_article=True),
        )

    def by_speaker(name: str | None) -> str:
        if not name or not isinstance(name, str):
            return NO_SPEAKER
        engine = current()
        chosen = [
            s for s in engine.statements() if s.speaker_canonical == name and s.kind != "outlet"
        ]
        return statements_html(engine, chosen, by_article=False)

    private = {"api_visibility": "private"}
    view_outputs = [panel.viewer, panel.article_pick, panel.article_statements, panel.tabs]
    citing = (panel.sources, panel.who, panel.viewer, panel.article_statements, panel.speaker_list)
    for html in citing:
        html.click(open_cite, None, view_outputs, **private).then(
            None, None, None, js=REVEAL_JS, **private
        )
    panel.article_pick.input(
        open_article, panel.article_pick, [panel.viewer, panel.article_statements], **private
    )
    panel.speaker_pick.input(by_speaker, panel.speaker_pick, panel.speaker_list, **private)
