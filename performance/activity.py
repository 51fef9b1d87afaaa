"""The activity calendar of the performance page: a year of days, a column a week.

Built from the report's interviews per day (analytics.activity(), in the site's time
zone) and today's date; no database, no clock.
"""

import datetime
from html import escape

from django.utils import dateformat
from django.utils.safestring import mark_safe

from performance.templatetags.formats import day as day_text

CALENDAR_DAYS = 365
# The lowest count of each intensity level above "none": 1, 2, 3, then 4 or more.
LEVELS = (1, 2, 3, 4)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def level(count):
    """0 for a day without an interview, else 1 to 4 (4 for four or more)."""
    return sum(1 for lowest in LEVELS if count >= lowest)


def interviews(count):
    return f"{count} interview{'' if count == 1 else 's'}"


def calendar(activity, today, days=CALENDAR_DAYS):
    """The `days` days ending `today`, in weeks (Monday first), with their counts.

    Each week: its Monday, the month label to print above it (on the first week that
    starts in a month), and seven days, None for those outside the range. `active_weeks`
    lists the weeks with an interview, newest first, for the page's table.
    """
    first = today - datetime.timedelta(days=days - 1)
    monday = first - datetime.timedelta(days=first.weekday())
    weeks, active_weeks = [], []
    total = active_days = 0
    month = None
    while monday <= today:
        cells, busy = [], []
        for offset in range(7):
            date = monday + datetime.timedelta(days=offset)
            if not first <= date <= today:
                cells.append(None)
                continue
            count = activity.get(date.isoformat(), 0)
            label = f"{interviews(count)} on {day_text(date)}"
            cells.append({"date": date, "count": count, "level": level(count), "label": label})
            if count:
                busy.append({"weekday": WEEKDAYS[offset], "date": date, "count": count})
        shown = next(cell["date"] for cell in cells if cell)
        label = ""
        if shown.month != month:
            month = shown.month
            # A month label needs the room of two columns; the first, partial, week has none
            # when the next week already starts another month.
            label = dateformat.format(shown, "M")
        weeks.append({"start": monday, "month": label, "days": cells})
        if busy:
            count = sum(item["count"] for item in busy)
            total += count
            active_days += len(busy)
            active_weeks.append(
                {
                    "start": monday,
                    "count": count,
                    "days": busy,
                }
            )
        monday += datetime.timedelta(days=7)
    if len(weeks) > 1 and weeks[0]["month"] and weeks[1]["month"]:
        weeks[0]["month"] = ""
    active_weeks.reverse()
    months = {}
    for week in active_weeks:
        week["text"] = ", ".join(
            f"{item['weekday']} {item['date'].day} {_month(item['date'], months)}: {item['count']}"
            for item in week["days"]
        )
    return {
        "first": first,
        "last": today,
        "weeks": weeks,
        "grid": grid(weeks),
        "weekdays": WEEKDAYS,
        "total": total,
        "active_days": active_days,
        "active_weeks": active_weeks,
        "legend": [
            {"level": 0, "label": "No interview"},
            *({"level": level(lowest), "label": interviews(lowest)} for lowest in LEVELS[:-1]),
            {"level": len(LEVELS), "label": f"{interviews(LEVELS[-1])} or more"},
        ],
    }


def _month(date, months):
    """The month's short name ("Mar"), formatted once per month."""
    if date.month not in months:
        months[date.month] = dateformat.format(date, "M")
    return months[date.month]


def grid(weeks):
    """The calendar's cells as HTML: per week its month label, then its seven days.

    Built here rather than in the template: a year is some 420 elements, and the template
    language's loop costs more than the rest of the calendar together (and format_html()
    per cell, half as much: the texts are escaped directly).
    """
    outside = '<span class="activity-day is-outside"></span>'
    parts = []
    for week in weeks:
        parts.append(f'<span class="activity-month">{escape(week["month"])}</span>')
        for cell in week["days"]:
            if cell is None:
                parts.append(outside)
            else:
                parts.append(
                    f'<span class="activity-day level-{int(cell["level"])}" '
                    f'title="{escape(cell["label"])}"></span>'
                )
    return mark_safe("".join(parts))
