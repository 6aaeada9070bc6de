"""Answers as Markdown: each quote framed neutrally by who said it, and where they differ,
side by side. Everything taken from an article or a user is escaped."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from ..attribution import OUTLET
from ..figures import different_figures
from .records import Quote, Side, Source

NOT_COVERED = "The articles do not cover this question, so there is nothing to quote."
KIND_LABELS = {
    "body": None, "heading": "heading", "caption": "photo caption", "embed": "embedded post",
}  # fmt: skip
UNNAMED_OUTLET = "an unnamed outlet"
# Shown for someone's words when who said them could not be told with confidence.
SPEAKER_UNCLEAR = "Speaker unclear"
# What a refusal says when no quote gives the kind of answer asked for.
_NOTHING_OF_TYPE = {
    "number": "The articles give no figure that answers this question, so there is nothing "
    "to quote.",
    "date": "The articles give no date or time that answers this question, so there is "
    "nothing to quote.",
    "person": "The articles name no one who answers this question, so there is nothing to quote.",
}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+|~!])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally and HTML cannot be smuggled through."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


_WEB_ADDRESS = re.compile(r"https?://[^\s<>`]+")


def literal_markdown(text: str) -> str:
    """A person's own text (a question) as Markdown that shows it exactly: escaped, with web
    addresses as code, since Markdown links a bare address with its escapes in it
    ("example.com/a\\_\\(b\\)")."""
    parts, last = [], 0
    for match in _WEB_ADDRESS.finditer(text):
        parts.append(escape_markdown(text[last : match.start()]))
        parts.append(f"`{match.group()}`")
        last = match.end()
    parts.append(escape_markdown(text[last:]))
    return "".join(parts)


def human_date(iso: str | None) -> str | None:
    """``2020-10-03`` as ``3 Oct 2020``."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%b %Y')}"


def byline(source: Source) -> str:
    """Outlet and date as one short phrase: "AP, 3 Oct 2020"."""
    parts = [source.outlet or UNNAMED_OUTLET]
    if source.date:
        parts.append(human_date(source.date))
    return ", ".join(parts)


def is_outlet_voice(quote: Quote) -> bool:
    """Whether a quote is the outlet's own reporting rather than someone's statement."""
    return not (quote.attribution and quote.attribution.kind != OUTLET)


def is_unclear(quote: Quote) -> bool:
    """Whether a quote is someone's words whose speaker could not be told."""
    return bool(quote.attribution and quote.attribution.unclear)


def frame(quote: Quote) -> str:
    """The neutral attribution line that introduces a quote, with the article's own verb."""
    via = byline(quote.source)
    if is_unclear(quote):
        line = f"**{SPEAKER_UNCLEAR}**, via {escape_markdown(via)}"
        if quote.attribution.cue:
            line += f", *“{escape_markdown(quote.attribution.cue)}”*"
    elif not is_outlet_voice(quote):
        who = f"**{escape_markdown(quote.attribution.speaker)}**"
        if quote.attribution.role:
            who += f" ({escape_markdown(quote.attribution.role)})"
        line = f"{who}, via {escape_markdown(via)}"
        if quote.attribution.cue:
            # The cue is the article's word ("claimed", "denied"), shown as a quotation.
            line += f", *“{escape_markdown(quote.attribution.cue)}”*"
    else:
        outlet = escape_markdown(quote.source.outlet or UNNAMED_OUTLET.capitalize())
        line = f"**{outlet}’s own reporting**"
        if quote.source.date:
            line += f", {human_date(quote.source.date)}"
    label = KIND_LABELS.get(quote.kind)
    if label:
        line += f" — *{label}*"
    return line


def quoted(text: str) -> str:
    """A quote's words between quotation marks, without doubling a mark: a quote that opens
    with a quotation mark of its own is shown as written (its marks show what is quoted,
    and adding a closing one would leave it unbalanced), and one that ends with a closing
    mark gets no second one."""
    body = escape_markdown(text)
    opens = text[:1] in "“\"‘'"
    closes = text[-1:] in "”\"’'"
    if opens:
        return body
    return f"“{body}{'' if closes else '”'}"


# What would make the start of a line a list item, a code block or a heading's underline.
_LINE_START = re.compile(r"^(?:(\d+)([.)])|([-=]))")
_BLANK_LINES = re.compile(r"\n[ \t\r]*\n\s*")


def blockquote(text: str) -> str:
    """Markdown text as a block quote, every line of it: a quote may run over paragraphs
    (a blank line would end the block). Indents are dropped and a leading list marker is
    escaped, so that each line shows as the words it is."""
    paragraphs = []
    for paragraph in _BLANK_LINES.split(text.strip()):
        lines = [_LINE_START.sub(_escaped_start, line.strip()) for line in paragraph.split("\n")]
        paragraphs.append("\n".join(f"> {line}" for line in lines if line))
    return "\n>\n".join(paragraphs)


def _escaped_start(match: re.Match) -> str:
    if match.group(1):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"\\{match.group(3)}"


def plain_citation(quote: Quote) -> str:
    """A citation marker that is just the quote's number: ``[1]``."""
    return f"[{quote.rank}]"


def who_says_what(quotes: Sequence[Quote]) -> list[Side]:
    """The quotes grouped by speaker, in a stable, neutral order: named speakers
    alphabetically, then statements whose speaker is unclear, then outlets' own reporting
    alphabetically."""
    groups: dict[str, list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote.group or f"outlet:{quote.source.outlet}", []).append(quote)
    sides = []
    for group, members in groups.items():
        first = members[0]
        outlet_voice = is_outlet_voice(first)
        if outlet_voice:
            outlet = first.source.outlet or UNNAMED_OUTLET.capitalize()
            label, role = f"{outlet}’s own reporting", None
        elif is_unclear(first):
            label, role = SPEAKER_UNCLEAR, None
        else:
            label, role = first.attribution.speaker, first.attribution.role
        figures = tuple(f for q in members for f in q.figures)
        ranks = tuple(q.rank for q in members)
        sides.append(Side(label, role, group, ranks, figures, outlet_voice))

    def order(side: Side) -> tuple:
        return (side.outlet_voice, side.label == SPEAKER_UNCLEAR, side.label.casefold(), side.group)

    return sorted(sides, key=order)


def side_line(side: Side, cite: Callable[[int], str]) -> str:
    """One "Who says what" line: the whole label in bold, its role, and its citations."""
    who = f"**{escape_markdown(side.label)}**"
    if side.role:
        who += f" ({escape_markdown(side.role)})"
    return f"- {who}: " + ", ".join(cite(rank) for rank in side.ranks)


def figures_line(quote: Quote) -> str | None:
    """What a quote's figures count, as given on the source's date."""
    shown = [f for f in quote.figures if f.describe()]
    if not shown:
        return None
    when = human_date(quote.source.date)
    items = "; ".join(f"{escape_markdown(f.text)}: {escape_markdown(f.describe())}" for f in shown)
    return f"*Figures{' given ' + when if when else ''}: {items}.*"


def render_message(
    quotes: Sequence[Quote],
    notice: str | None = None,
    cite: Callable[[Quote], str] = plain_citation,
    lead: str | None = None,
    others_from: int | None = None,
    claims: bool = False,
) -> str:
    """The Markdown answer: each quote framed by who said it, with a numbered citation.

    ``cite`` renders the citation marker, so an interface can make it a link. ``lead`` is a
    neutral line put first ("X is not quoted on this in these articles."); ``others_from``
    is the rank from which quotes are by others than the speaker asked about; ``claims``
    shows the answer as one claim per claimant, with what each figure counts.
    """
    lines = []
    if notice:
        lines += [f"*{escape_markdown(notice)}*", ""]
    if lead:
        lines += [escape_markdown(lead), ""]
    if claims and quotes:
        lines += ["*One claim per source, in alphabetical order of who makes it.*", ""]
    for quote in quotes:
        if others_from is not None and quote.rank == others_from:
            lines += ["**Others quoted on this:**", ""]
        lines.append(f"{frame(quote)} {cite(quote)}")
        lines.append(blockquote(quoted(quote.text)))
        figures = figures_line(quote) if claims else None
        if figures:
            lines.append(f">\n> {figures}")
        if quote.also_reported_by:
            others = ", ".join(escape_markdown(r.outlet or r.file) for r in quote.also_reported_by)
            lines.append(f">\n> *Also reported by {others}.*")
        lines.append("")
    sides = who_says_what(quotes)
    if len(sides) > 1:
        lines.append("**Who says what**")
        lines += [side_line(side, lambda rank: f"[{rank}]") for side in sides]
        if different_figures([list(side.figures) for side in sides]):
            lines.append("")
            lines.append(
                "*The sources give different figures for the same thing; each is quoted as "
                "its source gives it.*"
            )
    return "\n".join(lines).strip()


def refusal(notice: str | None = None, reason: str = NOT_COVERED) -> str:
    """The answer for a question the articles do not cover, saying why."""
    text = escape_markdown(reason) if reason != NOT_COVERED else reason
    if notice:
        text = f"*{escape_markdown(notice)}*\n\n{text}"
    return text


def missing_names(names: Sequence[str]) -> str:
    """The refusal for names the articles never use."""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"These articles do not mention {listed}, so there is nothing to quote."


# The refusals for a question none of whose words the articles use (often one asked in
# another language), and for one with no word to search for at all ("a", "why?").
NO_SHARED_WORDS = (
    "None of the question's words appear in these articles, so there is nothing to quote."
)
NO_WORDS = "The question has no words to search for: ask about something in the articles."


def words_not_used(names: Sequence[str], words: Sequence[str]) -> str:
    """The refusal for a question whose words for what it asks about the articles do not
    use: its names they do use, if it has any, and those words."""
    quoted = ", ".join(f"“{w}”" for w in words)
    if names:
        named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        said = f"These articles mention {named} but never use {quoted}"
    else:
        said = f"These articles never use {quoted}"
    return (
        f"{said}, so they do not seem to cover what is asked. Other words for it may find "
        "something."
    )


def names_not_together(names: Sequence[str]) -> str:
    """The refusal for names (and years and ordinals) that no one article uses together."""
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return f"No article here mentions {listed} together, so there is nothing to quote."


def nothing_of_type(answer_type: str) -> str:
    """The refusal when no quote gives the kind of answer asked for."""
    return _NOTHING_OF_TYPE.get(answer_type, NOT_COVERED)
