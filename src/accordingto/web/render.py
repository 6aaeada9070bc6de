"""HTML and Markdown for the browser app: pure functions of the engine's records.

Every value from an article or a user that goes into HTML is escaped here (``esc``);
Markdown goes through the engine's ``escape_markdown`` and then Gradio's sanitizer, which
is never turned off.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote as url_quote
from urllib.parse import unquote as url_unquote

from .. import citations
from ..answer import (
    KIND_LABELS,
    SPEAKER_UNCLEAR,
    Quote,
    export_markdown,
    human_date,
    render_message,
    source_of,
    who_says_what,
)
from ..attribution import Statement
from ..corpus import CHROME, Article

SUGGESTIONS_ON_REFUSAL = 3
TITLE = "accordingto"
TAGLINE = (
    "Ask about the news articles in this collection. Every answer is made of the articles' "
    "own words, each quote cited and attributed. It quotes the sources; it does not judge them."
)
OWN_REPORTING = "{outlet}’s own reporting"
UNNAMED_OUTLET = "An unnamed outlet"


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


INFERRED = "(inferred)"


def inferred_mark(source, field: str) -> str:
    """A visible "(inferred)" after a field that was worked out from the text, not read."""
    if field not in (getattr(source, "inferred", None) or ()):
        return ""
    return (
        f' <span class="at-inferred" title="Worked out from the article\'s text, not given '
        f'with it">{INFERRED}</span>'
    )


def human_title(source) -> str:
    """What people call an article: its headline; for an untitled one, "Outlet report,
    date" ("AP report, 3 Oct 2020"). Never the file name (that is for the API and tooltips)."""
    if source.title:
        return source.title
    name = f"{source.outlet} report" if source.outlet else "Untitled report"
    when = human_date(source.date)
    return f"{name}, {when}" if when else name


def source_line(source, with_title: bool = True) -> str:
    """Outlet · headline · date, escaped; inferred fields are marked "(inferred)".

    ``with_title=False`` leaves the headline out, where a heading above already shows it.
    """
    parts = [
        f'<span class="at-outlet">{esc(outlet_name(source.outlet))}</span>'
        + inferred_mark(source, "outlet")
    ]
    if source.title and with_title:
        parts.append(f"<cite>{esc(source.title)}</cite>" + inferred_mark(source, "title"))
    if source.date:
        parts.append(
            f'<time datetime="{esc(source.date)}">{esc(human_date(source.date))}</time>'
            + inferred_mark(source, "date")
        )
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
    if quote.attribution and quote.attribution.unclear:
        return f'<strong class="at-speaker at-unclear">{esc(SPEAKER_UNCLEAR)}</strong>'
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
    """The quote's paragraph (or paragraphs) with the quote marked."""
    try:
        article = engine.article(quote.source.file)
        first = article.paragraph_at(quote.start)
        last = article.paragraph_at(quote.end - 1)
    except (KeyError, LookupError):
        first = last = None
    if first is not None and last is not None and last.end >= quote.end:
        # A quote that takes in the next paragraph is marked in each, as the viewer does.
        shown = [p for p in article.paragraphs if first.start <= p.start and p.end <= last.end]
        return "<br><br>".join(
            highlighted(article.text[p.start : p.end], quote.start, quote.end, p.start)
            for p in shown
        )
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


def style_block(quote: Quote, style: str) -> str:
    """One style's reference entry, shown, with two copy buttons: the reference alone, and
    the quote with its in-text citation, ready to paste into prose."""
    entry = citations.reference(quote.source, style)
    in_prose = citations.in_text(quote.source, quote.text, style)
    return (
        f'<div class="at-cite" data-style="{esc(style)}"><p><span class="at-style">'
        f"{esc(style)}</span> {esc(entry)}</p>"
        f"{copy_button(entry, f'Copy reference ({style})')} "
        f"{copy_button(in_prose, f'Copy quote with citation ({style})')}</div>"
    )


def citation_block(quote: Quote) -> str:
    """The APA reference shown on a card with its copy buttons, and MLA/Chicago folded away."""
    others = "".join(style_block(quote, style) for style in citations.STYLES if style != "APA")
    return (
        f"{style_block(quote, 'APA')}<details><summary>MLA and Chicago</summary>{others}</details>"
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


def export_block(quotes: Sequence[Quote], question: str | None = None) -> str:
    """The "Copy answer" buttons: the answer as clean Markdown with footnote references and
    the reference entries (APA; MLA and Chicago folded away), made here on the server."""
    if not quotes:
        return ""
    apa = export_markdown(quotes, question=question, style="APA")
    others = " ".join(
        copy_button(
            export_markdown(quotes, question=question, style=style),
            f"Copy answer ({style} references)",
        )
        for style in citations.STYLES
        if style != "APA"
    )
    return (
        '<div class="at-export">'
        f"{copy_button(apa, 'Copy answer')}"
        '<span class="at-note"> as Markdown, with APA references as footnotes. </span>'
        f"<details><summary>Other styles</summary>{others}</details></div>"
    )


def sources_html(
    engine, quotes: Sequence[Quote], note: str = "", question: str | None = None
) -> str:
    if not quotes:
        return (
            '<p class="at-empty">The sources of an answer appear here, one card per quote, '
            "with the quote highlighted in its paragraph.</p>"
            + (f'<p class="at-empty">{esc(note)}</p>' if note else "")
        )
    return (
        export_block(quotes, question)
        + '<div class="at-cards">'
        + "".join(source_card(engine, q) for q in quotes)
        + "</div>"
    )


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
            f'<li><a class="at-num" href="#cite={esc(cite_key(q.source.file, q.start, q.end))}"'
            f' aria-label="Source {q.rank}">[{q.rank}]</a> {esc(citations.quote_marks(q.text))} '
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
    """The article picker's label: outlet — human title — date (never the file name)."""
    source = source_of(article)
    if not source.title:
        return human_title(source)
    parts = [outlet_name(source.outlet), source.title]
    if source.date:
        parts.append(human_date(source.date))
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
    source = source_of(article)
    heading = esc(human_title(source)) + (inferred_mark(source, "title") if meta.title else "")
    out = [
        f'<div class="at-article" data-file="{esc(file)}"><h3 title="{esc(file)}">{heading}</h3>',
        f'<p class="at-src">{source_line(source, with_title=False)}</p>',
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


def statements_html(engine, statements: Sequence[Statement], by_article: bool) -> str:
    """Statements listed by speaker (alphabetical), each with a button to view it."""
    if not statements:
        return '<p class="at-empty">No attributed statements were found.</p>'
    groups: dict[tuple[int, str], list[Statement]] = {}
    headings: dict[tuple[int, str], str] = {}
    for s in statements:
        if s.unclear:
            key = (1, SPEAKER_UNCLEAR.casefold())
            headings[key] = SPEAKER_UNCLEAR
        elif s.kind == "outlet" or not s.speaker_canonical:
            own = OWN_REPORTING.format(outlet=outlet_name(engine.article(s.file).meta.outlet))
            key = (2, own.casefold())
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
                else f' <span class="at-src">— {source_line(source_of(article))}</span>'
            )
            role = f' <span class="at-role">({esc(s.role)})</span>' if s.role else ""
            view = view_button(s.file, s.start, s.end, "View")
            items.append(f"<li>{esc(citations.quote_marks(text))}{role}{where} {view}</li>")
        sections.append(
            f'<section class="at-group"><h4>{esc(headings[key])}</h4>'
            f"<ul>{''.join(items)}</ul></section>"
        )
    return f'<div class="at-statements">{"".join(sections)}</div>'


def answer_markdown(answer) -> str:
    """The chat message of an answer: the engine's rendering, with each numbered citation a
    link that opens the source viewer."""

    def cite(quote: Quote) -> str:
        return f"[\\[{quote.rank}\\]](#cite={cite_key(quote.source.file, quote.start, quote.end)})"

    return render_message(answer.quotes, answer.notice, cite=cite)


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


def header_html(engine) -> str:
    """The page's header: the title, the tagline and what the collection holds."""
    return (
        f'<header class="at-header"><h1>{esc(TITLE)}</h1>'
        f'<p class="at-tagline">{esc(TAGLINE)}</p>'
        f'<p class="at-corpus">{esc(corpus_summary(engine))}</p></header>'
    )
