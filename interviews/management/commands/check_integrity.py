from django.core.management.base import BaseCommand, CommandError

from interviews.integrity import KINDS, REPAIRS, check_all, count_rows, repair_all
from interviews.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Check that interviews and performances agree: a completed interview has a "
        "performance and a completedAt; a performance's interview exists and is completed; "
        "the fields a performance copies (userId, jobTitle, companyName, interviewType, "
        "experienceLevel, completedAt) equal its interview's; an interview's performanceId "
        "names its own performance. Prints the count of each kind of problem and changes "
        "nothing unless --fix is given. --fix deletes performances without an interview, "
        "completes interviews that have a performance, reopens completed interviews without "
        "one (in progress, to be completed again), takes a missing completedAt from the "
        "performance, corrects performanceId and copies the interview's fields onto its "
        "performance. A second --fix finds nothing. Exits with status 1 while problems "
        "remain (found without --fix, or left after --fix), so that cron and monitoring "
        "notice; 0 when there are none or --fix repaired them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Repair what is found.")

    def handle(self, *args, fix, verbosity, **options):
        report = self._check("Checking")
        found = sum(len(problems) for problems in report.values())
        self.stdout.write(f"Found {found} problem{'' if found == 1 else 's'}:")
        for kind, label in KINDS.items():
            self.stdout.write(f"  {label}: {len(report[kind])}")
            if verbosity >= 2:
                for problem in report[kind]:
                    self.stdout.write(f"    {problem.detail}")
        if not found:
            self.stdout.write(self.style.SUCCESS("Everything is consistent."))
            return
        if not fix:
            self.stdout.write("Nothing was changed; run again with --fix to repair.")
            raise CommandError(f"{found} problem{'' if found == 1 else 's'} found, not repaired.")

        with ProgressBar(self.stdout, total=found, label="Repairing") as bar:
            results = repair_all(progress=bar.advance)
        self.stdout.write("Repairs:")
        for kind, label in KINDS.items():
            result = results[kind]
            if result.repaired:
                self.stdout.write(f"  {label}: {result.repaired} {REPAIRS[kind]}")
            for problem, reason in result.failed:
                self.stdout.write(self.style.WARNING(f"  Not repaired: {problem.detail}: {reason}"))
        after = self._check("Checking again")
        left = sum(len(problems) for problems in after.values())
        if left:
            raise CommandError(f"{left} problem{'' if left == 1 else 's'} left after repair.")
        self.stdout.write(self.style.SUCCESS("Everything is consistent now."))

    def _check(self, label):
        with ProgressBar(self.stdout, total=count_rows(), label=label) as bar:
            return check_all(progress=bar.advance)
