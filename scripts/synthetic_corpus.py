"""Write a synthetic corpus of news-like articles, for build and scale benchmarks.

Usage: python scripts/synthetic_corpus.py OUT_DIR --articles N [--words W] [--seed S]

Every article is generated from made-up names, places and figures: a headline, paragraphs in
the outlet's voice, direct quotes, reported speech and "according to" sentences, in the
proportions of ordinary wire copy. Nothing is taken from a real article. ``--words`` sets the
length of each article (about 780 words by default, like the wire stories this app is for);
``--one-file-words`` writes a single article of that many words instead (for size limits).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FIRST = [
    "Amara", "Bogdan", "Celine", "Dario", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
    "Kasia", "Luis", "Mireille", "Nikolai", "Odile", "Pavel", "Quinn", "Rania", "Soren", "Tamsin",
    "Ulrich", "Vesna", "Wendell", "Ximena", "Yusuf", "Zofia",
]  # fmt: skip
LAST = [
    "Abernathy", "Balogun", "Castellanos", "Drummond", "Eriksen", "Ferreira", "Galloway",
    "Haddad", "Ivanova", "Jankowski", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "Okonkwo",
    "Petrakis", "Quiroga", "Rasmussen", "Sandoval", "Tanaka", "Ueda", "Valdivia", "Whitlock",
    "Yilmaz", "Zielinski",
]  # fmt: skip
PLACES = [
    "Northvale", "Port Ardent", "Kestrel Bay", "Almsford", "Varnhold", "Lisgar", "Otterburn",
    "Marrowgate", "Pellham", "Quarry Hill", "Redmere", "Stonebridge", "Tollcross", "Wexley",
]  # fmt: skip
BODIES = [
    "Ministry of Transport", "Health Department", "Water Authority", "Port Commission",
    "Teachers' Union", "Chamber of Commerce", "Housing Agency", "Energy Regulator",
    "Farmers' Federation", "Audit Office", "Fire Service", "Rail Operators' Association",
]  # fmt: skip
ROLES = [
    "spokeswoman", "spokesman", "director", "chief executive", "deputy minister", "chair",
    "senior analyst", "union leader", "mayor", "councillor",
]  # fmt: skip
TOPICS = [
    ("bridge repairs", "the bridge", "repairs"), ("school budget", "the schools", "funding"),
    ("flood defences", "the river", "flooding"), ("bus strike", "the drivers", "the strike"),
    ("hospital waiting lists", "the hospital", "waiting times"),
    ("harbour expansion", "the harbour", "the expansion"),
    ("wildfire season", "the forest", "fires"),
    ("power outage", "the grid", "the outage"), ("housing shortage", "new homes", "rents"),
    ("water rationing", "the reservoir", "rationing"),
]  # fmt: skip
VERBS_SAID = ["said", "told reporters", "said on Tuesday", "added", "warned", "argued", "insisted"]
MONTHS = ["January", "March", "May", "June", "September", "October", "November"]


def person(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return name, rng.choice(ROLES)


def figure(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(2, 900)}",
            f"{rng.randint(1, 99)},{rng.randint(100, 999)}",
            f"${rng.randint(2, 400)} million",
            f"{rng.randint(2, 60)} percent",
        ]
    )


def paragraph(rng: random.Random, topic: tuple[str, str, str], cast: list) -> str:
    subject, thing, issue = topic
    name, role = rng.choice(cast)
    body = rng.choice(BODIES)
    place = rng.choice(PLACES)
    surname = name.split()[-1]
    kind = rng.random()
    if kind < 0.25:
        return (
            f"“We have spent {figure(rng)} on {issue} and {thing} still needs work,” {surname} "
            f"{rng.choice(VERBS_SAID)}. “Nobody in {place} should have to wait another year.”"
        )
    if kind < 0.5:
        return (
            f"{name}, the {role} of the {body}, {rng.choice(VERBS_SAID)} that {figure(rng)} "
            f"people in {place} had been affected by {issue} since {rng.choice(MONTHS)}."
        )
    if kind < 0.65:
        return (
            f"According to the {body}, {issue} cost {figure(rng)} last year, up from "
            f"{figure(rng)} the year before, and {thing} will not be ready before "
            f"{rng.choice(MONTHS)}."
        )
    if kind < 0.8:
        return (
            f"Residents of {place} said the {subject} had divided the town. Some blamed the "
            f"{body}; others said {thing} had been neglected for a decade."
        )
    return (
        f"The {subject} began in {rng.choice(MONTHS)}, when {figure(rng)} households in {place} "
        f"were told that {issue} would last at least {rng.randint(2, 12)} weeks. The "
        f"{body} has not said when it will end."
    )


def article(rng: random.Random, words: int) -> str:
    topic = rng.choice(TOPICS)
    cast = [person(rng) for _ in range(4)]
    place = rng.choice(PLACES)
    lines = [
        f"{place} {topic[0]} row deepens as officials trade figures",
        f"{place.upper()} (Wire) — " + paragraph(rng, topic, cast),
    ]
    count = len(lines[1].split())
    while count < words:
        text = paragraph(rng, topic, cast)
        lines.append(text)
        count += len(text.split())
    return "\n\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--words", type=int, default=780)
    parser.add_argument("--one-file-words", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.one_file_words:
        path = args.out / "long_article.txt"
        path.write_text(article(rng, args.one_file_words), encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
        return
    for number in range(args.articles):
        text = f"date 2024-{number % 12 + 1:02d}-{number % 27 + 1:02d}\n" + article(rng, args.words)
        (args.out / f"article_{number:05d}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {args.articles} articles to {args.out}")


if __name__ == "__main__":
    main()
