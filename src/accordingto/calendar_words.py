"""Month and weekday names, written once for every step that reads or writes dates."""

from __future__ import annotations

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip

# The short forms news writing uses before a day ("Sept. 5", "Jan 3"); May has none.
MONTH_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "January": ("Jan",), "February": ("Feb",), "March": ("Mar",), "April": ("Apr",),
    "May": (), "June": ("Jun",), "July": ("Jul",), "August": ("Aug",),
    "September": ("Sept", "Sep"), "October": ("Oct",), "November": ("Nov",),
    "December": ("Dec",),
}  # fmt: skip

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def month_names() -> list[str]:
    """Every month's name and short forms, each month's in turn: January, Jan, February, …"""
    return [name for month in MONTHS for name in (month, *MONTH_ABBREVIATIONS[month])]
