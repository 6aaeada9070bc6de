"""The chat: the answers, the question box and *More quotes*, with the listeners that ask,
ask for more, pick a suggested question and clear the conversation.

Each answer also fills the side panel (:mod:`.sources_panel`) with its sources and who says
what; clearing the chat resets that panel too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import gradio as gr

from ..answer import Answer, literal_markdown
from ..questions import DEFAULT_K, MAX_K, BadQuestion, clean_question, valid_text
from .adding import CurrentEngine
from .conversation import (
    MAX_SHOWN,
    MORE_QUOTES,
    conversation_state,
    messages,
    reply,
    shown_keys,
)
from .render import sources_html, viewer_html, who_says_what_html
from .sources_panel import SourcesPanel

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Engine

SHOWN_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class ChatPanel:
    """The chat's components that listeners read or update."""

    chatbot: gr.Chatbot
    question: gr.Textbox
    more_button: gr.Button


def chat_panel(examples: Sequence[str]) -> ChatPanel:
    """The chat, the question box and the *More quotes* button, in the current column;
    ``examples`` are the questions offered before the first."""
    chatbot = gr.Chatbot(
        label="Answers",
        show_label=False,
        elem_id="at-chat",
        height=560,
        buttons=["copy"],
        examples=[{"text": q} for q in examples],
        placeholder="**Ask a question about the articles**, or pick an example below.",
        feedback_options=None,
        allow_tags=False,
        layout="panel",
        # Scrolled by page.js to the start of each new answer, not to its end.
        autoscroll=False,
    )
    with gr.Row(elem_id="at-ask-row"):
        question = gr.Textbox(
            label="Your question",
            placeholder="Ask about the articles…",
            lines=1,
            max_lines=4,
            scale=5,
            elem_id="at-question",
            submit_btn="Ask",
        )
    more_button = gr.Button(
        "More quotes",
        variant="secondary",
        size="sm",
        interactive=False,
        elem_id="at-more",
    )
    return ChatPanel(chatbot, question, more_button)


def _outputs(engine: Engine, history: list, answer: Answer, state: dict) -> tuple:
    """What an answer changes: the chat, the side panel, the memory, the emptied question
    box, the sources tab and whether more quotes can be asked for."""
    note = "" if answer.answered else answer.message.replace("\\", "")
    return (
        history,
        sources_html(engine, answer.quotes, note, answer.question),
        who_says_what_html(answer.quotes),
        state,
        "",
        gr.Tabs(selected="sources"),
        gr.Button(interactive=answer.answered and state["k"] < MAX_K),
    )


def wire_chat(
    chat: ChatPanel,
    side: SourcesPanel,
    conversation: gr.State,
    current: CurrentEngine,
    examples: Sequence[str],
) -> None:
    """Asking, *More quotes*, the suggested questions and clearing the chat."""

    # These listeners are private (not in the API), but the page calls them through the
    # queue with values from the browser, so each one takes any value without failing badly:
    # what it cannot use gets a gr.Error with a message, never a traceback.

    def respond(message: str, history: list, conversation: dict | None) -> tuple:
        """Answer a question in the chat; the conversation remembers the question and the
        quotes shown, so that a follow-up can refer back and prefer quotes not yet shown."""
        try:
            clean_question(message)
        except BadQuestion as problem:
            raise gr.Error(str(problem), title="Please type a question") from None
        state = conversation_state(conversation)
        engine = current()
        answer = engine.ask(
            message, k=DEFAULT_K, follow_up_to=state["question"], shown=state["shown"]
        )
        if answer.notice:
            gr.Warning(answer.notice)
        history = messages(history)
        # What the user typed, as text (markup shown, not run), without invalid characters.
        typed = valid_text(message)[0]
        typed = typed if len(typed) <= SHOWN_QUESTION_CHARS else typed[:SHOWN_QUESTION_CHARS] + "…"
        history.append({"role": "user", "content": literal_markdown(typed)})
        history.append(reply(answer, examples))
        state = {
            "question": answer.question,
            "before": state["question"],
            "k": DEFAULT_K,
            "shown": [*state["shown"], *shown_keys(answer)][-MAX_SHOWN:],
            "earlier": state["shown"][-MAX_SHOWN:],
        }
        return _outputs(engine, history, answer, state)

    def more(history: list, conversation: dict | None) -> tuple:
        """The last answer again with more quotes (five more, up to the most an answer holds)."""
        state = conversation_state(conversation)
        if not state["question"]:
            raise gr.Error("Ask a question first.")
        if state["k"] >= MAX_K:
            raise gr.Error(f"An answer holds at most {MAX_K} quotes.")
        k = min(state["k"] + MORE_QUOTES, MAX_K)
        engine = current()
        # The longer answer, still preferring quotes the answers before it did not show.
        answer = engine.ask(
            state["question"], k=k, follow_up_to=state["before"], shown=state["earlier"]
        )
        history = messages(history)
        if history and history[-1].get("role") == "assistant":
            history[-1] = reply(answer, examples)
        else:
            history.append(reply(answer, examples))
        shown = [*state["earlier"], *shown_keys(answer)][-MAX_SHOWN:]
        return _outputs(engine, history, answer, state | {"k": k, "shown": shown})

    def pick(evt: gr.SelectData, history: list, prev: dict | None) -> tuple:
        value = getattr(evt, "value", None)
        text = value.get("text") if isinstance(value, dict) else value
        return respond(text if isinstance(text, str) else "", history, prev)

    def clear() -> tuple:
        """Everything that belongs to the conversation, as before the first question."""
        engine = current()
        return (
            sources_html(engine, ()),
            who_says_what_html(()),
            None,
            "",
            gr.Tabs(selected="sources"),
            gr.Button(interactive=False),
            viewer_html(engine, None),
            gr.Dropdown(value=None),
            "",
        )

    private = {"api_visibility": "private"}
    chatbot, question, more_button = chat.chatbot, chat.question, chat.more_button
    ask_outputs = [chatbot, side.sources, side.who, conversation, question, side.tabs, more_button]
    question.submit(respond, [question, chatbot, conversation], ask_outputs, **private)
    more_button.click(more, [chatbot, conversation], ask_outputs, **private)
    chatbot.clear(
        clear,
        None,
        [side.sources, side.who, conversation, question, side.tabs, more_button, side.viewer,
         side.article_pick, side.article_statements],
        **private,
    )  # fmt: skip
    chatbot.example_select(pick, [chatbot, conversation], ask_outputs, **private)
    chatbot.option_select(pick, [chatbot, conversation], ask_outputs, **private)
