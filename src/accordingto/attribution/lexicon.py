"""Word lists: the verbs that report speech and the nouns that name who can speak.

The lists come from published resources where one exists. The verbs of speaking are VerbNet
3.4's communication classes (``data/verbnet_communication.txt``); the wider verbs of
communication and cognition, and the common nouns for people and groups, are Princeton
WordNet 3.0's (``data/wordnet_verbs.txt``, ``data/wordnet_nouns.txt``); the given names
that say whether a person is a man or a woman are nomquamgender's
(``data/given_names.txt``). ``scripts/make_lexicons.py`` makes the WordNet and given-name
files; each file names its source and carries its licence. The short hand-kept lists below
are the core a news reader needs when those resources are silent or too broad.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

REPORTING_VERBS = {
    "say", "tell", "claim", "allege", "deny", "accuse", "urge", "report", "warn", "add",
    "tweet", "post", "write", "state", "announce", "insist", "confirm", "assert", "stress",
    "note", "argue", "explain", "declare", "estimate", "acknowledge", "admit", "contend",
    "maintain", "reiterate", "complain", "predict", "vow", "promise", "suggest", "reveal",
    "demand", "call", "point", "dispute", "reject", "caution", "testify", "emphasize",
    "emphasise", "concede", "charge", "boast", "respond", "reply", "counter", "repeat",
    "describe", "quote", "cite", "threaten", "recommend",
}  # fmt: skip


# Verbs whose direct object is what was said ("denied reports", "urged both sides to ...").
OBJECT_CONTENT_VERBS = {
    "deny", "accuse", "urge", "demand", "estimate", "confirm", "announce", "reiterate",
    "report", "warn", "dispute", "reject", "predict", "promise", "vow", "threaten",
    "recommend", "repeat", "reveal", "acknowledge", "admit",
}  # fmt: skip


# Verbs that only report speech with one of these prepositions ("called on X to ...").
PREPOSITION_CONTENT = {
    "call": {"on", "for"},
    "point": {"to", "out"},
    "accuse": {"of"},
    "warn": {"of", "against", "about"},
    "urge": {"to"},
    "describe": {"as"},
}


# Verbs only counted when they carry a clause or a quote of what was said.
CLAUSE_ONLY = {"write", "post", "describe", "cite", "quote", "respond", "reply", "counter"}

# Aspectual verbs: "'…,' he continued" reports speech, but with an infinitive or a gerund
# they only say that something goes on, starts or stops ("it continued to rise").
ASPECTUAL = {"continue", "resume", "begin", "start", "keep", "cease", "stop", "proceed"}


# VerbNet classes whose members report what was said (not "characterize", "judgment").
SPEECH_CLASSES = {
    "transfer_mesg", "inquire", "interrogate", "tell", "manner_speaking", "talk", "chit_chat",
    "say", "complain", "advise", "confess", "lecture", "overstate", "promise", "urge",
    "order",
}  # fmt: skip


# VerbNet classes of stating a judgement or belief ("declare", "believe", "see that"): cues
# only with a finite clause of their own, like WordNet's verbs of cognition.
CLAUSE_CLASSES = {"declare", "conjecture"}


def _data_lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _verbnet_members(classes: frozenset[str]) -> frozenset[str]:
    found, current = set(), ""
    for line in _data_lines("verbnet_communication.txt"):
        if line.startswith("["):
            current = line.strip("[]").split("-")[0]
        elif current in classes and " " not in line:
            found.add(line.strip())
    return frozenset(found)


def speech_verbs() -> frozenset[str]:
    """Members of VerbNet's classes of speaking (single words)."""
    return _verbnet_members(frozenset(SPEECH_CLASSES))


@cache
def clause_verbs() -> frozenset[str]:
    """WordNet's verbs of communication, its verbs of cognition that take a that-clause, and
    VerbNet's verbs of declaring and conjecturing."""
    found = set(_verbnet_members(frozenset(CLAUSE_CLASSES)))
    for line in _data_lines("wordnet_verbs.txt"):
        word, _, tags = line.partition("\t")
        tags = set(tags.split())
        if "communication" in tags or {"cognition", "that"} <= tags:
            found.add(word)
    return frozenset(found)


# Nouns that stand for a document a speaker issued, or the figures it published.
DOCUMENT_NOUNS = {
    "statement", "report", "release", "filing", "communique", "communiqué", "transcript",
    "post", "tweet", "letter", "document", "data", "figures", "bulletin", "announcement",
    "notice", "memo", "readout", "information", "statistics", "estimates",
}  # fmt: skip


def is_document_noun(token) -> bool:
    """Whether a noun stands for a document or published figures (see ``DOCUMENT_NOUNS``), by
    its form or its lemma: the parser's lemma of "data" is "datum", of "figures" "figure"
    (which alone is as often a person: "a key figure")."""
    return token.lower_ in DOCUMENT_NOUNS or token.lemma_.lower() in DOCUMENT_NOUNS


NOT_SPEAKERS = {"i", "we", "you", "me", "us", "one", "everyone", "nobody", "who", "that", "which"}


PERSON_PRONOUNS = {"he", "she", "him", "her"}


THING_PRONOUNS = {"it", "they", "them"}


# Head nouns of descriptions that stand for an organisation ("the company said").
INSTITUTION_NOUNS = {
    "company", "firm", "regulator", "agency", "ministry", "department", "group", "organization",
    "organisation", "body", "government", "union", "federation", "council", "office", "club",
    "team", "commission", "committee", "authority", "institute", "carmaker", "manufacturer",
    "supplier", "maker", "retailer", "bank", "league", "association", "board", "campaign",
    "airline", "insurer", "operator", "utility", "network", "broadcaster", "university",
    "hospital", "school", "district", "service", "court", "prosecutor", "administration",
}  # fmt: skip


# Nouns for what a body does rather than what it is: "the regulator" may be an agency, an
# administration or a commission; "the company" any kind of business.
_FUNCTION_NOUNS = {
    "regulator": {
        "agency", "administration", "authority", "board", "commission", "department",
        "ministry", "office", "regulator", "service",
    },
    "company": {
        "airline", "bank", "carmaker", "company", "firm", "group", "insurer", "maker",
        "manufacturer", "network", "operator", "retailer", "supplier", "utility",
    },
}  # fmt: skip
_FUNCTION_NOUNS["firm"] = _FUNCTION_NOUNS["company"]


def kinds_meant_by(head: str) -> set[str]:
    """The kinds of body a description's head noun may mean ("the regulator": an agency, an
    administration…; "the union": a union)."""
    return _FUNCTION_NOUNS.get(head, {head})


# Common nouns for people and groups who make statements. A subject that is none of these,
# no named entity and no person ("the village claimed", "two tanks reported") is a misparse.
PEOPLE_NOUNS = {
    "official", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "leader",
    "chief", "head", "director", "secretary", "chairman", "chairwoman", "chair", "mayor",
    "governor", "senator", "lawmaker", "legislator", "politician", "diplomat", "ambassador",
    "envoy", "general", "commander", "officer", "soldier", "troop", "force", "army", "military",
    "police", "rebel", "separatist", "militant", "fighter", "expert", "analyst", "researcher",
    "scientist", "doctor", "physician", "nurse", "witness", "resident", "citizen", "people",
    "person", "man", "woman", "child", "family", "parent", "victim", "survivor", "source",
    "critic", "supporter", "opponent", "activist", "protester", "campaigner", "lawyer",
    "attorney", "judge", "investigator", "inspector", "representative", "member", "candidate",
    "voter", "worker", "employee", "executive", "founder", "owner", "manager", "coach",
    "player", "athlete", "referee", "fan", "teacher", "student", "professor", "author",
    "writer", "journalist", "reporter", "editor", "observer", "monitor", "mediator",
    "negotiator", "ally", "neighbour", "neighbor", "power", "nation", "country", "state",
    "side", "party", "regime", "coalition", "alliance", "bloc", "staff", "crew", "user",
    "customer", "patient", "parliament", "senate", "congress", "cabinet", "palace", "embassy",
    "presidency", "kremlin", "leadership", "spokespeople", "officials", "authorities",
}  # fmt: skip


# Texts that "call for" or "find" things in their own name, unlike a statement quoting someone.
SELF_STANDING_TEXTS = {
    "resolution", "ruling", "verdict", "survey", "poll", "study", "treaty", "database", "analysis",
    "tally", "tracker",
}  # fmt: skip


@cache
def _wordnet_nouns() -> dict[str, frozenset[str]]:
    text = resources.files(__package__).joinpath("data", "wordnet_nouns.txt")
    found = {}
    for line in text.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, tags = line.partition("\t")
            found[word] = frozenset(tags.split())
    return found


def has_person_sense(lemma: str) -> bool:
    """Whether WordNet gives a common noun any sense for a person, however rare ("striker",
    "computer"; not "sensor")."""
    return "person" in _wordnet_nouns().get(lemma, frozenset())


def is_person_noun(lemma: str) -> bool:
    """Whether a common noun names a person: our own list, or WordNet's people, when its
    most frequent sense is a person or it has no sense as a thing or a group ("governor",
    "businessman", "first lady"; not "company", "trawler" or "village")."""
    if lemma in PEOPLE_NOUNS:
        return True
    tags = _wordnet_nouns().get(lemma, frozenset())
    if lemma in INSTITUTION_NOUNS or "first-group" in tags:
        return False
    return "first-person" in tags or (
        "person" in tags and "artifact" not in tags and "group" not in tags
    )


MALE, FEMALE = "m", "f"


TITLE_GENDER = {
    "mr": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "sir": MALE, "dame": FEMALE,
    "lord": MALE, "lady": FEMALE, "madam": FEMALE,
}  # fmt: skip


# English nouns that say whether a person is a man or a woman.
FEMALE_WORDS = {
    "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "councilwoman", "actress",
    "mother", "wife", "daughter", "sister", "grandmother", "widow", "queen", "princess",
    "woman", "girl", "aunt", "niece", "stepmother", "girlfriend", "duchess", "empress",
    "policewoman", "sportswoman", "anchorwoman", "first lady",
}  # fmt: skip


MALE_WORDS = {
    "spokesman", "chairman", "congressman", "businessman", "councilman", "actor", "father",
    "husband", "son", "brother", "grandfather", "widower", "king", "prince", "man", "boy",
    "uncle", "nephew", "stepfather", "boyfriend", "duke", "emperor", "policeman",
    "sportsman", "anchorman",
}  # fmt: skip


# Abbreviated titles, as the role words they stand for ("Gov. Mike Pence": a governor).
TITLE_ROLES = {
    "gov": "governor", "sen": "senator", "rep": "representative", "pres": "president",
    "gen": "general", "lt": "lieutenant", "col": "colonel", "sgt": "sergeant",
    "adm": "admiral", "atty": "attorney", "supt": "superintendent", "prof": "professor",
    "dr": "doctor", "amb": "ambassador", "sec": "secretary", "del": "delegate",
    "cmdr": "commander", "capt": "captain", "insp": "inspector", "det": "detective",
}  # fmt: skip


# Nouns a person has ("her office", "the campaign" of whoever the story is about).
RELATIONAL_NOUNS = {
    "campaign", "office", "team", "family", "lawyer", "lawyers", "attorney", "attorneys",
    "aide", "aides", "spokesman", "spokeswoman", "spokesperson", "staff", "administration",
    "government", "party", "camp", "allies", "supporters", "representatives", "advisers",
    "advisors", "adviser", "advisor", "wife", "husband", "son", "daughter",
}  # fmt: skip


@cache
def given_names() -> dict[str, str]:
    """Given names nearly always given to women ("f") or men ("m"), lower-case."""
    text = resources.files(__package__).joinpath("data", "given_names.txt")
    found = {}
    for line in text.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, gender = line.partition("\t")
            found[name] = gender
    return found


def role_words(text: str) -> set[str]:
    """The role words of a phrase, abbreviated titles spelled out ("Gov." -> "governor")."""
    words = set()
    for word in re.findall(r"[A-Za-z][\w-]*\.?", text):
        bare = word.rstrip(".").lower()
        words.add(TITLE_ROLES.get(bare, bare))
    return words


def title_gender(roles) -> str | None:
    for role in roles:
        if role in TITLE_GENDER:
            return TITLE_GENDER[role]
    return None


def gender_of_words(words: set[str]) -> str | None:
    """The gender a set of role words states, if any."""
    female, male = bool(words & FEMALE_WORDS), bool(words & MALE_WORDS)
    if female != male:
        return FEMALE if female else MALE
    return None
