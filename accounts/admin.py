from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal

from accounts.models import ApiToken
from interviewprep.db import IS_MONGODB


class _Paginator(Paginator):
    @cached_property
    def count(self):
        # Counting every document is a scan of the collection on MongoDB; without a filter,
        # the collection's own count (kept in its metadata) says the same at no cost.
        if IS_MONGODB and not self.object_list.query.has_filters():
            table = self.object_list.model._meta.db_table
            return connection.database[table].estimated_document_count()
        return super().count


class _PageChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # The related records the page shows, read once the page is known: one query each,
        # by primary key. (prefetch_related would do the same on SQLite, but on MongoDB it
        # sends its `$in` as an expression, which no index serves.)
        rows = list(self.result_list)
        for name, queryset in self.model_admin.page_related().items():
            field = self.model._meta.get_field(name)
            pks = sorted({getattr(row, field.attname) for row in rows} - {None})
            found = queryset.order_by().in_bulk(pks)
            for row in rows:
                field.set_cached_value(row, found.get(getattr(row, field.attname)))
        self.result_list = rows


class OwnedRecordAdmin(admin.ModelAdmin):
    """A list of records that each belong to a person, that pages through millions.

    No join before paging: django-mongodb-backend runs a `select_related` join (`$lookup`)
    on every document of the collection before it sorts and pages, so the owners' usernames
    are read for the page's rows only, and a search by username looks the users up first.
    The list is sorted by the primary key (newest first), which an index always serves,
    and counted once (`show_full_result_count` would count the whole collection again),
    from the collection's metadata when nothing filters it.
    """

    list_select_related = ()  # not False, which would join every foreign key shown
    paginator = _Paginator
    show_full_result_count = False
    ordering = ("-pk",)
    search_help_text = "Words in the text columns or the owner's username."

    def get_changelist(self, request, **kwargs):
        return _PageChangeList

    def page_related(self):
        """{foreign key: queryset} of the related records the list shows, read for the
        page's rows only."""
        return {"user": User.objects.only("username")}

    def get_search_results(self, request, queryset, search_term):
        """Rows in which each word is in one of `search_fields` or in the owner's username."""
        for word in smart_split(search_term):
            if word[0] in "\"'" and word[-1] == word[0] and len(word) > 1:
                word = unescape_string_literal(word)
            owners = User.objects.filter(username__icontains=word).values_list("pk", flat=True)
            condition = Q(user__in=list(owners))
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset, False


@admin.register(ApiToken)
class ApiTokenAdmin(OwnedRecordAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at")
    list_filter = ("created_at", "last_used_at")
    # Text fields only: on MongoDB a text search on a non-string field matches nothing.
    search_fields = ("name", "hint")
    # The key's hash is never shown: it identifies the token to anyone who can read it.
    fields = ("user", "name", "hint", "created_at", "last_used_at")
    readonly_fields = ("user", "hint", "created_at", "last_used_at")

    def has_add_permission(self, request):
        # A key is shown once, to the person who makes it: on the tokens page, or by
        # `manage.py create_api_token`. Deleting a token here revokes it.
        return False
