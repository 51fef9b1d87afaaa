from itertools import chain

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from interviews.cleanup import stale_interviews
from interviews.management.progress import ProgressBar
from interviews.services import interviews_delete

LISTED = 50
MAX_DAYS = 100 * 365


class Command(BaseCommand):
    help = (
        "List ready and in-progress interviews created more than --days N days ago (nothing "
        "records a later change, so creation is when they were last touched), or delete them "
        "with --delete. Interviews that already have a performance are interrupted "
        "completions, not stale: check_integrity --fix completes them. Reads and deletes them "
        "a batch at a time, so its memory does not grow with the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, required=True, help="Age in days, a whole number of at least 1."
        )
        parser.add_argument(
            "--delete", action="store_true", help="Delete them (otherwise only list them)."
        )

    def handle(self, *args, days, delete, verbosity, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be a whole number from 1 to {MAX_DAYS} (got {days}).")
        now = timezone.now()
        # A first pass counts them and keeps the few listed; the listing of all (-v 2) and
        # the deletion read them again, a batch at a time.
        count, listed = 0, []
        for batch in stale_interviews(days=days, now=now):
            count += len(batch)
            listed.extend(batch[: max(LISTED - len(listed), 0)])
        self.stdout.write(
            f"{count} ready or in-progress interview{'' if count == 1 else 's'} "
            f"created more than {days} day{'' if days == 1 else 's'} ago."
        )
        if verbosity >= 2:
            listed = chain.from_iterable(stale_interviews(days=days, now=now))
        shown = 0
        for interview in listed:
            self.stdout.write(
                f"  {interview.created_at:%Y-%m-%d %H:%M}  {interview.user.get_username()}  "
                f"{interview.status}  {interview.job_title} at {interview.company_name}"
            )
            shown += 1
        if count > shown:
            self.stdout.write(f"  ... and {count - shown} more (-v 2 lists them all).")
        if not count:
            return
        if not delete:
            self.stdout.write("Nothing was changed; run again with --delete to delete them.")
            return

        pks = (
            interview.pk for batch in stale_interviews(days=days, now=now) for interview in batch
        )
        with ProgressBar(self.stdout, total=count, label="Deleting") as bar:
            interviews, performances = interviews_delete(pks=pks, progress=bar.advance)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {interviews} interview{'' if interviews == 1 else 's'} "
                f"and {performances} performance{'' if performances == 1 else 's'}."
            )
        )
