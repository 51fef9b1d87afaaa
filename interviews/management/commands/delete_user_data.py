from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken
from interviews.cleanup import user_data_counts
from interviews.management.progress import ProgressBar
from interviews.services import user_data_delete


class Command(BaseCommand):
    help = (
        "Erase one user's interviews, performances and API tokens (performances first, "
        "then interviews), and with --account the account itself. Without --yes it only "
        "says what it would remove."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--yes", action="store_true", help="Delete (not a dry run).")
        parser.add_argument("--account", action="store_true", help="Delete the account too.")

    def handle(self, *args, username, yes, account, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is named {username!r}.")
        if not yes:
            counts = user_data_counts(user=user, token_model=ApiToken)
            self.stdout.write(f"Would remove from {username}: {_describe(counts)}.")
            if account:
                self.stdout.write(f"Would delete the account {username}.")
            self.stdout.write("Nothing was changed; run again with --yes to delete.")
            return

        total = user_data_counts(user=user)["interviews"]
        with ProgressBar(self.stdout, total=total, label="Deleting") as bar:
            removed = user_data_delete(user=user, token_model=ApiToken, progress=bar.advance)
        self.stdout.write(f"Removed from {username}: {_describe(removed)}.")
        if account:
            user.delete()
            self.stdout.write(f"Deleted the account {username}.")


def _describe(counts):
    return ", ".join(
        f"{count} {name if count != 1 else name.removesuffix('s')}"
        for name, count in counts.items()
    )
