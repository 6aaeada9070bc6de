"""Who said what: the statements of an article and their speakers.

Pure functions over an ``Article`` and a spaCy ``Language``, in steps: ``parsing`` (one
parse per paragraph), ``cues`` (verbs of reporting and what they govern), ``quotes``
(quotation marks, embedded posts), ``mentions`` (speakers as written), ``resolution``
(pronouns and descriptions back to whom they mean), ``speakers`` (who a reporting verb's
subject is, and whose role a named speaker holds), ``reported`` (what a paragraph reports
somebody said), ``extract`` (the statements of an article), ``collection`` (the statements
of a corpus, with canonical speakers) and ``scoring`` (against gold rows).

Every offset is a Python ``str`` index into ``article.text``; ``text == article.text[start:end]``.
"""

from importlib import import_module

# What answering a question needs, loaded with the package; the rest (spaCy's parsing, the
# extractor) is loaded on first use, so that ``accordingto ask`` never compiles or imports
# the code that finds statements.
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

_LAZY = {
    "attribute_corpus": "collection",
    "canonicalize": "collection",
    "extract_corpus": "collection",
    "extract_statements": "extract",
    "REPORTING_VERBS": "lexicon",
    "can_speak": "mentions",
    "ModelMissingError": "parsing",
    "load_nlp": "parsing",
    "parse_paragraphs": "parsing",
    "sentence_spans": "parsing",
    "quote_regions": "quotes",
    "score_attribution": "scoring",
}


def __getattr__(name: str) -> object:
    """The names of the statement extractor, imported when first asked for."""
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
