"""How sure a statement's speaker is, from how it was found.

A statement's speaker is found in one of a few ways, its *basis*: named by the subject of
the cue ("Aliyev said"), reached through a pronoun ("he said"), through a description
("the governor said"), taken as the most salient person when a description matches no one,
carried over from the quote before, read from a transcript's "NAME:" label or a post's
signature, or taken from the subject of a sentence that quotes a phrase. The confidence of
each basis is the share of right speakers measured on the development sets
(``scripts/calibrate_attribution.py`` prints the table); for a pronoun it rises with how
clearly the best antecedent won. Below ``UNCLEAR_BELOW`` a statement keeps its words and
its cue but is shown as "speaker unclear": a wrong name is worse than an honest "unclear".
"""

from __future__ import annotations

NAMED, PRONOUN, DESCRIPTION, SALIENT = "named", "pronoun", "description", "salient"
CONTINUED, TURN, SIGNATURE, PHRASE, NO_SPEAKER = "continued", "turn", "signature", "phrase", ""
BASES = (NAMED, PRONOUN, DESCRIPTION, SALIENT, CONTINUED, TURN, SIGNATURE, PHRASE)

# Share of right speakers by basis on the development sets (PolNeAR dev, the seeds' and the
# fixtures' gold rows), pulled towards 0.8 by four rows (the script's "smoothed" column). A
# pronoun's runs from a tie between two antecedents (a coin toss, so "unclear") to a clear
# win. No development row is a post's signature: it has the prior.
CALIBRATED = {
    NAMED: 0.98,
    PRONOUN: (0.45, 0.96),
    DESCRIPTION: 0.91,
    SALIENT: 0.84,
    CONTINUED: 0.93,
    TURN: 0.94,
    SIGNATURE: 0.8,
    PHRASE: 0.9,
}
UNCLEAR_BELOW = 0.5


def confidence_of(basis: str, sureness: float = 1.0) -> float:
    """The probability that a speaker found on ``basis`` is right; ``sureness`` (0..1) is
    how clearly a pronoun's best antecedent won."""
    value = CALIBRATED.get(basis)
    if value is None:
        return 0.0
    if isinstance(value, tuple):
        low, high = value
        return round(low + (high - low) * max(0.0, min(1.0, sureness)), 2)
    return value
