"""Who said what: the statements of an article and their speakers.

Pure functions over an ``Article`` and a spaCy ``Language``, in steps: ``parsing`` (one
parse per paragraph), ``cues`` (verbs of reporting and what they govern), ``quotes``
(quotation marks, embedded posts), ``mentions`` (speakers as written), ``resolution``
(pronouns and descriptions back to whom they mean), ``extract`` (the statements of an
article and a corpus) and ``scoring`` (against gold rows).

Every offset is a Python ``str`` index into ``article.text``; ``text == article.text[start:end]``.
"""

from .extract import attribute_corpus, canonicalize, extract_corpus, extract_statements
from .lexicon import REPORTING_VERBS
from .mentions import can_speak
from .parsing import ModelMissingError, load_nlp, parse_paragraphs, sentence_spans
from .quotes import quote_regions
from .records import (
    ACCORDING_TO,
    ATTRIBUTION_VERSION,
    DIRECT,
    INDIRECT,
    MODEL_NAME,
    MODEL_PACKAGE,
    OUTLET,
    Statement,
    group_of,
    statement_at,
)
from .scoring import score_attribution

__all__ = [
    "ACCORDING_TO",
    "ATTRIBUTION_VERSION",
    "DIRECT",
    "INDIRECT",
    "MODEL_NAME",
    "MODEL_PACKAGE",
    "OUTLET",
    "REPORTING_VERBS",
    "ModelMissingError",
    "Statement",
    "attribute_corpus",
    "can_speak",
    "canonicalize",
    "extract_corpus",
    "extract_statements",
    "group_of",
    "load_nlp",
    "parse_paragraphs",
    "quote_regions",
    "score_attribution",
    "sentence_spans",
    "statement_at",
]
