"""django-mongodb-backend, with case-insensitive exact matches taken literally, 32-bit
integers stored as such, and sorts that an index can serve (compiler.py).

django-mongodb-backend 5.2 turns `iexact` into a regular expression without escaping
the value (it does escape `contains` and the other pattern lookups). Django's own forms
look people up with `iexact`, so on MongoDB the sign-up form took "me+tag" for a taken
"metag", password reset found no account for "me+tag@example.com", and a username
starting with "+" was an invalid pattern and a server error. Escaping the value once,
here, fixes every caller; the tests in accounts/ cover it.

It also stores every non-small integer field as a 64-bit integer (`long`), while the
integers inside documents (round results) are 32-bit (`int`): the same count had two
types. An IntegerField or PositiveIntegerField never holds more than 32 bits (Django
validates the range), so it is stored as an `int` here; BigIntegerField stays a `long`.
interviews/tests/test_documents.py checks the stored types.
"""

import re

from django_mongodb_backend import base, operations

INT32_FIELDS = {"IntegerField", "PositiveIntegerField"}


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "interviewprep.mongodb.compiler"

    def prep_for_iexact_query(self, x):
        return re.escape(x)

    def adapt_integerfield_value(self, value, internal_type):
        if internal_type in INT32_FIELDS and value is not None:
            return int(value)  # pymongo writes a Python int that fits 32 bits as an `int`
        return super().adapt_integerfield_value(value, internal_type)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
