"""What the data-maintenance commands would delete: stale interviews, or all of a person's data.

The deleting itself is interviews.services' (interviews_delete, user_data_delete).
"""

from datetime import timedelta

from interviews.models import Interview
from performance.models import Performance

# Interviews read per query: memory and every query's size stay the same at any scale.
BATCH = 1000
LISTED_FIELDS = ("created_at", "status", "job_title", "company_name", "user__username")


def stale_interviews(*, days, now):
    """Ready and in-progress interviews created more than `days` days before `now`, as
    lists of at most BATCH interviews (with their user), in primary-key order.

    Interviews record no last-change time, so "untouched" is measured from createdAt; an
    interview that already has a performance (an interrupted completion) is not stale but
    unfinished business for check_integrity, and is left out. Each batch starts after the
    last key of the one before (keyset pagination), so deleting a batch before asking for
    the next is safe, and no query names more than one batch of interviews.
    """
    candidates = (
        Interview.objects.active()
        .filter(created_at__lt=now - timedelta(days=days))
        .select_related("user")
        .only(*LISTED_FIELDS)
        .order_by("pk")
    )
    last = None
    while True:
        page = candidates if last is None else candidates.filter(pk__gt=last)
        batch = list(page[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        finished = set(
            Performance.objects.filter(interview_id__in=[interview.pk for interview in batch])
            .order_by()
            .values_list("interview_id", flat=True)
        )
        stale = [interview for interview in batch if interview.pk not in finished]
        if stale:
            yield stale


def user_data_counts(*, user, token_model=None):
    """What user_data_delete would remove: {"interviews": n, "performances": n, "tokens": n}."""
    counts = {
        "interviews": Interview.objects.filter(user=user).count(),
        "performances": Performance.objects.filter(user=user).count(),
    }
    if token_model is not None:
        counts["tokens"] = token_model.objects.filter(user=user).count()
    return counts
