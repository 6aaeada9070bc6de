"""The chat's memory and messages: pure functions, tested without Gradio or a server."""

from __future__ import annotations

import sys

from accordingto.questions import DEFAULT_K, MAX_K
from accordingto.web.conversation import (
    conversation_state,
    messages,
    refusal_message,
    reply,
    shown_keys,
)
from accordingto.web.render import answer_markdown

OUTSIDE = "What is the recipe for a lemon drizzle cake?"
INSIDE = "What did Armenia's Defense Ministry say?"


def test_the_memory_survives_anything_the_page_sends_back():
    empty = {"question": None, "before": None, "k": DEFAULT_K, "shown": [], "earlier": []}
    for junk in (None, "text", 3, [], {"k": True}, {"k": "9", "shown": "x", "question": 4}):
        assert conversation_state(junk) == empty
    kept = conversation_state(
        {
            "question": "q",
            "before": "b",
            "k": 10_000,
            "shown": [["f.txt", 1, 9], ["f", True, 2]],
            "earlier": [["e.txt", 0, 4], "x"],
        }
    )
    assert kept == {
        "question": "q",
        "before": "b",
        "k": MAX_K,
        "shown": [("f.txt", 1, 9)],
        "earlier": [("e.txt", 0, 4)],
    }


def test_only_messages_are_kept_from_the_history():
    message = {"role": "user", "content": "hi"}
    assert messages([message, "stray", 3, None]) == [message]
    assert messages("not a list") == []


def test_a_refusal_is_a_plain_message_offering_the_examples_as_buttons(engine):
    answer = engine.ask(OUTSIDE)
    assert not answer.answered
    examples = ["Who said *this*?", "What <b>happened</b>?", "Third?", "Fourth?"]
    message = refusal_message(answer, examples)
    assert isinstance(message, dict) and message["role"] == "assistant"
    assert message["content"].startswith(answer.message)
    offered = [option["value"] for option in message["options"]]
    assert offered and offered == examples[: len(offered)]
    assert all(option["label"] == option["value"] for option in message["options"])
    # In the text the examples are escaped: Markdown shows them as written.
    assert "<b>" not in message["content"] and "\\*this\\*" in message["content"]


def test_a_reply_is_the_answer_or_the_refusal(engine):
    answered = engine.ask(INSIDE)
    assert answered.answered
    message = reply(answered, ["An example?"])
    assert message["role"] == "assistant" and "options" not in message
    assert message["content"] == answer_markdown(answered)
    assert len(shown_keys(answered)) == len(answered.quotes)
    refused = reply(engine.ask(OUTSIDE), ["An example?"])
    assert refused["options"] == [{"value": "An example?", "label": "An example?"}]


def test_the_conversation_module_does_not_need_gradio():
    module = sys.modules["accordingto.web.conversation"]
    assert "gr" not in vars(module) and "gradio" not in vars(module)
