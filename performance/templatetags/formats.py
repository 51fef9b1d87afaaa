"""How the app prints a score, a duration and a day, the same on every page and chart.

Scores are kept with one decimal (an open answer covering 2 of 3 key points scores
66.7), so a score reads as a whole number when it is one and with one decimal
otherwise: "47", "66.7", never "47.0". Durations are minutes: hours and minutes
from an hour up ("1 h 5 min"), whole minutes from 10 ("45 min"), and tenths below
that, where they still matter ("2.5 min" per question).
"""

import datetime
import functools
import math

from django import template
from django.utils import dateformat, timezone, translation

register = template.Library()

MISSING = "—"
# The table's day format; charts and pattern tables print days the same way.
DAY_FORMAT = "j M Y"
MOMENT_FORMAT = "j M Y, H:i"


def _number(value):
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _tenths(number):
    """`number` with one decimal, or none when it is whole: 47 → "47", 66.66 → "66.7"."""
    rounded = round(number, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


@register.filter
def score(value):
    """A score as the app prints it: "47", "66.7"; "—" when there is none."""
    number = _number(value)
    return MISSING if number is None else _tenths(number)


@register.filter
def duration(value):
    """Minutes as the app prints them: "1 h 5 min", "45 min", "2.5 min"; "—" when none."""
    number = _number(value)
    if number is None:
        return MISSING
    if number < 10:
        return f"{_tenths(number)} min"
    minutes = round(number)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" if not minutes else f"{hours} h {minutes} min"


@register.filter
def day(value):
    """A day in the table's format ("5 Mar 2026"), from a date or an ISO date string."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    if not isinstance(value, datetime.date):
        return MISSING
    return _day_text(value, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _day_text(value, language):
    """dateformat's text of a day in `language` (the current one), kept: the performance
    page prints hundreds of days, and dateformat costs a tenth of a millisecond each."""
    return dateformat.format(value, DAY_FORMAT)


@register.filter
def signed(value):
    """A change of a score with its sign: "+5", "−2.5", "0"; "—" when there is none."""
    number = _number(value)
    if number is None:
        return MISSING
    text = _tenths(abs(number))
    if text == "0":
        return text
    return f"+{text}" if number > 0 else f"−{text}"


@register.filter
def magnitude(value):
    """A number without its sign (a change of time said as "5 min more" or "less")."""
    number = _number(value)
    return None if number is None else abs(number)
