"""django-mongodb-backend's compilers, with a sort on stored fields left to the index.

To sort, the backend first copies each sort field onto itself (`{"$addFields": {"_id":
"$_id"}}`) and then sorts by the copy. The copy changes nothing, but it stands between
the collection and the `$sort`, so the sort is made on every document instead of being
read from an index (the admin's list, sorted by `_id`, read the whole collection per
page). Such copies are dropped; computed sort keys stay.
"""

from django_mongodb_backend import compiler
from django_mongodb_backend.compiler import (  # noqa: F401 (the backend's, as they are)
    SQLAggregateCompiler,
    SQLDeleteCompiler,
    SQLInsertCompiler,
    SQLUpdateCompiler,
)


class SQLCompiler(compiler.SQLCompiler):
    def build_query(self, columns=None):
        query = super().build_query(columns)
        if query.extra_fields:
            query.extra_fields = {
                name: value for name, value in query.extra_fields.items() if value != f"${name}"
            }
        return query
