from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import MAX_TOKEN_NAME_LENGTH, ApiToken


class Command(BaseCommand):
    help = (
        "Create a named personal API token for an existing user and print it. The token is "
        "shown only this once (only its hash is stored); revoke it on the API tokens page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'CI script'.")

    def handle(self, *args, username, name, **options):
        name = name.strip()
        if not name or len(name) > MAX_TOKEN_NAME_LENGTH:
            raise CommandError(f"Give the token a name of 1 to {MAX_TOKEN_NAME_LENGTH} characters.")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called {username!r}.")
        _token, key = ApiToken.issue(user=user, name=name)
        # Only the token on stdout, so that `TOKEN=$(manage.py create_api_token ...)` works.
        self.stdout.write(key)
