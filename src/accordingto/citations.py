"""Citations of news articles in APA 7, MLA 9 and Chicago 17 (notes-bibliography) style.

Pure functions over a :class:`~accordingto.answer.Source` (or a dict with the same fields):
nothing here reads files or the network, and nothing unknown is invented. A missing outlet,
headline, date or url is left out (APA writes "n.d." for an unknown date, as its manual asks).

Two things are offered for each style:

- the **reference entry** (:func:`apa`, :func:`mla`, :func:`chicago`, or :func:`reference`):
  the line for the reference list, works-cited list or bibliography;
- the **quote with its in-text citation** (:func:`in_text`), ready to paste into prose:
  APA ``“…” (Author, 2020)``, MLA ``“…” (Author)``, Chicago ``“…” (Author, “Short Title.”)``.
  Chicago's notes-bibliography system cites in a footnote; plain text cannot carry a note
  number, so the short note is given in parentheses after the quote, to be moved into the
  footnote (the first note to a work may be given in full: :func:`chicago_note`).

Rules for what is missing:

- no author (a news article without a byline): APA 7 (§9.12) moves the title to the author
  position, MLA 9 starts with the title, and Chicago 17 (14.207) lists an unsigned newspaper
  article under the newspaper's name in the bibliography and starts the note with the title;
- no title: APA 7 (§9.21) puts a description in square brackets in the title position
  (``[News report]``), MLA 9 gives a plain description (``News report``) and Chicago 17 a
  descriptive phrase (``News report``), neither quoted nor italicised.

Uncertain data: a field listed in ``inferred`` was worked out from the article's text, not
read from its metadata. Each style puts supplied information in square brackets: APA
``([2020, October 3])``, MLA ``[3 Oct. 2020]``, Chicago ``[October 3, 2020]``.

The entries are plain text: italics (the outlet's name) cannot be carried by plain text, so
they are written without marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .calendar_words import MONTHS

# MLA 9 abbreviates months longer than four letters, and September as "Sept."
MLA_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July",
    "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip
# What an untitled article is called in place of its title.
DESCRIPTION = "News report"
# Words a short title does not start or end with.
_MINOR = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with"}
SHORT_TITLE_WORDS = 4
# Words headline style leaves in lower case inside a title (articles, coordinating
# conjunctions, prepositions, "to", "as").
_MINOR_HEADLINE = _MINOR | {
    "as",
    "but",
    "nor",
    "so",
    "yet",
    "from",
    "into",
    "over",
    "per",
    "up",
    "via",
    "vs.",
}
_OPENING = "“\"‘'"
_CLOSING = "”\"’'"


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


def _inferred(source: object) -> frozenset[str]:
    value = source.get("inferred") if isinstance(source, dict) else getattr(source, "inferred", ())
    return frozenset(value or ())


def _bracket(text: str, field: str, guessed: frozenset[str]) -> str:
    """``text`` in square brackets when ``field`` was inferred, as each style marks supplied
    information."""
    return f"[{text}]" if field in guessed else text


def _quoted_title(title: str, closing: str = ".") -> str:
    """A title in quotation marks with the element's punctuation inside them, American style:
    “Title.” — a title ending in ? or ! keeps its own mark."""
    if title.endswith(("?", "!")):
        return f"“{title}”"
    return f"“{title.rstrip('.')}{closing}”"


def _names(author: str | None) -> list[str]:
    if not author:
        return []
    text = author.removeprefix("By ").removeprefix("by ")
    parts = [
        p.strip() for p in text.replace(" & ", " and ").replace(", and ", " and ").split(" and ")
    ]
    names = []
    for part in parts:
        names += [n.strip() for n in part.split(",") if n.strip()] if part.count(",") else [part]
    return [n for n in names if n]


def _split(name: str) -> tuple[str, str]:
    """(given names, family name) of a name written in natural order."""
    words = name.split()
    suffix = ""
    if len(words) > 2 and words[-1].rstrip(".") in {"Jr", "Sr", "II", "III", "IV"}:
        suffix, words = words[-1], words[:-1]
    family = words[-1] + (f" {suffix}" if suffix else "")
    return " ".join(words[:-1]), family


def _initials(given: str) -> str:
    out = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        out.append("-".join(f"{p[0]}." for p in pieces))
    return " ".join(out)


def _apa_name(name: str) -> str:
    given, family = _split(name)
    return f"{family}, {_initials(given)}" if given else family


def _inverted(name: str) -> str:
    given, family = _split(name)
    return f"{family}, {given}" if given else family


def _family(name: str) -> str:
    return _split(name)[1]


def short_title(title: str) -> str:
    """A title shortened for a citation: its main title (before a colon), at most four
    words, without a leading article or a dangling minor word."""
    main = title.split(":")[0].strip().rstrip(".")
    words = main.split()
    if words and words[0].lower() in {"a", "an", "the"} and len(words) > 1:
        words = words[1:]
    if len(words) > SHORT_TITLE_WORDS:
        words = _whole_quotations(words, SHORT_TITLE_WORDS)
        while len(words) > 1 and words[-1].lower() in _MINOR:
            words.pop()
        return " ".join(words).rstrip(",;")
    return " ".join(words).rstrip(",;")


_ENDS_QUOTATION = re.compile(r"['’\"”][.,;:!?)]*$")
# How many words past the cut a quoted phrase may run to be kept whole.
QUOTED_PHRASE_SLACK = 3


def _whole_quotations(words: list[str], count: int) -> list[str]:
    """The first ``count`` words, not cutting a quoted phrase in two ("fight 'to the end'"):
    the phrase is kept whole when it closes a few words on, else left out."""
    kept = words[:count]
    opened = None
    for position, word in enumerate(kept):
        if word[:1] in _OPENING and word[1:2].isalpha() and not _ENDS_QUOTATION.search(word[1:]):
            opened = position
        elif opened is not None and _ENDS_QUOTATION.search(word):
            opened = None
    if opened is None:
        return kept
    for end in range(count, min(len(words), count + QUOTED_PHRASE_SLACK)):
        if _ENDS_QUOTATION.search(words[end]):
            return words[: end + 1]
    return words[:opened] or kept


# --- APA 7 ---------------------------------------------------------------------------------


def _apa_date(source: object, guessed: frozenset[str]) -> str:
    day = _parse(_get(source, "date"))
    if not day:
        return "(n.d.)."
    text = f"{day.year}, {MONTHS[day.month - 1]} {day.day}"
    return f"({_bracket(text, 'date', guessed)})."


def apa(source: object) -> str:
    """An APA 7 reference for a news article:
    ``Author, A. (2020, October 3). Title. Outlet. URL``.

    With no author, the title moves to the author position; with no title, a description in
    square brackets takes the title's place (and so, with no author either, the author's).
    """
    title, outlet, url = _get(source, "title"), _get(source, "outlet"), _get(source, "url")
    guessed = _inferred(source)
    names = [_apa_name(n) for n in _names(_get(source, "author"))]
    when = _apa_date(source, guessed)
    work = _end(_bracket(title, "title", guessed)) if title else f"[{DESCRIPTION}]."
    parts = []
    if names:
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        parts += [_end(who), when, work]
    else:
        parts += [work, when]
    if outlet:
        parts.append(_end(_bracket(outlet, "outlet", guessed)))
    if url:
        parts.append(url)
    return " ".join(parts)


def apa_in_text(source: object) -> str:
    """The APA 7 parenthetical citation: (Author, 2020); with no author, the title's first
    words in quotation marks, (“Short Title,” 2020); with no title either, the bracketed
    description, ([News report], 2020)."""
    title, guessed = _get(source, "title"), _inferred(source)
    names = _names(_get(source, "author"))
    day = _parse(_get(source, "date"))
    year = _bracket(str(day.year), "date", guessed) if day else "n.d."
    if names:
        families = [_family(n) for n in names]
        who = (
            families[0]
            if len(families) == 1
            else f"{families[0]} & {families[1]}"
            if len(families) == 2
            else f"{families[0]} et al."
        )
        return f"({who}, {year})"
    if title:
        return f"({_quoted_title(short_title(title), ',')} {year})"
    return f"([{DESCRIPTION}], {year})"


# --- MLA 9 ---------------------------------------------------------------------------------


def mla(source: object) -> str:
    """An MLA 9 works-cited entry: ``Author. “Title.” Outlet, 3 Oct. 2020, URL.``

    With no author the entry starts with the title; with no title, a plain description."""
    title, outlet, url = _get(source, "title"), _get(source, "outlet"), _get(source, "url")
    guessed = _inferred(source)
    names = _names(_get(source, "author"))
    day = _parse(_get(source, "date"))
    head = []
    if names:
        who = (
            _inverted(names[0])
            if len(names) == 1
            else f"{_inverted(names[0])}, and {names[1]}"
            if len(names) == 2
            else f"{_inverted(names[0])}, et al"
        )
        head.append(_end(who))
    if title:
        head.append(_bracket(_quoted_title(headline_case(title)), "title", guessed))
    else:
        head.append(f"{DESCRIPTION}.")
    tail = []
    if outlet:
        tail.append(_bracket(outlet, "outlet", guessed))
    if day:
        tail.append(_bracket(f"{day.day} {MLA_MONTHS[day.month - 1]} {day.year}", "date", guessed))
    if url:
        tail.append(url.removeprefix("https://").removeprefix("http://"))
    text = ", ".join(tail)
    return " ".join([*head, *([_end(text)] if text else [])])


def mla_in_text(source: object) -> str:
    """The MLA 9 parenthetical citation: (Author); with no author, (“Short Title”); with no
    title either, the description's first words, (News report)."""
    title = _get(source, "title")
    names = _names(_get(source, "author"))
    if names:
        families = [_family(n) for n in names]
        if len(families) == 1:
            return f"({families[0]})"
        if len(families) == 2:
            return f"({families[0]} and {families[1]})"
        return f"({families[0]} et al.)"
    if title:
        return f"(“{short_title(headline_case(title))}”)"
    return f"({DESCRIPTION})"


# --- Chicago 17, notes and bibliography ------------------------------------------------------


def _chicago_date(source: object, guessed: frozenset[str]) -> str | None:
    day = _parse(_get(source, "date"))
    if not day:
        return None
    return _bracket(f"{MONTHS[day.month - 1]} {day.day}, {day.year}", "date", guessed)


def chicago(source: object) -> str:
    """A Chicago 17 bibliography entry:
    ``Author, First. “Title.” Outlet, October 3, 2020. URL.``

    An unsigned article is listed under its outlet (CMOS 14.207):
    ``Outlet. “Title.” October 3, 2020. URL.``; an untitled one has a descriptive phrase."""
    title, outlet, url = _get(source, "title"), _get(source, "outlet"), _get(source, "url")
    guessed = _inferred(source)
    names = _names(_get(source, "author"))
    when = _chicago_date(source, guessed)
    work = (
        _bracket(_quoted_title(headline_case(title)), "title", guessed)
        if title
        else f"{DESCRIPTION}."
    )
    shown_outlet = _bracket(outlet, "outlet", guessed) if outlet else None
    parts = []
    if names:
        who = (
            _inverted(names[0])
            if len(names) == 1
            else ", ".join([_inverted(names[0]), *names[1:-1]]) + f", and {names[-1]}"
        )
        parts += [_end(who), work]
        container = ", ".join(p for p in (shown_outlet, when) if p)
        if container:
            parts.append(_end(container))
    else:
        if shown_outlet:
            parts.append(_end(shown_outlet))
        parts.append(work)
        if when:
            parts.append(_end(when))
    if url:
        parts.append(_end(url))
    return " ".join(parts)


def chicago_note(source: object) -> str:
    """A Chicago 17 full note (the first citation of a work), without its number:
    ``First Author, “Title,” Outlet, October 3, 2020, URL.``; an unsigned article's note
    starts with its title (CMOS 14.207)."""
    title, outlet, url = _get(source, "title"), _get(source, "outlet"), _get(source, "url")
    guessed = _inferred(source)
    names = _names(_get(source, "author"))
    text = ""
    if names:
        text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        text += ", "
    if title:
        # The comma goes inside the quotation marks; a ? or ! replaces it.
        text += _bracket(_quoted_title(headline_case(title), ","), "title", guessed) + " "
    else:
        text += (DESCRIPTION.lower() if names else DESCRIPTION) + ", "
    rest = [_bracket(outlet, "outlet", guessed) if outlet else None]
    rest += [_chicago_date(source, guessed), url]
    return _end(text + ", ".join(r for r in rest if r)).replace(" .", ".").rstrip(", ")


def chicago_short_note(source: object) -> str:
    """A Chicago 17 short note: ``Author, “Short Title.”``; unsigned, ``Outlet, “Short
    Title.”`` or, with no outlet, the short title alone."""
    title, outlet = _get(source, "title"), _get(source, "outlet")
    names = _names(_get(source, "author"))
    work = _quoted_title(short_title(headline_case(title))) if title else f"{DESCRIPTION.lower()}."
    if names:
        who = (
            _family(names[0]) if len(names) == 1 else f"{_family(names[0])} and {_family(names[1])}"
        )
        return f"{who}, {work}"
    if outlet:
        return f"{outlet}, {work}"
    return work[0].upper() + work[1:] if not title else work


STYLES: dict[str, Callable[[object], str]] = {"APA": apa, "MLA": mla, "Chicago": chicago}


def reference(source: object, style: str = "APA") -> str:
    """The reference entry alone, in ``style`` (APA, MLA or Chicago)."""
    try:
        return STYLES[style](source)
    except KeyError:
        raise ValueError(
            f"unknown citation style {style!r}; use one of {', '.join(STYLES)}"
        ) from None


def quote_marks(text: str) -> str:
    """The words as shown in quotation marks, without doubling a mark: a quote that opens
    with a quotation mark of its own is shown as it is (its marks already show what is
    quoted), and one that ends with a closing mark gets no second one."""
    text = text.strip()
    if text[:1] in _OPENING:
        return text
    return f"“{text}{'' if text[-1:] in _CLOSING else '”'}"


def nested(text: str) -> str:
    """The words in double quotation marks for prose, a quotation inside them turned to
    single marks (APA 7 §8.32, MLA 9 §6.38, CMOS 13.30); a quote that is one quotation from
    its first mark to its last is kept as it is."""
    text = text.strip()
    inner = text[1:-1]
    if (
        text[:1] in '“"'
        and text[-1:] in '”"'
        and len(text) > 1
        and not any(mark in inner for mark in '“”"')
    ):
        return text
    swapped = text.replace("“", "‘").replace("”", "’")
    return f"“{swapped}”"


def headline_case(title: str) -> str:
    """A headline in headline style (MLA 9 §1.xx, CMOS 8.159): its first and last words and
    every major word capitalised; words in capitals or mixed case are kept as written."""
    words = title.split(" ")
    out = []
    for i, word in enumerate(words):
        bare = word.strip("“”‘’\"'(")
        edge = i == 0 or i == len(words) - 1 or (out and out[-1].endswith(":"))
        if bare and bare.islower() and (edge or bare not in _MINOR_HEADLINE):
            at = word.index(bare[0])
            word = word[:at] + word[at].upper() + word[at + 1 :]
        out.append(word)
    return " ".join(out)


def in_text(source: object, text: str, style: str = "APA") -> str:
    """The quote with its in-text citation, ready to paste into prose.

    APA 7: ``“…” (Author, 2020)``; MLA 9: ``“…” (Author)``; Chicago 17: ``“…” (Author,
    “Short Title.”)`` — the short note in parentheses, to move into a footnote."""
    words = nested(text)
    if style == "APA":
        return f"{words} {apa_in_text(source)}"
    if style == "MLA":
        return f"{words} {mla_in_text(source)}"
    if style == "Chicago":
        return f"{words} ({chicago_short_note(source)})"
    raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")


def quoted(text: str, speaker: str | None = None, role: str | None = None) -> str:
    """The quoted words, exactly as written, with who said them when that is known."""
    line = quote_marks(text)
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
