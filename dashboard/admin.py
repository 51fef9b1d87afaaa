from django.contrib import admin

from accounts.admin import OwnedRecordAdmin
from dashboard.models import Goal


@admin.register(Goal)
class GoalAdmin(OwnedRecordAdmin):
    list_display = ("user", "per_week")
    list_filter = ("per_week",)
    # No text field of its own: a search finds goals by the owner's username.
    search_fields = ()
    raw_id_fields = ("user",)
