import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from interviews.management.progress import ProgressBar
from interviews.transfer import DocumentError, import_user_data, parse_document


class Command(BaseCommand):
    help = (
        "Read a file written by export_user_data into USERNAME's account. Every record is "
        "checked with the same rules as the forms and the API; any error refuses the whole "
        "file, and every error is listed with its position (interviews[3].jobTitle: ...). "
        "An interview the account already has (same createdAt to the millisecond, jobTitle, "
        "companyName, interviewType and experienceLevel) is skipped, so importing a file "
        "twice creates nothing the second time. The file's weekly goal is set only on an "
        "account without one: an account's own goal is kept. Without --yes it only says what "
        "it would do."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Write the data (not a dry run).")

    def handle(self, *args, username, file, yes, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is named {username!r}.")
        try:
            with open(file, encoding="utf-8") as handle:
                document = json.load(handle)
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}.") from None
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        except RecursionError:
            raise CommandError(f"{file} is nested too deeply to be an export.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}."
            ) from None

        try:
            plan = parse_document(document)
        except DocumentError as error:
            listing = "\n".join(f"  {message}" for message in error.errors)
            raise CommandError(
                f"{file} was refused and nothing was imported: {len(error.errors)} error"
                f"{'' if len(error.errors) == 1 else 's'}:\n{listing}"
            ) from None

        with ProgressBar(self.stdout, total=len(plan.records), label="Importing") as bar:
            result = import_user_data(user, plan, dry_run=not yes, progress=bar.advance)
        verb = "Imported" if yes else "Would import"
        self.stdout.write(
            f"{verb} {result.created_interviews} interview"
            f"{'' if result.created_interviews == 1 else 's'} and "
            f"{result.created_performances} performance"
            f"{'' if result.created_performances == 1 else 's'} into {username}'s account; "
            f"{result.skipped} already there."
        )
        if result.completed_existing:
            self.stdout.write(
                f"{'Completed' if yes else 'Would complete'} {result.completed_existing} "
                "interview(s) left in progress by an interrupted import."
            )
        if result.goal_set is not None:
            verb = "Set" if yes else "Would set"
            self.stdout.write(f"{verb} the weekly goal of {result.goal_set} a week.")
        if result.goal_kept is not None and result.goal_kept == plan.goal:
            self.stdout.write(f"The account already has the weekly goal of {plan.goal} a week.")
        elif result.goal_kept is not None:
            self.stdout.write(
                f"{'Kept' if yes else 'Would keep'} the account's own weekly goal of "
                f"{result.goal_kept} a week, not the file's {plan.goal}."
            )
        if not yes:
            self.stdout.write("Nothing was changed; run again with --yes to import.")
