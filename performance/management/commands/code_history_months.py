from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from performance.models import HistoryMonth
from performance.reporting import coded_history

BATCH = 200


class Command(BaseCommand):
    help = (
        "Code each person's history months that are missing or out of date (after an upgrade "
        "from a version without them, or performances written by hand), so that no report "
        "codes them while the person waits. People are read a batch at a time; a history "
        "already coded is read as stored, not again."
    )

    def handle(self, *args, **options):
        people = 0
        last = None
        users = get_user_model().objects.only("pk").order_by("pk")
        while batch := list((users if last is None else users.filter(pk__gt=last))[:BATCH]):
            for user in batch:
                coded_history(user)
            people += len(batch)
            last = batch[-1].pk
        months = HistoryMonth.objects.count()
        self.stdout.write(
            f"The history months of {people} {'person' if people == 1 else 'people'} are up to "
            f"date ({months} month{'' if months == 1 else 's'} kept)."
        )
