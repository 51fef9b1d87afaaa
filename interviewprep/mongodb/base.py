"""django-mongodb-backend, with case-insensitive exact matches taken literally.

django-mongodb-backend 5.2 turns `iexact` into a regular expression without escaping
the value (it does escape `contains` and the other pattern lookups). Django's own forms
look people up with `iexact`, so on MongoDB the sign-up form took "me+tag" for a taken
"metag", password reset found no account for "me+tag@example.com", and a username
starting with "+" was an invalid pattern and a server error. Escaping the value once,
here, fixes every caller; the tests in accounts/ cover it.
"""

import re

from django_mongodb_backend import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def prep_for_iexact_query(self, x):
        return re.escape(x)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
