"""The browser app: the Blocks assembled and served (``app``) from its panels (``chat_panel``,
``sources_panel``, ``add_panel``), the chat's memory (``conversation``), HTML rendering
(``render``), the static scripts (``assets``), adding articles (``adding``), example
questions (``examples``) and the route guard in front of Gradio (``guard``)."""

from .app import build, create_app, launch_options, main, style_options, theme
from .examples import generated_examples, load_examples, read_examples
from .render import (
    answer_markdown,
    article_label,
    cite_key,
    human_title,
    parse_cite_key,
    sources_html,
    statements_html,
    viewer_html,
    who_says_what_html,
)

__all__ = [
    "answer_markdown",
    "article_label",
    "build",
    "cite_key",
    "create_app",
    "generated_examples",
    "human_title",
    "launch_options",
    "load_examples",
    "main",
    "parse_cite_key",
    "read_examples",
    "sources_html",
    "statements_html",
    "style_options",
    "theme",
    "viewer_html",
    "who_says_what_html",
]
