"""Page furniture of news articles: web-page chrome, datelines, bylines, timestamps,
embedded posts and their signatures, photo captions and credits.

General rules over the shapes these lines take in agency and newspaper copy; no outlet is
named. Each function looks at one paragraph's text and says what it is (pure functions).
"""

from __future__ import annotations

import re

from .calendar_words import WEEKDAYS, month_names

_DASH = r"(?:—|–|--|-)"
# A place in capitals ("NEW YORK", "KYIV, Ukraine", "WASHINGTON, D.C.") with an optional
# agency in brackets ("(AP)"), or a place in capitalised words followed by an outlet's short
# capitalised name ("London XYZ"), or that short name alone: then a dash opening the story.
_CAPS_WORD = r"[A-Z][A-Z.'’-]+"
_NAME_WORD = r"[A-Z][A-Za-z.'’-]*"
_DATELINE = re.compile(
    rf"(?:{_CAPS_WORD}(?:[ ,]+(?:{_CAPS_WORD}|{_NAME_WORD})){{0,4}}"
    rf"(?:\s*\([A-Z][\w&.' -]{{0,24}}\))?"
    rf"|(?:{_NAME_WORD}\s+){{0,3}}[A-Z]{{2,6}})"
    rf"\s*{_DASH}"
)
# Nothing but a dateline (the story text starts in the next paragraph).
_DATELINE_ALONE = re.compile(rf"{_DATELINE.pattern}\s*")


def dateline_end(paragraph_text: str) -> int | None:
    """Where the dateline that opens a paragraph ends ("NEW YORK (AP) — The..." → the
    offset of "The"), or None when the paragraph does not open with one.

    A dateline is a place and an agency before the dash that opens a story; only a story's
    first paragraph can hold one, which the caller decides.
    """
    match = _DATELINE.match(paragraph_text)
    if not match:
        return None
    rest = paragraph_text[match.end() :]
    after = len(rest) - len(rest.lstrip())
    story = rest.lstrip()
    # The story goes on after the dash and a space with a word, a number or a quotation.
    if after == 0 or not story or not (story[0].isalnum() or story[0] in "“\"‘'"):
        return None
    return match.end() + after


def is_dateline(paragraph_text: str) -> bool:
    """Whether a paragraph is only a dateline ("LONDON (AP) —", "Nairobi XYZ —")."""
    return bool(_DATELINE_ALONE.fullmatch(paragraph_text.strip()))


# "By Jane Doe", "By Jane Doe and Sam Roe, The Daily Example", "By JANE DOE | Wire": every
# word a capitalised name or a joining word, and no sentence after it.
_BYLINE_JOINERS = {"and", "&", "of", "the", "de", "van", "von", "da", "del", "la", "le", "|"}
_BYLINE_MAX_WORDS = 14


def is_byline(paragraph_text: str) -> bool:
    """Whether a paragraph is a byline: "By" and the names of its writers (and outlet)."""
    stripped = paragraph_text.strip()
    if not stripped.startswith("By ") or stripped.endswith((".", "!", "?", ":")):
        return False
    words = stripped[3:].replace(",", " ").replace("|", " | ").split()
    if not words or len(words) > _BYLINE_MAX_WORDS or not words[0][:1].isupper():
        return False
    return all(word[:1].isupper() or word.lower() in _BYLINE_JOINERS for word in words)


_MONTH = rf"(?:{'|'.join(month_names())})\.?"
# A weekday by its first three letters and any more ("Tues", "Thurs", "Thursday").
_WEEKDAY = rf"(?:{'|'.join(day[:3] for day in WEEKDAYS)})[a-z]*\.?"
_TIME = r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?|[AP]\.?M\.?)?(?:\s+[A-Z]{2,4}\b)?"
_DAY = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2})"
)
_STAMP_WORD = r"(?i:(?:last\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at))?\s*:?\s*)"
# "Updated 3:45 p.m. ET, March 3, 2022", "12:05 p.m. ET", "Published 10:02 AM EST, Thu March
# 3, 2022", "Updated March 3, 2022": when a live blog or a page was last changed.
_TIMESTAMP = re.compile(
    rf"(?:{_STAMP_WORD}(?:{_WEEKDAY},?\s+)?(?:{_TIME}|{_DAY})|(?:{_WEEKDAY},?\s+)?{_TIME})"
    rf"(?:\s*,?\s*(?:{_WEEKDAY},?\s+)?(?:{_DAY}|{_TIME}))*\s*"
)


def is_timestamp(paragraph_text: str) -> bool:
    """Whether a paragraph is only a time stamp: a time (with its day), or "Updated" or
    "Published" and when."""
    return bool(_TIMESTAMP.fullmatch(paragraph_text.strip()))


# A photographer's credit closing a caption: "… on Monday. Jane Doe/Agency", "… Agency
# Images", "(Photo: …)". It follows the caption's last sentence, and no sentence follows it.
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|da|del|la|le))*"
_PHOTO_CREDIT = re.compile(
    rf"(?:(?<=[.!?”\"’)])|^)\s*(?:"
    rf"{_NAME}\s*/\s*{_NAME}(?:\s*/\s*{_NAME})*"  # Name/Agency, Name/Agency/Agency
    rf"|(?:{_NAME}\s+)?(?:via\s+)?{_NAME}\s+(?:Images|Pictures|Photos|Photography)"
    rf"|\((?:Photo|Photograph|Image|Picture)s?\s*(?:by|:)[^()]*\)"
    rf"|(?:Photo|Photograph|Image|Picture)s?\s*(?:by|:)\s*{_NAME}(?:\s*/\s*{_NAME})*"
    rf")\s*$"
)


def ends_in_photo_credit(paragraph_text: str) -> bool:
    """Whether a paragraph ends in a photographer's or picture agency's credit, as a photo
    caption does."""
    return bool(_PHOTO_CREDIT.search(paragraph_text.strip()))


def closing_credit_start(text: str) -> int:
    """Where a photographer's credit closing a caption's sentence begins (``len(text)`` when
    there is none, or when the credit is all the text holds)."""
    match = _PHOTO_CREDIT.search(text)
    if not match or not text[: match.start()].strip():
        return len(text)
    return len(text[: match.start()].rstrip())


# A credit in parentheses closing a caption: "(Azerbaijan's Defense Ministry via AP)",
# "(AP Photo/Jane Doe)", "(Jane Doe/Reuters)", "(Photo: Jane Doe)". It is not part of what the
# caption says, so a quote of the caption ends before it.
_PAREN_CREDIT = re.compile(
    r"\s*\((?:"
    rf"[^()]*\bvia\s+{_NAME}"  # … via AP
    r"|[^()]*\b(?:Photo|Photograph|Image|Picture)s?\b[^()]*"  # AP Photo/…, Photo: …
    rf"|{_NAME}\s*/\s*{_NAME}(?:\s*/\s*{_NAME})*"  # Name/Agency
    r")\)\s*$"
)


def credit_start(text: str) -> int:
    """Where a photo credit in parentheses at the end of ``text`` begins (with the space
    before it), or ``len(text)`` when there is none."""
    match = _PAREN_CREDIT.search(text)
    return match.start() if match and match.start() > 0 else len(text)


# A photographer's credit opening a caption, as a gallery copied from a page gives it ("Jane
# Doe/AP Fans wave…", "Jo Roe/Pool/Getty Images The king…", "Getty Images Crowds…"):
# capitalised words joined by slashes (or "via"), the last part one word or words ending in
# an agency's word; or an agency's "… Images". The photographer may be set off from the
# agency by a dash ("Jo Roe - Pool/Agency Images"), or stand as a dash for no name
# ("-/Agency"), and a lower-case agency may stand between two slashes ("/dpa/"). Lower-case
# words anywhere else ("of") end the match: such a credit is left in place rather than a
# caption's own words cut.
_AGENCY_WORD = r"(?:Images?|Pictures|Photos|Photography|Collection|Archives?|Network|Library)"
_CAPITALISED = r"[A-Z][\w'’.&-]*"
_WORDS = rf"(?:{_CAPITALISED}\s+){{0,3}}{_CAPITALISED}"
_SLASH = r"\s*[/\\]+\s*"
_CREDIT = (
    rf"(?:(?:{_WORDS}(?:\s+-\s+{_WORDS})?|-)"  # the photographer, or a dash for none
    rf"(?:(?:{_SLASH}|\s+via\s+)(?:{_WORDS}|[a-z][\w.-]*(?={_SLASH})))*"
    rf"(?:{_SLASH}|\s+via\s+)(?:(?:{_CAPITALISED}\s+){{1,3}}{_AGENCY_WORD}|{_CAPITALISED})"
    rf"|(?:{_CAPITALISED}\s+){{1,2}}{_AGENCY_WORD})"
)
_OPENING_CREDIT = re.compile(rf"{_CREDIT}\s+(?=[A-Z“\"‘0-9])")
_WHOLE_CREDIT = re.compile(_CREDIT)
_AGENCY_END = re.compile(rf"\b{_AGENCY_WORD}\s*$")


def opening_credit_end(text: str) -> int:
    """Where a photo credit that opens a caption ends, with the space after it (0 when
    ``text`` does not open with one)."""
    match = _OPENING_CREDIT.match(text)
    return match.end() if match and _shows_credit(match.group()) else 0


def is_photo_credit(text: str) -> bool:
    """Whether a text is only a photo credit ("Jane Doe/Agency", "Jo van Roe/Agency Images",
    "Jo Roe/Agency via Agency Images"), which says nothing of its own."""
    stripped = text.strip()
    whole = _WHOLE_CREDIT.fullmatch(stripped)
    return bool(_PHOTO_CREDIT.match(stripped) or (whole and _shows_credit(stripped)))


def _shows_credit(credit: str) -> bool:
    # "via" alone joins no credit ("Residents via Main Street…"): a slash or an agency's
    # word must show it is one.
    return bool(re.search(r"[/\\]", credit) or _AGENCY_END.search(credit))


# Generic web-page furniture that survives copying an article out of a browser.
CHROME_LINES = {
    "accessibility links", "skip to content", "skip to main content", "breaking news",
    "update", "updated", "advertisement", "share", "share this", "share this article",
    "print", "email", "comments", "related", "related articles", "related stories", "menu",
    "search", "sign up", "subscribe", "newsletter", "image", "photo", "video", "loading",
    "close", "next", "previous", "back to top", "more", "listen", "watch", "live",
}  # fmt: skip
_CHROME_PATTERNS = [
    re.compile(r"^[A-Z]{1,3}$"),  # layout breakpoints and lone tags: XS, SM, MD
    re.compile(r"^\d+x\d+\s+image$", re.I),
    re.compile(r"^[•·▪►*-]\s*\S*(?:\s+\S+){0,3}$"),  # bullet-led scraps
    re.compile(r"^(?:read more|see also|related|also read|watch|listen)\s*:", re.I),
    re.compile(r"^source\s*:", re.I),
    re.compile(r"\bbyline\b", re.I),  # an outlet's "stories with this byline" blurb
]


def is_chrome(paragraph_text: str) -> bool:
    """Whether a paragraph is generic web-page chrome: a menu's or a button's words, a
    layout tag, a bullet-led scrap, a "Read more:" or "Source:" line."""
    stripped = paragraph_text.strip()
    if stripped.lower().strip(" •·:") in CHROME_LINES:
        return True
    return any(pattern.search(stripped) for pattern in _CHROME_PATTERNS)


# The "— Name (@handle) March 3, 2022" line under an embedded post, and the name in it: the
# words before the first handle.
_POST_SIGNATURE = re.compile(r"^[—–-]\s*.{1,80}\(@\w{1,30}\)\s+\w+\.? \d{1,2},? \d{4}\s*$")
_POSTER = re.compile(r"^[—–-]\s*(.{1,80}?)\s*\(@\w{1,30}\)")


def is_post_signature(paragraph_text: str) -> bool:
    """Whether a paragraph is the signature under an embedded post: a dash, the poster's
    name and handle, and the day it was posted."""
    return bool(_POST_SIGNATURE.match(paragraph_text))


def post_signature_name(paragraph_text: str) -> str | None:
    """The poster's name at the start of a post's signature line (the words before the first
    handle), or None when the paragraph does not start as one."""
    found = _POSTER.match(paragraph_text)
    return found.group(1).strip() if found else None


_EMBED_MARKERS = re.compile(r"pic\.twitter\.com/|\bt\.co/|instagram\.com/p/", re.I)


def links_to_post(paragraph_text: str) -> bool:
    """Whether a paragraph links to a social-media post or picture, as an embedded post
    does."""
    return bool(_EMBED_MARKERS.search(paragraph_text.strip()))


_CAPTION_OPENINGS = re.compile(
    r"^(?:in this (?:handout |file |undated )?(?:photo|image|grab|picture|video)|"
    r"an? (?:image|video) grab|a handout|handout photo|file photo)\b",
    re.I,
)
_CAPTION_CREDIT = re.compile(
    r"(?:\((?:[^()]*\b(?:Photo|Photos|via|Handout|Images|Pool)\b[^()]*|[A-Z][\w.&-]{1,20})\)"
    r"|\bCredit:\s*[^\n]*|\bHandout\s*/\s*[^\n]*)\s*$"
)


def is_caption(paragraph_text: str) -> bool:
    """Whether a paragraph is a photo's caption: it opens as one ("In this photo", "A
    handout") or ends in a credit."""
    stripped = paragraph_text.strip()
    if _CAPTION_OPENINGS.search(stripped) or _CAPTION_CREDIT.search(stripped):
        return True
    return ends_in_photo_credit(stripped)
