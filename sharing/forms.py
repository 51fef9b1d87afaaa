from django import forms

from sharing.models import DEFAULT_DAYS, MAX_DAYS, MAX_LABEL_LENGTH, MIN_DAYS


class ShareForm(forms.Form):
    days = forms.IntegerField(
        label="Expires after (days)",
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"From {MIN_DAYS} to {MAX_DAYS} days. You can revoke the link sooner.",
    )
    label = forms.CharField(
        label="Label (optional)",
        max_length=MAX_LABEL_LENGTH,
        required=False,
        help_text=(
            "The title your mentor sees, such as “Sam’s practice for Acme”. "
            "Your username and e-mail address are never shown."
        ),
    )

    def clean_label(self):
        label = self.cleaned_data["label"]
        if any("\ud800" <= char <= "\udfff" for char in label):
            raise forms.ValidationError("Must not contain unpaired surrogate characters.")
        return label
