"""An article's metadata: what its own text shows (the dates it writes, an outlet's
"Source:" line, a headline, a URL line), merged under what a catalog or the file states."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ..calendar_words import MONTH_ABBREVIATIONS, MONTHS
from .records import CHROME, ArticleMeta, Paragraph

_MONTHS = {
    name.lower(): number
    for number, month in enumerate(MONTHS, start=1)
    for name in (month, *MONTH_ABBREVIATIONS[month])
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WRITTEN_DATE = re.compile(rf"\b({_MONTH})\.? (\d{{1,2}}),? (\d{{4}})\b", re.I)
_DAY_FIRST_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})\.? (\d{{4}})\b", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_OUTLET_PATTERNS = [
    re.compile(r"^Source:\s*(.+?)(?:\s+and agencies)?\s*$", re.I | re.M),
    re.compile(r"^(.+?) writers? .{0,300}\bcontributed\b", re.M),
    re.compile(r"\bStories with the (.+?) byline\b"),
]
_URL_LINE = re.compile(r"^(?:url|link|source url|canonical)\s*:\s*(https?://\S+)\s*$", re.I | re.M)


def dates_in(text: str) -> list[date]:
    """Every full calendar date written in a text."""
    found = []
    for match in _WRITTEN_DATE.finditer(text):
        found.append(_make_date(match.group(3), _MONTHS[match.group(1).lower()], match.group(2)))
    for match in _DAY_FIRST_DATE.finditer(text):
        found.append(_make_date(match.group(3), _MONTHS[match.group(2).lower()], match.group(1)))
    for match in _ISO_DATE.finditer(text):
        found.append(_make_date(match.group(1), match.group(2), match.group(3)))
    return [d for d in found if d is not None]


def _make_date(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def infer_meta(text: str, paragraphs: Iterable[Paragraph], date_line: str | None) -> ArticleMeta:
    """Metadata from what the text itself shows; anything guessed is marked inferred."""
    inferred = []
    paragraphs = list(paragraphs)
    article_date = date_line
    if article_date is None:
        # The latest date an article mentions is the nearest it shows to its own date.
        mentioned = dates_in(text)
        if mentioned:
            article_date = max(mentioned).isoformat()
            inferred.append("date")
    outlet = None
    for pattern in _OUTLET_PATTERNS:
        match = pattern.search(text)
        if match:
            outlet = match.group(1).strip()
            inferred.append("outlet")
            break
    title = None
    for paragraph in paragraphs:
        if paragraph.kind == CHROME:
            continue
        candidate = text[paragraph.start : paragraph.end].strip()
        if _looks_like_headline(candidate):
            title = candidate
            inferred.append("title")
        break
    url_match = _URL_LINE.search(text)
    return ArticleMeta(
        outlet=outlet,
        title=title,
        date=article_date,
        url=url_match.group(1) if url_match else None,
        inferred=tuple(inferred),
    )


def _looks_like_headline(candidate: str) -> bool:
    words = candidate.split()
    # A sentence ends in a full stop, even inside closing quotation marks: not a headline.
    ended = re.search(r"[.?!…]\W*$", candidate)
    return 3 <= len(words) <= 25 and len(candidate) <= 160 and not ended


_META_NAMES = ("outlet", "title", "date", "url", "author")


def merge_meta(inferred: ArticleMeta, catalog_entry: dict) -> ArticleMeta:
    """Catalog values win over inferred ones; a catalog can mark its own values inferred."""
    values = {name: catalog_entry.get(name, getattr(inferred, name)) for name in _META_NAMES}
    if "date" in catalog_entry and catalog_entry["date"] is not None:
        values["date"] = normal_date(catalog_entry["date"])
    still_inferred = {name for name in inferred.inferred if name not in catalog_entry}
    still_inferred |= set(catalog_entry.get("inferred", ()))
    ordered = tuple(name for name in _META_NAMES if name in still_inferred)
    return replace(inferred, **values, inferred=ordered)


def normal_date(value: object) -> str:
    """A stated date as YYYY-MM-DD when it is one written another way ("March 3, 2022",
    "2022-03-03T10:00:00Z"); otherwise as given."""
    written = str(value).strip()
    if re.match(r"\d{4}-\d{2}-\d{2}(?!\d)", written):  # ISO, perhaps with a time after it
        return written[:10]
    found = dates_in(written)
    return found[0].isoformat() if len(found) == 1 else written
