from django.core.management.base import BaseCommand, CommandError

from interviews.bank import RULES, BankError, import_questions, load_bank

SHOWN_SLUGS = 50


class Command(BaseCommand):
    help = (
        "Read questions into the bank from a .yaml, .yml or .json file (a list of questions, "
        'or an object with a "questions" list), or from every such file in a folder. '
        "Questions are matched by slug: a new slug is created, a known one is updated only "
        "if something differs, so importing a file twice changes nothing the second time. "
        "Any error refuses the whole import, and every error is listed with its position "
        "(technical-mid.yaml: questions[3].keyPoints: ...). Without --yes it only says what "
        f"it would do. The rules: {RULES}"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE_OR_DIR")
        parser.add_argument("--yes", action="store_true", help="Write the questions.")

    def handle(self, *args, path, yes, **options):
        try:
            values = load_bank(path)
        except BankError as error:
            count = len(error.errors)
            listing = "\n".join(f"  {message}" for message in error.errors)
            raise CommandError(
                f"{path} was refused and nothing was imported: {count} error"
                f"{'' if count == 1 else 's'}:\n{listing}"
            ) from None

        result = import_questions(values, dry_run=not yes)
        verb = ("Created", "updated") if yes else ("Would create", "would update")
        self.stdout.write(
            f"{verb[0]} {result.created}, {verb[1]} {result.updated} and left "
            f"{result.unchanged} unchanged of the {len(values)} question"
            f"{'' if len(values) == 1 else 's'} in {path}."
        )
        if result.updated_slugs:
            shown = result.updated_slugs[:SHOWN_SLUGS]
            more = len(result.updated_slugs) - len(shown)
            self.stdout.write(
                f"{'Updated' if yes else 'Would update'}: {', '.join(shown)}"
                + (f" and {more} more." if more else ".")
            )
        if not yes:
            self.stdout.write("Nothing was changed; run again with --yes to import.")
