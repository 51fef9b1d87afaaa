import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from interviews.demo import build_active, build_history, save_history
from interviews.models import Interview

DEMO_USERNAME = "demo"
DEMO_COMPLETED = 60


class Command(BaseCommand):
    help = (
        "Create the user `demo` with about six months of practice history "
        f"({DEMO_COMPLETED} completed interviews) and 3 active interviews. "
        "The password is DEMO_PASSWORD, or a generated one that is printed. "
        "An existing demo account is left alone unless --replace is given."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--replace",
            action="store_true",
            help="Delete the demo account's interviews and performances and make new ones.",
        )
        group.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing (and succeed) when the demo account exists.",
        )

    def handle(self, *args, replace, if_missing, **options):
        user = User.objects.filter(username=DEMO_USERNAME).first()
        if user is not None and if_missing:
            self.stdout.write("The demo account exists already; left as it is.")
            return
        if user is not None and not replace:
            raise CommandError(
                "The demo account exists already. Use --replace to rebuild its data "
                "(its interviews and performances will be deleted)."
            )

        password = settings.DEMO_PASSWORD or secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_user(DEMO_USERNAME, password=password)
        else:
            Interview.objects.filter(user=user).delete()
            user.set_password(password)
            user.save(update_fields=["password"])

        now = timezone.now()
        performances = save_history(build_history(user, count=DEMO_COMPLETED, now=now))
        active = Interview.objects.bulk_create(build_active(user, now=now))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo account `{DEMO_USERNAME}`: {len(performances)} completed interviews, "
                f"{len(active)} active."
            )
        )
        if not settings.DEMO_PASSWORD:
            self.stdout.write(f"Log in as {DEMO_USERNAME} with the password: {password}")
