from django import forms

from dashboard.models import MAX_PER_WEEK, MIN_PER_WEEK, PER_WEEK_RULE


class GoalForm(forms.Form):
    per_week = forms.IntegerField(
        label="Interviews per week",
        min_value=MIN_PER_WEEK,
        max_value=MAX_PER_WEEK,
        help_text=f"From {MIN_PER_WEEK} to {MAX_PER_WEEK}. Weeks run Monday to Sunday.",
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "required": f"Enter how many interviews a week you aim for: {PER_WEEK_RULE.lower()}",
            "invalid": f"Enter {PER_WEEK_RULE.lower()}",
            "min_value": f"Aim for at least {MIN_PER_WEEK} interview a week.",
            "max_value": f"At most {MAX_PER_WEEK} a week (3 a day).",
        },
    )
