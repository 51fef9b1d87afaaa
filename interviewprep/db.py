"""What differs between the two database backends, kept in one place."""

from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction

IS_MONGODB = settings.IS_MONGODB

if IS_MONGODB:
    from django_mongodb_backend.fields import ObjectIdAutoField as _AutoFieldBase
else:
    _AutoFieldBase = models.BigAutoField


class PortableAutoField(_AutoFieldBase):
    """An ObjectId primary key on MongoDB, a 64-bit integer elsewhere.

    It always deconstructs to this class's path, so each app keeps one
    migrations folder for both backends.
    """

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("db_column", None)
        return name, "interviewprep.db.PortableAutoField", args, kwargs


def parse_id(value):
    """Return `value` as a primary key of this backend; ValueError if it cannot be one."""
    if not isinstance(value, str) or not value or len(value) > 24:
        raise ValueError("not an id")
    try:
        pk = PortableAutoField().to_python(value)
    except ValidationError:
        raise ValueError("not an id") from None
    if not IS_MONGODB and not 0 < pk < 2**63:
        raise ValueError("not an id")
    return pk


def atomic():
    """A transaction on SQLite and on a MongoDB replica set; nothing on a standalone mongod.

    Callers order their writes so that they stay correct without one.
    """
    if not IS_MONGODB:
        return transaction.atomic()
    # Django's own atomic() (the admin wraps its views in one) makes no MongoDB
    # transaction but forbids starting one inside it; the write order still holds.
    if not connection.in_atomic_block and connection.features._supports_transactions:
        from django_mongodb_backend import transaction as mongo_transaction

        return mongo_transaction.atomic()
    return nullcontext()
