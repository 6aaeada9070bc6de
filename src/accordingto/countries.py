"""Country names (``data/countries.txt``: ISO 3166-1 and everyday short forms) and finding
them, or their people ("North Korean"), in a text; and the continents and polar regions,
which are places whatever the parser calls them."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .vocabulary import DEMONYM_ENDINGS, fold, place_stem

_ENDING = "(?:" + "|".join(DEMONYM_ENDINGS) + ")"


@lru_cache(maxsize=1)
def country_names() -> tuple[str, ...]:
    """Every country name in the list, as written there."""
    text = resources.files("accordingto").joinpath("data/countries.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern:
    alternatives = []
    for name in sorted(country_names(), key=len, reverse=True):
        *first, last = name.split()
        last_form = re.escape(last)
        if last.isalpha() and not last.isupper():
            # "Korea" also finds "Korean", "Koreans", "Iran" "Iranian", "Mexico" "Mexican":
            # its people.
            stem = last[:-1] if last.endswith("o") else last[: len(place_stem(last))]
            last_form = f"(?:{last_form}|{re.escape(stem)}{_ENDING})"
        alternatives.append(r"\s+".join([*map(re.escape, first), last_form]))
    return re.compile(rf"(?<![\w.])(?:{'|'.join(alternatives)})(?!\w)")


def countries_in(text: str) -> list[str]:
    """The country names a text uses, and the words for their people, as written."""
    return [found.group() for found in _country_pattern().finditer(text)]


# The parser often takes a continent for an organisation or a person (in the possessive
# especially: "Europe’s ports"), and a corpus may never name it where the parser knows better.
CONTINENTS = frozenset(
    {"africa", "antarctica", "antarctic", "arctic", "asia", "eurasia", "europe", "oceania"}
)


def is_world_place(word: str) -> bool:
    """Whether a word, as written (possessive and all), is a country or a continent."""
    folded = fold(word)
    return folded in CONTINENTS or any(found == word for found in countries_in(word))
