"""The attribute ruler's matching, with its one-token rules looked up in tables.

The small English pipeline's attribute ruler maps each fine tag to a coarse part of speech
and morphology (the lemmatizer reads both), with exceptions for particular words. It holds
179 rules, and spaCy's ``Matcher`` tries every one at every token: that took about as long
as the dependency parser, 18% of parsing a collection. All but nine rules test one token for
exact values (its tag, its lower-case form, its dependency, whether it is a space), so they
are a look-up: this module finds their matches through tables keyed by tag or word, and
leaves the other rules to a ``Matcher`` of their own. The matches, and their order, are
exactly those of the ruler's own ``match``; ``set_annotations`` is the ruler's.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

Match = tuple[int, int, int, int]  # (rule number, match id, start, end), as the ruler sorts them

# Token attributes a tabled rule may test, in the columns of ``Doc.to_array``: three stored as
# string hashes, and one flag.
_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_FLAGS = ("IS_SPACE",)

# What a one-token rule tests: (column, values, whether the values are refused rather than
# required), the values as ``Doc.to_array`` gives them.
Tests = tuple[tuple[int, frozenset[int], bool], ...]


def _tests_of(token_pattern: dict[str, Any], strings) -> Tests | None:
    """What a one-token pattern tests, by column, when every test is on a tabled attribute
    and an exact value or a list of values (``IN``, ``NOT_IN``); None when the pattern needs
    the ``Matcher``."""
    tests = []
    for attribute, value in token_pattern.items():
        if attribute not in _COLUMNS:
            return None
        refused = False
        if isinstance(value, dict):
            if len(value) != 1:
                return None
            ((operator, values),) = value.items()
            if operator not in ("IN", "NOT_IN") or not isinstance(values, list):
                return None
            refused = operator == "NOT_IN"
        else:
            values = [value]
        if attribute in _FLAGS:
            if not all(isinstance(v, bool) for v in values):
                return None
            accepted = frozenset(int(v) for v in values)
        else:
            if not all(isinstance(v, str) for v in values):
                return None
            accepted = frozenset(strings.add(v) for v in values)
        tests.append((_COLUMNS.index(attribute), accepted, refused))
    return tuple(tests) if tests else None


class TagTableMatch:
    """A stand-in for ``AttributeRuler.match``: the same matches, found faster."""

    def __init__(self, ruler: AttributeRuler) -> None:
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        strings = ruler.vocab.strings
        # Rules by the tag they need, by the word they need, and those needing neither.
        self._by_tag: dict[int, list[tuple[int, int, Tests]]] = defaultdict(list)
        self._by_word: dict[int, list[tuple[int, int, Tests]]] = defaultdict(list)
        self._anywhere: list[tuple[int, int, Tests]] = []
        self._others = Matcher(ruler.vocab, validate=False)
        self._columns = [IDS[name] for name in _COLUMNS]
        for number in range(len(ruler.attrs)):
            key = str(number)
            match_id = strings[key]
            patterns = ruler.matcher.get(key)[1]
            tabled = [_tests_of(p[0], strings) if len(p) == 1 else None for p in patterns]
            if any(tests is None for tests in tabled):
                self._others.add(key, patterns)
                continue
            for tests in tabled:
                self._file((number, match_id, tests))

    def _file(self, rule: tuple[int, int, Tests]) -> None:
        """File a rule under each value of the tag or word it requires, with the tests left
        once that value is found (most tag rules have none left)."""
        number, match_id, tests = rule
        for column, table in ((0, self._by_tag), (1, self._by_word)):
            filed_by = [t for t in tests if t[0] == column and not t[2]]
            if filed_by:
                rest = tuple(t for t in tests if t is not filed_by[0])
                for value in filed_by[0][1]:
                    table[value].append((number, match_id, rest))
                return
        self._anywhere.append(rule)

    def __call__(self, doc: Doc) -> list[Match]:
        """The ruler's matches in ``doc``, sorted as ``AttributeRuler.match`` sorts them."""
        found: set[Match] = set()  # a rule whose alternatives overlap matches a token once
        for start, row in enumerate(doc.to_array(self._columns).tolist()):
            for rules in (self._by_tag.get(row[0]), self._by_word.get(row[1]), self._anywhere):
                for number, match_id, tests in rules or ():
                    if not tests or _passes(row, tests):
                        found.add((number, match_id, start, start + 1))
        strings = doc.vocab.strings
        found.update(
            (int(strings[match_id]), match_id, start, end)
            for match_id, start, end in self._others(doc, allow_missing=True)
        )
        return sorted(found)


def _passes(row: list[int], tests: Tests) -> bool:
    # A loop rather than ``all()`` over a generator: this runs for most tokens of a build.
    for column, values, refused in tests:  # noqa: SIM110
        if (row[column] in values) == refused:
            return False
    return True


def match_tags_by_table(ruler: AttributeRuler) -> None:
    """Make ``ruler`` find its matches with a ``TagTableMatch`` (same result, less time)."""
    ruler.match = TagTableMatch(ruler)  # type: ignore[method-assign]
