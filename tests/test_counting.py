"""What a how-many question counts (on questions written for these tests)."""

import pytest

from accordingto.questions.counting import counted_event, counted_of


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many Northvale soldiers have been killed?", ("soldiers", "Northvale")),
        ("How many people died in the Lusk valley floods?", ("people", None)),
        ("Approximately how many buses and trams were recalled?", ("buses", None)),
        ("The storm hit on Monday. How many homes lost power?", ("homes", None)),
        ("How many of its soldiers died?", ("soldiers", None)),
        ("How many of Northvale's soldiers died?", ("soldiers", "Northvale")),
        # What follows a joining word or an auxiliary is not what is counted.
        ("How many of them died?", (None, None)),
        ("How many did the ministry say were wounded in the raids?", (None, None)),
        ("How much did the dam cost?", (None, None)),
        # A side named after the verb, and people counted by a verb alone or by their name.
        ("How many died on the Northvale side?", ("people", "Northvale")),
        ("How many soldiers were killed on Southmark's side?", ("soldiers", "Southmark")),
        ("How many were wounded on the side of Northvale?", ("people", "Northvale")),
        ("How many Americans died in the storm?", ("people", "Americans")),
        ("How many Zephyrs were sold?", ("zephyrs", None)),
        # A toll asked for without "how many".
        ("What is the death toll on the Northvale side?", ("people", "Northvale")),
        ("Who says what about Canadian military losses?", ("soldiers", "Canadian")),
        ("What do both sides say about civilian casualties?", ("civilians", None)),
        ("What did the minister say about the budget?", (None, None)),
    ],
)
def test_a_how_many_question_names_what_it_counts(question, counted):
    assert counted_of(question) == counted


@pytest.mark.parametrize(
    ("question", "event"),
    [
        ("How many soldiers were killed?", "killed"),
        ("How many died on the Northvale side?", "killed"),
        ("How many civilians were injured in the raids?", "wounded"),
        ("How many tanks were destroyed?", "destroyed"),
        ("How many ceasefires have failed?", None),
        ("What is the death toll of the storm?", "killed"),
        ("What do both sides say about civilian casualties?", None),
        ("Where were the soldiers killed?", None),
    ],
)
def test_a_how_many_question_names_what_happened_to_what_it_counts(question, event):
    assert counted_event(question) == event
