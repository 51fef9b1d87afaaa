from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User

from accounts.models import MAX_TOKEN_NAME_LENGTH, UserKey


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]
        help_texts = {"email": "Optional; used only to reset your password."}

    def clean_username(self):
        """Refuse a username taken in any case ("ALICE" when "alice" exists)."""
        # Django's own check is a case-insensitive query, which no index serves.
        username = self.cleaned_data.get("username")
        if username and UserKey.username_taken(username):
            raise self.instance.unique_error_message(User, ["username"])
        return username


class KeyedPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        """The active users with a password whose address is `email`, ignoring case."""
        users = User.objects.filter(pk__in=UserKey.users_at(email), is_active=True)
        return (user for user in users if user.has_usable_password())


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=MAX_TOKEN_NAME_LENGTH,
        help_text="What the token is for, such as the script or tool that will use it.",
    )
