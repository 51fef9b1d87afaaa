from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from accounts.models import MAX_TOKEN_NAME_LENGTH


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]
        help_texts = {"email": "Optional; used only to reset your password."}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=MAX_TOKEN_NAME_LENGTH,
        help_text="What the token is for, such as the script or tool that will use it.",
    )
