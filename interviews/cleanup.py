"""Deleting many interviews at once: stale ones, or everything a person owns.

The order is the lifecycle's (interviews.services.interview_delete): performances first,
then their interviews, batch by batch, so that an interrupted run leaves interviews that
can be deleted again, never a performance without its interview.
"""

from datetime import timedelta

from interviewprep.db import atomic
from interviews.models import Interview
from performance.models import Performance

BATCH = 500


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


def interviews_delete(*, pks, progress=None):
    """Delete these interviews and their performances in batches; the two counts deleted."""
    pks = list(pks)
    deleted_interviews = deleted_performances = 0
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        with atomic():
            deleted_performances += _delete(Performance.objects.filter(interview_id__in=batch))
            deleted_interviews += _delete(Interview.objects.filter(pk__in=batch))
        if progress is not None:
            progress(len(batch))
    return deleted_interviews, deleted_performances


def _delete(queryset):
    _total, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def user_data_counts(*, user, token_model=None):
    """What user_data_delete would remove: {"interviews": n, "performances": n, "tokens": n}."""
    counts = {
        "interviews": Interview.objects.filter(user=user).count(),
        "performances": Performance.objects.filter(user=user).count(),
    }
    if token_model is not None:
        counts["tokens"] = token_model.objects.filter(user=user).count()
    return counts


def user_data_delete(*, user, token_model=None, progress=None):
    """Erase the user's interviews and performances (and tokens); returns what was removed."""
    pks = list(Interview.objects.filter(user=user).values_list("pk", flat=True))
    interviews, performances = interviews_delete(pks=pks, progress=progress)
    # Performances that name this user but hang off someone else's interview (a drift
    # that check_integrity reports) are this user's data too.
    performances += _delete(Performance.objects.filter(user=user))
    removed = {"interviews": interviews, "performances": performances}
    if token_model is not None:
        removed["tokens"] = _delete(token_model.objects.filter(user=user))
    return removed
