"""Citations of news articles in APA 7, MLA 9 and Chicago 17 style, with the quoted words.

Pure functions over a :class:`~accordingto.answer.Source`: nothing here reads files or the
network. Nothing unknown is invented: a missing outlet, headline, date or url is left out of
the reference (APA writes "n.d." for an unknown date, as its manual asks; it is not a date).

The references are plain text; italics (the outlet's name) cannot be carried by plain text,
so ``*Outlet*`` is written without marks. ``STYLES`` maps each style's name to its function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
# MLA 9 abbreviates months longer than four letters, and September as "Sept."
MLA_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July",
    "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip


def _parse(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso)
    except ValueError:
        return None


def _clean(text: str | None) -> str | None:
    """Whitespace folded; ``None`` for missing or blank values."""
    if text is None:
        return None
    text = " ".join(str(text).split())
    return text or None


def _end(text: str) -> str:
    """A reference element closed with a full stop, unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _get(source: object, name: str) -> str | None:
    if isinstance(source, dict):
        return _clean(source.get(name))
    return _clean(getattr(source, name, None))


def apa(source: object) -> str:
    """An APA 7 reference for a news article: Title. (Date). Outlet. URL

    With no author, APA moves the title to the author position.
    """
    title, outlet, url = _get(source, "title"), _get(source, "outlet"), _get(source, "url")
    day = _parse(_get(source, "date"))
    when = f"({day.year}, {MONTHS[day.month - 1]} {day.day})." if day else "(n.d.)."
    parts = []
    if title:
        parts += [_end(title), when]
        if outlet:
            parts.append(_end(outlet))
    elif outlet:
        parts += [_end(outlet), when]
    else:
        parts.append(when)
    if url:
        parts.append(url)
    return " ".join(parts)


def mla(source: object) -> str:
    """An MLA 9 works-cited entry: "Title." Outlet, 3 Oct. 2020, URL."""
    title, outlet, url = _get(source, "title"), _get(source, "outlet"), _get(source, "url")
    day = _parse(_get(source, "date"))
    head = f"“{title.rstrip('.')}.”" if title else ""
    tail = []
    if outlet:
        tail.append(outlet)
    if day:
        tail.append(f"{day.day} {MLA_MONTHS[day.month - 1]} {day.year}")
    if url:
        tail.append(url.removeprefix("https://").removeprefix("http://"))
    text = ", ".join(tail)
    return " ".join(p for p in (head, _end(text) if text else "") if p)


def chicago(source: object) -> str:
    """A Chicago 17 bibliography entry; an unsigned article is listed under its outlet."""
    title, outlet, url = _get(source, "title"), _get(source, "outlet"), _get(source, "url")
    day = _parse(_get(source, "date"))
    parts = []
    if outlet:
        parts.append(_end(outlet))
    if title:
        parts.append(f"“{title.rstrip('.')}.”")
    if day:
        parts.append(f"{MONTHS[day.month - 1]} {day.day}, {day.year}.")
    if url:
        parts.append(_end(url))
    return " ".join(parts)


STYLES: dict[str, Callable[[object], str]] = {"APA": apa, "MLA": mla, "Chicago": chicago}


def quoted(text: str, speaker: str | None = None, role: str | None = None) -> str:
    """The quoted words, exactly as written, with who said them when that is known."""
    line = f"“{text.strip()}”"
    speaker = _clean(speaker)
    if speaker:
        who = speaker
        if _clean(role):
            who += f", {_clean(role)}"
        line += f" ({who})"
    return line


def cite(
    source: object,
    text: str,
    style: str = "APA",
    speaker: str | None = None,
    role: str | None = None,
) -> str:
    """The quote and, on the next line, the reference in ``style`` (APA, MLA or Chicago)."""
    try:
        reference = STYLES[style]
    except KeyError:
        raise ValueError(
            f"unknown citation style {style!r}; use one of {', '.join(STYLES)}"
        ) from None
    return f"{quoted(text, speaker, role)}\n{reference(source)}"
