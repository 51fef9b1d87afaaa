from django.contrib import admin

from accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at")
    list_filter = ("created_at", "last_used_at")
    # Text fields only: on MongoDB a text search on a non-string field matches nothing.
    search_fields = ("name", "hint", "user__username")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    # The key's hash is never shown: it identifies the token to anyone who can read it.
    fields = ("user", "name", "hint", "created_at", "last_used_at")
    readonly_fields = ("user", "hint", "created_at", "last_used_at")

    def has_add_permission(self, request):
        # A key is shown once, to the person who makes it: on the tokens page, or by
        # `manage.py create_api_token`. Deleting a token here revokes it.
        return False
