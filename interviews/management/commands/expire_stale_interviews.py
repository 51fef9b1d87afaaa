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
        "completions, not stale: check_integrity --fix completes them."
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
        stale = stale_interviews(days=days, now=timezone.now())
        count = stale.count()
        self.stdout.write(
            f"{count} ready or in-progress interview{'' if count == 1 else 's'} "
            f"created more than {days} day{'' if days == 1 else 's'} ago."
        )
        shown = count if verbosity >= 2 else min(count, LISTED)
        for interview in stale.select_related("user")[:shown]:
            self.stdout.write(
                f"  {interview.created_at:%Y-%m-%d %H:%M}  {interview.user.get_username()}  "
                f"{interview.status}  {interview.job_title} at {interview.company_name}"
            )
        if count > shown:
            self.stdout.write(f"  ... and {count - shown} more (-v 2 lists them all).")
        if not count:
            return
        if not delete:
            self.stdout.write("Nothing was changed; run again with --delete to delete them.")
            return

        pks = list(stale.values_list("pk", flat=True))
        with ProgressBar(self.stdout, total=len(pks), label="Deleting") as bar:
            interviews, performances = interviews_delete(pks=pks, progress=bar.advance)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {interviews} interview{'' if interviews == 1 else 's'} "
                f"and {performances} performance{'' if performances == 1 else 's'}."
            )
        )
