"""What the data-maintenance commands would delete: stale interviews, or all of a person's data.

The deleting itself is interviews.services' (interviews_delete, user_data_delete).
"""

from datetime import timedelta

from interviews.models import Interview
from performance.models import Performance


def stale_interviews(*, days, now):
    """Ready and in-progress interviews created more than `days` days before `now`.

    Interviews record no last-change time, so "untouched" is measured from createdAt; an
    interview that already has a performance (an interrupted completion) is not stale but
    unfinished business for check_integrity, and is left out.
    """
    finished = Performance.objects.values("interview_id")
    return (
        Interview.objects.active()
        .filter(created_at__lt=now - timedelta(days=days))
        .exclude(pk__in=finished)
        .order_by("created_at", "pk")
    )


def user_data_counts(*, user, token_model=None):
    """What user_data_delete would remove: {"interviews": n, "performances": n, "tokens": n}."""
    counts = {
        "interviews": Interview.objects.filter(user=user).count(),
        "performances": Performance.objects.filter(user=user).count(),
    }
    if token_model is not None:
        counts["tokens"] = token_model.objects.filter(user=user).count()
    return counts
