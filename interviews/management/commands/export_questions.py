from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviews.bank import export_questions, to_json, to_yaml

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


class Command(BaseCommand):
    help = (
        "Write every question of the bank as a list in the bank's file shape (the stored "
        "camelCase names; a choice question without keyPoints and modelAnswer, an open one "
        "without choices and answerIndex), ordered by roundType, experienceLevel and slug, "
        "to --output FILE or to standard output. The format is --format, else the output "
        "file's extension (.yaml, .yml or .json), else YAML. import_questions reads it back. "
        "Changes nothing in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="The file to write (replaced if it exists).")
        parser.add_argument("--format", choices=("yaml", "json"), dest="format")

    def handle(self, *args, output, format, **options):
        if format is None and output:
            format = FORMATS.get(Path(output).suffix.lower())
            if format is None:
                raise CommandError(
                    f"Cannot tell the format of {output}: name it .yaml, .yml or .json, "
                    "or give --format."
                )
        questions = export_questions()
        text = to_json(questions) if format == "json" else to_yaml(questions)

        # With the questions on standard output, the summary goes to standard error so
        # that the output can be piped or redirected as it is.
        summary = self.stderr
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
            summary = self.stdout
        else:
            self.stdout.write(text, ending="")
        count = len(questions)
        summary.write(
            f"Exported {count} question{'' if count == 1 else 's'}"
            + (f" to {output}." if output else "."),
            style_func=str,
        )
