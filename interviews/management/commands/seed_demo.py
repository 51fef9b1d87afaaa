import random
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import UserKey
from interviews.demo import (
    bank_by_round,
    build_active,
    build_demo,
    build_history,
    build_sessions,
    demo_extras,
)
from interviews.management.progress import ProgressBar
from interviews.services import interviews_import, user_data_delete

DEMO_USERNAME = "demo"
DEMO_COMPLETED = 60
# Each account's history is made and written a batch at a time.
MAX_USERS = 10_000
MAX_INTERVIEWS = 100_000


def demo_usernames(count):
    """`demo`, then `demo-2`, `demo-3`... for the extra accounts of a large data set."""
    return [DEMO_USERNAME, *(f"{DEMO_USERNAME}-{number}" for number in range(2, count + 1))]


class Command(BaseCommand):
    help = (
        "Create the user `demo` with about six months of practice history "
        f"({DEMO_COMPLETED} completed interviews, or --interviews M) and 3 active interviews. "
        "--users N makes N such accounts (demo, demo-2 ... demo-N) for benchmarks, written "
        "in batches. The password is DEMO_PASSWORD, or a generated one that is printed; an "
        "account gets it once its data is complete, so an account left unfinished by an "
        "interrupted run is built again by the next run (which leaves the finished ones as "
        "they are, as --if-missing does). Existing demo accounts are left "
        "alone unless --replace is given."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--replace",
            action="store_true",
            help="Delete the demo accounts' interviews and performances and make new ones.",
        )
        group.add_argument(
            "--if-missing",
            action="store_true",
            help="Leave existing demo accounts as they are (and succeed); create the others.",
        )
        parser.add_argument(
            "--users", type=int, default=1, help="How many demo accounts (default 1)."
        )
        parser.add_argument(
            "--interviews",
            type=int,
            default=DEMO_COMPLETED,
            help=f"Completed interviews per account (default {DEMO_COMPLETED}).",
        )

    def handle(self, *args, replace, if_missing, users, interviews, **options):
        if not 1 <= users <= MAX_USERS:
            raise CommandError(f"--users must be from 1 to {MAX_USERS} (got {users}).")
        if not 0 <= interviews <= MAX_INTERVIEWS:
            raise CommandError(
                f"--interviews must be from 0 to {MAX_INTERVIEWS} (got {interviews})."
            )
        usernames = demo_usernames(users)
        existing = {user.username: user for user in User.objects.filter(username__in=usernames)}
        # An account gets its password once all its data is written: one without a usable
        # password was left unfinished by an interrupted run, and is built again.
        unfinished = {name for name, user in existing.items() if not user.has_usable_password()}
        finished = {name: user for name, user in existing.items() if name not in unfinished}
        if unfinished:
            self.stdout.write(
                f"{len(unfinished)} demo account(s) left unfinished by an interrupted run "
                "will be built again."
            )
            # Running the same command again continues the interrupted run.
            if_missing = if_missing or not replace
        if finished and if_missing:
            if len(finished) == len(usernames):
                self.stdout.write(
                    "The demo account exists already; left as it is."
                    if users == 1
                    else f"All {users} demo accounts exist already; left as they are."
                )
                return
            self.stdout.write(f"{len(finished)} existing demo account(s) left as they are.")
        elif finished and not replace:
            names = ", ".join(sorted(finished))
            raise CommandError(
                f"The demo account exists already ({names}). Use --replace to rebuild its data "
                "(its interviews and performances will be deleted), or --if-missing."
            )

        password = settings.DEMO_PASSWORD or secrets.token_urlsafe(12)
        # One hash for every account: hashing is slow on purpose, and they share the password.
        hashed = make_password(password)
        unusable = make_password(None)
        new = User.objects.bulk_create(
            [User(username=name, password=unusable) for name in usernames if name not in existing]
        )
        UserKey.record_new(new)
        by_name = {user.username: user for user in new}
        rebuilt = existing if replace else {name: existing[name] for name in unfinished}
        by_name.update(rebuilt)
        User.objects.filter(pk__in=[user.pk for user in rebuilt.values()]).update(password=unusable)

        now = timezone.now()
        bank = bank_by_round()
        completed = active = 0
        with ProgressBar(self.stdout, total=len(by_name), label="Demo accounts") as bar:
            for index, name in enumerate(usernames):
                user = by_name.get(name)
                if user is None:
                    continue
                if name in existing:
                    user_data_delete(user=user)
                # The first account keeps the history it has always had; the others vary.
                rng = None if index == 0 else random.Random(1000 + index)
                seen = {}
                if bank and index == 0:
                    # The demo account shows every feature: goal, weaknesses, planner, shares.
                    history = build_demo(count=interviews, now=now, bank=bank, seen=seen)
                elif bank:
                    history = build_sessions(count=interviews, now=now, bank=bank, rng=rng)
                else:  # an empty bank (deleted by hand): results without sessions
                    history = build_history(count=interviews, now=now, rng=rng)
                # Written in batches, each in its own transaction (see interviews_import).
                completed += interviews_import(user=user, records=history)[1]
                active += interviews_import(user=user, records=build_active(now=now, bank=bank))[0]
                if index == 0:
                    demo_extras(user=user, now=now, seen=seen)
                User.objects.filter(pk=user.pk).update(password=hashed)
                bar.advance()

        if len(by_name) == 1:
            (name,) = by_name
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo account `{name}`: {completed} completed interviews, {active} active."
                )
            )
        else:
            names = sorted(by_name, key=usernames.index)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(names)} demo accounts ({names[0]} ... {names[-1]}): "
                    f"{completed} completed interviews and {active} active in all."
                )
            )
        if not settings.DEMO_PASSWORD:
            first = min(by_name, key=usernames.index)
            self.stdout.write(f"Log in as {first} with the password: {password}")
