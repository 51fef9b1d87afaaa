from django.contrib import admin

from accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be looked at and revoked (deleted) here; only their owner creates them,
    because a token is shown once, to the person who will use it."""

    list_display = ("name", "user", "hint", "created_at", "last_used_at")
    list_select_related = ("user",)
    list_filter = ("created_at", "last_used_at")
    search_fields = ("name", "hint", "user__username")
    readonly_fields = ("user", "name", "hint", "key_hash", "created_at", "last_used_at")
    raw_id_fields = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
