"""The chat's memory and its messages: pure functions of what the page sends back and of
the engine's answers."""

from __future__ import annotations

from collections.abc import Sequence

from ..answer import Answer, escape_markdown
from ..questions import DEFAULT_K, MAX_K
from .render import SUGGESTIONS_ON_REFUSAL, answer_markdown

# How many more quotes "More quotes" asks for, and how many shown quotes a chat remembers.
MORE_QUOTES = 5
MAX_SHOWN = 200


def conversation_state(value: object) -> dict:
    """The chat's memory, from whatever the page sent back: the last question, the one before
    it, how many quotes the last answer holds, the quotes shown so far, and those shown
    before the last answer (which *More quotes* keeps out of its longer answer)."""
    value = value if isinstance(value, dict) else {}
    question = value.get("question") if isinstance(value.get("question"), str) else None
    before = value.get("before") if isinstance(value.get("before"), str) else None
    k = (
        value.get("k")
        if isinstance(value.get("k"), int) and not isinstance(value.get("k"), bool)
        else DEFAULT_K
    )
    return {
        "question": question,
        "before": before,
        "k": max(1, min(k, MAX_K)),
        "shown": _quote_keys(value.get("shown")),
        "earlier": _quote_keys(value.get("earlier")),
    }


def _quote_keys(value: object) -> list[tuple[str, int, int]]:
    """The (file, start, end) positions in a list the page sent back; anything else dropped."""
    if not isinstance(value, list):
        return []
    return [
        (key[0], key[1], key[2])
        for key in value
        if isinstance(key, list | tuple)
        and len(key) == 3
        and isinstance(key[0], str)
        and all(isinstance(n, int) and not isinstance(n, bool) for n in key[1:])
    ]


def messages(history: object) -> list:
    """The chat's messages from whatever the page sent back (anything but a message dropped)."""
    return [m for m in history if isinstance(m, dict)] if isinstance(history, list) else []


def shown_keys(answer: Answer) -> list[tuple[str, int, int]]:
    """Each of the answer's quotes as the conversation remembers it: file, start, end."""
    return [(q.source.file, q.start, q.end) for q in answer.quotes]


def refusal_message(answer: Answer, examples: Sequence[str]) -> dict:
    """The engine's fixed refusal, with example questions offered as buttons (a chat
    message's ``options``, which Gradio's Chatbot reads from a plain message dict)."""
    suggestions = list(examples)[:SUGGESTIONS_ON_REFUSAL]
    text = answer.message
    if suggestions:
        text += "\n\nYou could ask, for example:\n" + "\n".join(
            f"- {escape_markdown(q)}" for q in suggestions
        )
    return {
        "role": "assistant",
        "content": text,
        "options": [{"value": q, "label": q} for q in suggestions],
    }


def reply(answer: Answer, examples: Sequence[str]) -> dict:
    """The chat message for an answer: its cited quotes, or the refusal with examples."""
    if answer.answered:
        return {"role": "assistant", "content": answer_markdown(answer)}
    return refusal_message(answer, examples)
