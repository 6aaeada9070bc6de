"""An answer as clean Markdown to paste elsewhere ("Copy answer").

Each quote is introduced by who said it, as in the chat, and cited with a footnote
reference (``[^1]``); the footnotes at the end give the reference entries in one citation
style (APA 7 by default). Nothing internal (no ``#cite=`` links, no file names) is written.
The quotes' words are escaped for Markdown, as in the chat; the reference entries are plain
text.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import citations
from .records import Quote
from .render import blockquote, escape_markdown, frame, quoted, side_line, who_says_what


def footnote(quote: Quote, style: str = "APA") -> str:
    """The footnote of one quote: ``[^1]: Reference entry.``"""
    entry = citations.reference(quote.source, style)
    return f"[^{quote.rank}]: {entry}"


def export_markdown(
    quotes: Sequence[Quote],
    question: str | None = None,
    notice: str | None = None,
    style: str = "APA",
) -> str:
    """The answer as Markdown with footnote-style references and the reference entries as
    footnotes; an empty string when there is nothing quoted."""
    if not quotes:
        return ""
    citations.reference(quotes[0].source, style)  # an unknown style fails here, early
    lines: list[str] = []
    if question:
        lines += [f"**Question:** {escape_markdown(question)}", ""]
    if notice:
        lines += [f"*{escape_markdown(notice)}*", ""]
    for quote in quotes:
        lines.append(f"{frame(quote)}[^{quote.rank}]")
        lines.append("")
        lines.append(blockquote(quoted(quote.text)))
        lines.append("")
    sides = who_says_what(quotes)
    if len(sides) > 1:
        lines.append("**Who says what**")
        lines.append("")
        lines += [side_line(side, lambda rank: f"[^{rank}]") for side in sides]
        lines.append("")
    lines += [footnote(quote, style) for quote in quotes]
    return "\n".join(lines).strip() + "\n"
