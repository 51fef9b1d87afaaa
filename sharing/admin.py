from django.contrib import admin

from accounts.admin import OwnedRecordAdmin
from sharing.models import Share


@admin.register(Share)
class ShareAdmin(OwnedRecordAdmin):
    list_display = ("label_or_kind", "user", "kind", "created_at", "expires_at", "revoked_at")
    list_filter = ("kind", "expires_at", "revoked_at")
    # Text fields only: on MongoDB a text search on a non-string field matches nothing.
    search_fields = ("label",)
    # The token is never shown: anyone holding it can open the link.
    fields = (
        "user",
        "kind",
        "interview",
        "query",
        "label",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_opened_at",
        "open_count",
    )
    readonly_fields = fields

    @admin.display(description="label", ordering="label")
    def label_or_kind(self, share):
        return share.label or f"({share.get_kind_display()})"

    def has_add_permission(self, request):
        # A link is made by its owner, on the shares pages or through the API.
        return False
