"""The weekly goal's progress and the streak, from the report's interviews per day.

Pure functions over `activity` ({"YYYY-MM-DD": count} in the site's time zone, as
performance/analytics.py's `activity()` gives it) and `today` (a date in the same zone):
nothing here reads the database or the clock. Weeks run Monday to Sunday.
"""

import datetime
from collections import defaultdict

WEEK = datetime.timedelta(days=7)


def week_start(day):
    """The Monday of the week `day` falls in."""
    return day - datetime.timedelta(days=day.weekday())


def weekly_counts(activity):
    """Interviews per week: {Monday: count}."""
    weeks = defaultdict(int)
    for day, count in activity.items():
        weeks[week_start(datetime.date.fromisoformat(day))] += count
    return weeks


def progress(activity, per_week, today, *, weeks=None):
    """This week's count against the goal, and the streaks in weeks.

    A week meets the goal when it holds `per_week` interviews, or, without a goal, at least
    one. The streak counts the weeks met in a row up to this week when this week is met
    already, else up to last week: a week still under way does not break it. The best
    streak is the longest such run up to this week, the current one included.

    `weeks`, the same interviews per week as the report's `activity_weeks` gives them
    ({"YYYY-MM-DD" of a Monday: count}), spares the pass over every day of `activity`,
    which is then not read (None will do).
    """
    if weeks is None:
        weeks = weekly_counts(activity)
    else:
        weeks = {datetime.date.fromisoformat(monday): count for monday, count in weeks.items()}
    target = per_week or 1
    this_week = week_start(today)
    count = weeks.get(this_week, 0)

    met = count >= target
    streak = 0
    week = this_week if met else this_week - WEEK
    while weeks.get(week, 0) >= target:
        streak += 1
        week -= WEEK

    best = run = 0
    previous = None
    for week in sorted(week for week, n in weeks.items() if n >= target and week <= this_week):
        run = run + 1 if previous is not None and week - previous == WEEK else 1
        best = max(best, run)
        previous = week

    return {
        "per_week": per_week,
        "this_week": count,
        "week_start": this_week.isoformat(),
        "week_end": (this_week + datetime.timedelta(days=6)).isoformat(),
        "remaining": max(per_week - count, 0) if per_week else None,
        "percent": min(100, round(100 * count / per_week)) if per_week else None,
        "met": met,
        "streak_target": target,
        "streak": streak,
        "best_streak": best,
    }
