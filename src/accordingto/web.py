"""The browser app: a chat of cited quotes, a sources panel, a source viewer and an API.

This module is a thin layer over :class:`accordingto.Engine`: every answer, quote, offset and
piece of metadata comes from the engine. What is added here is presentation, and all article
text and user text put into HTML is escaped here (``html.escape``); Markdown goes through the
engine's ``escape_markdown`` and then Gradio's sanitizer, which is never turned off.

Entry point: :func:`main` (``python app.py`` and ``accordingto serve``).
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote as url_quote
from urllib.parse import unquote as url_unquote

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import gradio as gr

from . import citations
from .answer import (
    KIND_LABELS,
    Quote,
    escape_markdown,
    human_date,
    render_message,
    who_says_what,
)
from .attribution import Statement
from .corpus import CHROME, Article
from .questions import BadQuestion, clean_question

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
STATIC_DIR = Path(__file__).resolve().parent / "static"
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_FILE = Path("examples") / "questions.txt"
TITLE = "accordingto"
TAGLINE = (
    "Ask about the news articles in this collection. Every answer is made of the articles' "
    "own words, each quote cited and attributed. It quotes the sources; it does not judge them."
)
SUGGESTIONS_ON_REFUSAL = 3
OWN_REPORTING = "{outlet}'s own reporting"
UNNAMED_OUTLET = "An unnamed outlet"

# --- example questions -----------------------------------------------------------------


def read_examples(path: Path | str) -> list[str]:
    """Questions from a text file: one a line; blank lines and ``#`` comments are skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def generated_examples(engine, limit: int = 6) -> list[str]:
    """Example questions made from the corpus: its most-quoted speakers, else its headlines."""
    counts: dict[str, int] = {}
    for statement in engine.statements():
        if statement.kind != "outlet" and statement.speaker:
            counts[statement.speaker] = counts.get(statement.speaker, 0) + 1
    if counts:
        ranked = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
        return [f"What did {name} say?" for name in ranked[:limit]]
    titles = [a.meta.title for a in engine.articles if a.meta.title]
    return [f"What do the articles report about “{t}”?" for t in titles[:limit]]


def load_examples(engine, path: Path | str | None = None) -> list[str]:
    """Example questions from ``path``, ``$ACCORDINGTO_EXAMPLES``, ``examples/questions.txt``
    (in the working directory, then the project), or else generated from the corpus."""
    chosen = path or os.environ.get("ACCORDINGTO_EXAMPLES")
    if chosen:
        return read_examples(chosen)
    for candidate in (Path.cwd() / EXAMPLES_FILE, _PROJECT_ROOT / EXAMPLES_FILE):
        if candidate.is_file():
            return read_examples(candidate)
    return generated_examples(engine)


# --- HTML pieces (every value from an article or a user is escaped) -------------------------


def esc(text: object) -> str:
    """Text made safe to put in HTML content or a quoted attribute."""
    return html.escape("" if text is None else str(text), quote=True)


def cite_key(file: str, start: int, end: int) -> str:
    """What a "view" button or a citation link carries: ``file:start:end``, URL-quoted."""
    return f"{url_quote(file, safe='')}:{int(start)}:{int(end)}"


def parse_cite_key(key: str) -> tuple[str, int, int]:
    """The inverse of :func:`cite_key`; ``ValueError`` for anything else."""
    file, start, end = str(key).rsplit(":", 2)
    return url_unquote(file), int(start), int(end)


def kind_label(kind: str | None) -> str:
    """A visible word for what kind of text a quote is (never colour alone)."""
    return (KIND_LABELS.get(kind or "body") or "article text").capitalize()


def outlet_name(outlet: str | None) -> str:
    return outlet or UNNAMED_OUTLET


def source_line(source) -> str:
    """Outlet · headline · date, escaped."""
    parts = [f'<span class="at-outlet">{esc(outlet_name(source.outlet))}</span>']
    if source.title:
        parts.append(f"<cite>{esc(source.title)}</cite>")
    if source.date:
        parts.append(f'<time datetime="{esc(source.date)}">{esc(human_date(source.date))}</time>')
    if source.url:
        parts.append(
            f'<a href="{esc(source.url)}" rel="noopener noreferrer" target="_blank">link</a>'
        )
    return " · ".join(parts)


def who_of(quote: Quote) -> tuple[str | None, str | None]:
    """The speaker and role of a quote, when the attribution names someone."""
    attribution = quote.attribution
    if attribution and attribution.kind != "outlet" and attribution.speaker:
        return attribution.speaker, attribution.role
    if quote.speaker:
        return quote.speaker, None
    return None, None


def who_html(quote: Quote) -> str:
    speaker, role = who_of(quote)
    if speaker:
        text = f'<strong class="at-speaker">{esc(speaker)}</strong>'
        if role:
            text += f' <span class="at-role">({esc(role)})</span>'
        return text
    own = OWN_REPORTING.format(outlet=outlet_name(quote.source.outlet))
    return f'<strong class="at-speaker at-own">{esc(own)}</strong>'


def highlighted(text: str, start: int, end: int, offset: int = 0) -> str:
    """``text`` (which starts at ``offset`` in its article) with ``start:end`` marked."""
    a = max(0, min(len(text), start - offset))
    b = max(a, min(len(text), end - offset))
    if a == b:
        return esc(text)
    return (
        f"{esc(text[:a])}"
        f'<mark class="at-hl" tabindex="-1"><span class="at-sr">Quoted passage: </span>'
        f"{esc(text[a:b])}</mark>{esc(text[b:])}"
    )


def quote_in_paragraph(engine, quote: Quote) -> str:
    """The quote's paragraph with the quote marked."""
    try:
        article = engine.article(quote.source.file)
        paragraph = article.paragraph_at(quote.start)
    except (KeyError, LookupError):
        paragraph = None
    if paragraph is not None and paragraph.end >= quote.end:
        text = article.text[paragraph.start : paragraph.end]
        return highlighted(text, quote.start, quote.end, paragraph.start)
    at = quote.context.find(quote.text)
    if at < 0:
        return highlighted(quote.text, 0, len(quote.text))
    return highlighted(quote.context, at, at + len(quote.text))


def copy_button(text: str, label: str) -> str:
    return f'<button type="button" class="at-btn" data-copy="{esc(text)}">{esc(label)}</button>'


def view_button(file: str, start: int, end: int, label: str = "View in article") -> str:
    return (
        f'<button type="button" class="at-btn at-view" '
        f'data-cite="{esc(cite_key(file, start, end))}">{esc(label)}</button>'
    )


def citation_block(quote: Quote) -> str:
    """The APA citation shown on a card with its copy button, and MLA/Chicago folded away."""
    speaker, role = who_of(quote)
    texts = {
        style: citations.cite(quote.source, quote.text, style, speaker, role)
        for style in citations.STYLES
    }
    apa = texts.pop("APA")
    others = "".join(
        f'<div class="at-cite"><p><span class="at-style">{esc(style)}</span> '
        f"{esc(text)}</p>{copy_button(text, f'Copy {style} citation')}</div>"
        for style, text in texts.items()
    )
    return (
        f'<div class="at-cite"><p><span class="at-style">APA</span> {esc(apa)}</p>'
        f"{copy_button(apa, 'Copy citation (APA)')}</div>"
        f"<details><summary>MLA and Chicago</summary>{others}</details>"
    )


def source_card(engine, quote: Quote) -> str:
    """One card of the sources panel."""
    also = ""
    if quote.also_reported_by:
        links = ", ".join(
            view_button(r.file, r.start, r.end, outlet_name(r.outlet or r.file))
            for r in quote.also_reported_by
        )
        also = f'<p class="at-also">Also reported by {links}</p>'
    return (
        f'<article class="at-card" id="at-source-{quote.rank}" aria-label="Source {quote.rank}">'
        f'<header><span class="at-num">[{quote.rank}]</span> {who_html(quote)}'
        f' <span class="at-kind">{esc(kind_label(quote.kind))}</span></header>'
        f'<blockquote class="at-context">{quote_in_paragraph(engine, quote)}</blockquote>'
        f'<p class="at-src">{source_line(quote.source)}</p>'
        f"{also}"
        f'<div class="at-actions">{view_button(quote.source.file, quote.start, quote.end)}</div>'
        f"{citation_block(quote)}"
        "</article>"
    )


def sources_html(engine, quotes: Sequence[Quote], note: str = "") -> str:
    if not quotes:
        return (
            '<p class="at-empty">The sources of an answer appear here, one card per quote, '
            "with the quote highlighted in its paragraph.</p>"
            + (f'<p class="at-empty">{esc(note)}</p>' if note else "")
        )
    return '<div class="at-cards">' + "".join(source_card(engine, q) for q in quotes) + "</div>"


def who_says_what_html(quotes: Sequence[Quote]) -> str:
    """Quotes grouped by speaker, in the engine's neutral order, each group given equal room."""
    if not quotes:
        return (
            '<p class="at-empty">After a question, its quotes appear here grouped by who made '
            "them, side by side and in alphabetical order.</p>"
        )
    sides = who_says_what(quotes)
    by_rank = {q.rank: q for q in quotes}
    columns = []
    for side in sides:
        items = "".join(
            f'<li><span class="at-num">[{q.rank}]</span> “{esc(q.text)}” '
            f'<span class="at-src">— {source_line(q.source)}'
            f" ({esc(kind_label(q.kind).lower())})</span> "
            f"{view_button(q.source.file, q.start, q.end, 'View')}</li>"
            for q in (by_rank[rank] for rank in side.ranks)
        )
        columns.append(
            f'<section class="at-group"><h4>{esc(side.label)}</h4>'
            + (f'<p class="at-role">{esc(side.role)}</p>' if side.role else "")
            + f"<ul>{items}</ul></section>"
        )
    differing = len({side.figures for side in sides if side.figures}) > 1
    note = "Grouped by who is quoted, in alphabetical order. " + (
        "The groups give different figures; each is quoted as its source gives it."
        if differing
        else "Differences between the groups are shown, not settled."
    )
    return f'<p class="at-note">{esc(note)}</p><div class="at-groups">{"".join(columns)}</div>'


def article_label(article: Article) -> str:
    meta = article.meta
    parts = [outlet_name(meta.outlet), meta.title or article.file]
    if meta.date:
        parts.append(human_date(meta.date))
    return " — ".join(parts)


def viewer_html(engine, file: str | None, start: int | None = None, end: int | None = None) -> str:
    """A whole article, chrome and repeated paragraphs dropped, with ``start:end`` marked."""
    if not file:
        return (
            '<p class="at-empty">Click a citation, or choose an article above, to read it '
            "here in full.</p>"
        )
    article = engine.article(file)
    meta = article.meta
    heading = esc(meta.title) if meta.title else f"Untitled article <code>{esc(file)}</code>"
    out = [
        f'<div class="at-article"><h3>{heading}</h3>',
        f'<p class="at-src">{source_line(_source(article))}</p>',
    ]
    if start is not None and end is not None:
        out.append(
            f'<p class="at-note">The quoted passage (characters {int(start)}–{int(end)}) is '
            "highlighted and underlined below.</p>"
        )
    for paragraph in article.paragraphs:
        marked = (
            start is not None
            and end is not None
            and start < paragraph.end
            and end > paragraph.start
        )
        if not marked and (paragraph.kind == CHROME or paragraph.duplicate_of is not None):
            continue
        text = article.text[paragraph.start : paragraph.end]
        label = KIND_LABELS.get(paragraph.kind)
        tag = f'<span class="at-kind">{esc(label.capitalize())}</span> ' if label else ""
        body = highlighted(text, start, end, paragraph.start) if marked else esc(text)
        out.append(f'<p class="at-para at-{esc(paragraph.kind)}">{tag}{body}</p>')
    out.append("</div>")
    return "".join(out)


def _source(article: Article):
    from .answer import source_of

    return source_of(article)


def statements_html(engine, statements: Sequence[Statement], by_article: bool) -> str:
    """Statements listed by speaker (alphabetical), each with a button to view it."""
    if not statements:
        return '<p class="at-empty">No attributed statements were found.</p>'
    groups: dict[tuple[int, str], list[Statement]] = {}
    headings: dict[tuple[int, str], str] = {}
    for s in statements:
        if s.kind == "outlet" or not s.speaker_canonical:
            own = OWN_REPORTING.format(outlet=outlet_name(engine.article(s.file).meta.outlet))
            key = (1, own.casefold())
            headings[key] = own
        else:
            key = (0, s.speaker_canonical.casefold())
            headings.setdefault(key, s.speaker_canonical)
        groups.setdefault(key, []).append(s)
    sections = []
    for key in sorted(groups):
        items = []
        for s in sorted(groups[key], key=lambda s: (s.file, s.start)):
            article = engine.article(s.file)
            text = article.text[s.start : s.end] if 0 <= s.start < s.end else s.text
            where = (
                ""
                if by_article
                else f' <span class="at-src">— {source_line(_source(article))}</span>'
            )
            role = f' <span class="at-role">({esc(s.role)})</span>' if s.role else ""
            items.append(
                f"<li>“{esc(text)}”{role}{where} {view_button(s.file, s.start, s.end, 'View')}</li>"
            )
        sections.append(
            f'<section class="at-group"><h4>{esc(headings[key])}</h4>'
            f"<ul>{''.join(items)}</ul></section>"
        )
    return f'<div class="at-statements">{"".join(sections)}</div>'


# --- the chat ------------------------------------------------------------------------------


def answer_markdown(answer) -> str:
    """The chat message of an answer: the engine's rendering, with each numbered citation a
    link that opens the source viewer."""

    def cite(quote: Quote) -> str:
        return f"[\\[{quote.rank}\\]](#cite={cite_key(quote.source.file, quote.start, quote.end)})"

    return render_message(answer.quotes, answer.notice, cite=cite)


def refusal_message(answer, examples: Sequence[str]) -> gr.ChatMessage:
    """The engine's fixed refusal, with example questions offered as buttons."""
    suggestions = list(examples)[:SUGGESTIONS_ON_REFUSAL]
    text = answer.message
    if suggestions:
        text += "\n\nYou could ask, for example:\n" + "\n".join(
            f"- {escape_markdown(q)}" for q in suggestions
        )
    return gr.ChatMessage(
        content=text, role="assistant", options=[{"value": q, "label": q} for q in suggestions]
    )


def corpus_summary(engine) -> str:
    articles = engine.articles
    outlets = sorted({a.meta.outlet for a in articles if a.meta.outlet})
    dates = sorted(a.meta.date for a in articles if a.meta.date)
    text = f"{len(articles)} articles"
    if outlets:
        text += " from " + ", ".join(outlets)
        if any(not a.meta.outlet for a in articles):
            text += " and unnamed outlets"
    if dates:
        first, last = human_date(dates[0]), human_date(dates[-1])
        text += f", {first}" + (f" to {last}" if last != first else "")
    return text + "."


# --- the app -------------------------------------------------------------------------------

_BUTTONS_JS = r"""
const copyText = async (text, button) => {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch (error) {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { ok = document.execCommand('copy'); } catch (error2) { ok = false; }
    area.remove();
  }
  if (!button.dataset.label) button.dataset.label = button.textContent;
  button.textContent = ok ? 'Copied ✓' : 'Could not copy: select the text instead';
  button.dataset.copied = ok ? 'yes' : 'no';
  setTimeout(() => { button.textContent = button.dataset.label; }, 2500);
};
element.addEventListener('click', (event) => {
  const view = event.target.closest('[data-cite]');
  if (view) { event.preventDefault(); trigger('click', {cite: view.dataset.cite}); return; }
  const copy = event.target.closest('[data-copy]');
  if (copy) { event.preventDefault(); copyText(copy.dataset.copy, copy); }
});
"""

# The chat's [n] links carry "#cite=file:start:end"; they open the viewer through the sources
# panel's trigger instead of navigating.
_SOURCES_JS = (
    _BUTTONS_JS
    + r"""
window.__accordingtoOpen = (cite) => trigger('click', {cite});
if (!window.__accordingtoLinks) {
  window.__accordingtoLinks = true;
  document.addEventListener('click', (event) => {
    const path = event.composedPath ? event.composedPath() : [event.target];
    const link = path.find(
      (node) => node.tagName === 'A' && (node.getAttribute('href') || '').includes('#cite='));
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const cite = link.getAttribute('href').split('#cite=')[1];
    if (window.__accordingtoOpen) window.__accordingtoOpen(decodeURIComponent(cite));
  }, true);
}
"""
)

# Run after the viewer is shown: scroll the highlighted span into view and move focus to it.
_REVEAL_JS = r"""
() => {
  const find = () => {
    const roots = [document, ...Array.from(document.querySelectorAll('gradio-app'))
      .map((app) => app.shadowRoot).filter(Boolean)];
    for (const root of roots) {
      const mark = root.querySelector('#at-viewer mark.at-hl');
      if (mark) return mark;
    }
    return null;
  };
  let tries = 0;
  const reveal = () => {
    const mark = find();
    if (mark && mark.offsetParent !== null) {
      mark.scrollIntoView({block: 'center', behavior: 'instant'});
      mark.focus({preventScroll: true});
    } else if (tries++ < 20) {
      setTimeout(reveal, 50);
    }
  };
  setTimeout(reveal, 30);
}
"""


def _panel(value: str, js: str, elem_id: str, **kwargs) -> gr.HTML:
    return gr.HTML(value, js_on_load=js, elem_id=elem_id, apply_default_css=False, **kwargs)


def build(engine, examples: Sequence[str] | None = None) -> gr.Blocks:
    """The Blocks app over ``engine``; ``examples`` are the questions shown before the first."""
    examples = list(examples) if examples is not None else load_examples(engine)
    article_choices = [(article_label(a), a.file) for a in engine.articles]
    speakers = sorted(
        {
            s.speaker_canonical
            for s in engine.statements()
            if s.speaker_canonical and s.kind != "outlet"
        },
        key=str.casefold,
    )

    def ask(question: str, k: int = 5, follow_up_to: str | None = None) -> dict:
        """Answer a question with cited verbatim quotes from the articles (the same JSON object
        as `accordingto ask --json`); `follow_up_to` is the previous question, if any."""
        return engine.ask(question, k=k, follow_up_to=follow_up_to or None).to_dict()

    def respond(message: str, history: list, previous: str | None):
        try:
            clean_question(message)
        except BadQuestion as problem:
            raise gr.Error(str(problem), title="Please type a question") from None
        answer = engine.ask(message, follow_up_to=previous or None)
        if answer.notice:
            gr.Warning(answer.notice)
        history = [*list(history or []), {"role": "user", "content": escape_markdown(message)}]
        if answer.answered:
            history.append({"role": "assistant", "content": answer_markdown(answer)})
            note = ""
        else:
            history.append(refusal_message(answer, examples))
            note = answer.message.replace("\\", "")
        return (
            history,
            sources_html(engine, answer.quotes, note),
            who_says_what_html(answer.quotes),
            answer.question,
            "",
            gr.Tabs(selected="sources"),
        )

    def open_cite(evt: gr.EventData):
        try:
            file, start, end = parse_cite_key(evt._data.get("cite", ""))
            html_text = viewer_html(engine, file, start, end)
        except (ValueError, KeyError, LookupError, AttributeError):
            raise gr.Error("That citation could not be opened.") from None
        return (
            html_text,
            gr.Dropdown(value=file),
            statements_html(engine, engine.statements(file), by_article=True),
            gr.Tabs(selected="article"),
        )

    def open_article(file: str | None):
        if not file:
            return viewer_html(engine, None), ""
        try:
            return (
                viewer_html(engine, file),
                statements_html(engine, engine.statements(file), by_article=True),
            )
        except (KeyError, LookupError):
            raise gr.Error("That article is not in the index.") from None

    def by_speaker(name: str | None):
        if not name:
            return (
                '<p class="at-empty">Choose a speaker to list everything they are quoted '
                "saying.</p>"
            )
        chosen = [
            s for s in engine.statements() if s.speaker_canonical == name and s.kind != "outlet"
        ]
        return statements_html(engine, chosen, by_article=False)

    with gr.Blocks(title=f"{TITLE}: cited quotes from the news", analytics_enabled=False) as demo:
        with gr.Column(elem_id="at-header"):
            gr.HTML(
                f'<header class="at-header"><h1>{esc(TITLE)}</h1>'
                f'<p class="at-tagline">{esc(TAGLINE)}</p>'
                f'<p class="at-corpus">{esc(corpus_summary(engine))}</p></header>',
                js_on_load=None,
                apply_default_css=False,
            )
        previous = gr.State(None)
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
            with (
                gr.Column(scale=4, min_width=320, elem_id="at-side"),
                gr.Tabs(selected="sources", elem_id="at-tabs") as tabs,
            ):
                with gr.Tab("Sources", id="sources"):
                    sources = _panel(sources_html(engine, ()), _SOURCES_JS, "at-sources")
                with gr.Tab("Who says what", id="who"):
                    who = _panel(who_says_what_html(()), _BUTTONS_JS, "at-who")
                with gr.Tab("Article", id="article"):
                    article_pick = gr.Dropdown(
                        choices=article_choices,
                        value=None,
                        label="Read an article",
                        elem_id="at-article-pick",
                    )
                    viewer = _panel(
                        viewer_html(engine, None), _BUTTONS_JS, "at-viewer", max_height=620
                    )
                    gr.Markdown("#### Statements in this article, by speaker")
                    article_statements = _panel("", _BUTTONS_JS, "at-article-statements")
                with gr.Tab("Browse by speaker", id="speakers"):
                    speaker_pick = gr.Dropdown(
                        choices=speakers,
                        value=None,
                        label="Speaker",
                        elem_id="at-speaker-pick",
                        interactive=bool(speakers),
                    )
                    speaker_list = _panel(by_speaker(None), _BUTTONS_JS, "at-speaker-list")
                    if not speakers:
                        gr.Markdown("*Speaker attribution is not available in this index yet.*")

        private = {"api_visibility": "private"}
        ask_outputs = [chatbot, sources, who, previous, question, tabs]
        question.submit(respond, [question, chatbot, previous], ask_outputs, **private)

        def pick(evt: gr.SelectData, history, prev):
            value = evt.value
            text = value.get("text") if isinstance(value, dict) else value
            return respond(str(text or ""), history, prev)

        chatbot.example_select(pick, [chatbot, previous], ask_outputs, **private)
        chatbot.option_select(pick, [chatbot, previous], ask_outputs, **private)
        view_outputs = [viewer, article_pick, article_statements, tabs]
        for panel in (sources, who, viewer, article_statements, speaker_list):
            panel.click(open_cite, None, view_outputs, **private).then(
                None, None, None, js=_REVEAL_JS, **private
            )
        article_pick.input(open_article, article_pick, [viewer, article_statements], **private)
        speaker_pick.input(by_speaker, speaker_pick, speaker_list, **private)
        gr.api(ask, api_name="ask")
    demo.queue(default_concurrency_limit=4, max_size=64, api_open=False)
    return demo


def theme() -> gr.themes.Base:
    """A calm theme with system fonts (nothing is fetched from a font service)."""
    sans = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "sans-serif")
    mono = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")
    return gr.themes.Soft(primary_hue="indigo", neutral_hue="slate", font=sans, font_mono=mono)


def style_options() -> dict:
    """Theme and CSS, for ``launch()`` and ``mount_gradio_app()`` alike."""
    return {"theme": theme(), "css_paths": [STATIC_DIR / "app.css"]}


def launch_options() -> dict:
    """The safe launch settings: loopback, no share link, no tracebacks to users."""
    return {
        "server_name": DEFAULT_HOST,
        "share": False,
        "show_error": False,
        "max_file_size": "1mb",
        "enable_monitoring": False,
        "strict_cors": True,
        **style_options(),
    }


def create_app(engine, examples: Sequence[str] | None = None, mcp_server: bool = False):
    """A FastAPI app: the Blocks at ``/``, the web component's script at ``/gradio.js``."""
    from fastapi import FastAPI
    from fastapi.responses import FileResponse

    demo = build(engine, examples)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    shim = Path(gr.__file__).resolve().parent / "templates" / "frontend" / "gradio.js"

    @app.get("/gradio.js", include_in_schema=False)
    def gradio_js() -> FileResponse:
        # A module script from another origin needs CORS; this public file is safe to share.
        return FileResponse(
            shim, media_type="text/javascript", headers={"Access-Control-Allow-Origin": "*"}
        )

    kwargs = {"mcp_server": True} if mcp_server else {}
    return gr.mount_gradio_app(
        app,
        demo,
        path="",
        show_error=False,
        max_file_size="1mb",
        enable_monitoring=False,
        **style_options(),
        **kwargs,
    )


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
    return parser


def main(argv: Iterable[str] | None = None) -> None:
    """Load the engine and serve the app until interrupted."""
    args = _parser().parse_args(list(argv) if argv is not None else None)
    import uvicorn

    from .engine import Engine

    engine = Engine.load(index_dir=args.index, seeds_dir=args.seeds)
    examples = load_examples(engine, args.examples)
    app = create_app(engine, examples, mcp_server=args.mcp)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"accordingto is running at http://{shown}:{args.port}/", flush=True)
    print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
