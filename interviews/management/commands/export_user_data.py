from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from interviews.transfer import export_user_data


class Command(BaseCommand):
    help = (
        "Write one user's interviews, performances and weekly goal as a versioned JSON "
        'document (format "interviewprep-export", version 2, the specification\'s field names) '
        "to --output FILE, or to standard output; share links stay behind (they are secrets of "
        "this site). import_user_data reads it back. Changes nothing "
        "in the database. The document is written a batch of records at a time, so memory "
        "does not grow with the history."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--output", "-o", help="The file to write (replaced if it exists).")

    def handle(self, *args, username, output, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is named {username!r}.")
        # With the document on standard output, the summary goes to standard error so
        # that the output can be piped or redirected as it is.
        summary = self.stderr
        if output:
            try:
                with open(output, "w", encoding="utf-8") as file:
                    result = export_user_data(user, file.write)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
            summary = self.stdout
        else:
            result = export_user_data(user, lambda text: self.stdout.write(text, ending=""))

        interviews, performances = result.interviews, result.performances
        message = (
            f"Exported {interviews} interview{'' if interviews == 1 else 's'} and "
            f"{performances} performance{'' if performances == 1 else 's'} of {username}"
            + (f" to {output}." if output else ".")
        )
        if result.goal is not None:
            message += f" The weekly goal ({result.goal} a week) is included."
        summary.write(message, style_func=str)  # not in standard error's red
        if result.problems:
            count = len(result.problems)
            summary.write(
                f"Warning: the account's data is inconsistent and this export would be "
                f"refused by import_user_data ({count} problem{'' if count == 1 else 's'}, "
                f"first: {result.problems[0].detail}). Run check_integrity --fix, then export "
                "again.",
                style_func=self.style.WARNING,
            )
