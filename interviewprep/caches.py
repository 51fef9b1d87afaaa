"""The default cache: a table or collection in the app's own database.

Every gunicorn worker and every app machine then shares the analytics reports and the
sign-in throttle counters without another server to run. `CACHE_URL` (e.g. a Redis URL)
replaces it; see settings.py.

Both classes give the throttle an atomic `incr`: two workers counting the same failed
sign-in at once must add two, not overwrite each other's one.
"""

import pickle
from datetime import UTC, datetime

from bson import Binary
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache with an increment that cannot lose a concurrent one.

    Django's `incr` reads then writes. Inside a transaction it is serialised: SQLite
    takes the write lock when the transaction begins (settings use IMMEDIATE), and other
    SQL databases lock the row on update.
    """

    def incr(self, key, delta=1, version=None):
        with transaction.atomic(using=router.db_for_write(self.cache_model_class)):
            return super().incr(key, delta, version)


# The expiry of an entry set without a timeout; MongoDB's TTL index ignores it.
NEVER = datetime(9999, 12, 31, tzinfo=UTC)


class MongoDBCache(BaseCache):
    """A cache in a collection of the MongoDB database (LOCATION names it).

    One document per key: `{_id: key, value, expires}`. Integers are stored as numbers,
    so `incr` is one atomic `$inc`; anything else is pickled. A TTL index on `expires`
    lets the server delete expired entries; reads ignore them before it does.
    """

    def __init__(self, location, params):
        super().__init__(params)
        self._collection_name = location or "django_cache"
        self._index_made = False

    @property
    def _collection(self):
        connection = connections[DEFAULT_DB_ALIAS]
        collection = connection.get_collection(self._collection_name)
        if not self._index_made:
            collection.create_index("expires", expireAfterSeconds=0)
            self._index_made = True
        return collection

    def _expires(self, timeout):
        expiry = self.get_backend_timeout(timeout)  # a Unix time, -1 for "already expired"
        if expiry is None:
            return NEVER
        return datetime.fromtimestamp(expiry, UTC)

    @staticmethod
    def _live(key):
        return {"_id": key, "expires": {"$gt": datetime.now(UTC)}}

    @staticmethod
    def _encode(value):
        if type(value) is int:
            return value
        return Binary(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def _decode(stored):
        if isinstance(stored, int):
            return stored
        return pickle.loads(stored)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        document = self._collection.find_one(self._live(key), {"value": 1})
        return default if document is None else self._decode(document["value"])

    def get_many(self, keys, version=None):
        """The live entries of `keys` in one command."""
        names = {self.make_and_validate_key(key, version=version): key for key in keys}
        live = {"_id": {"$in": list(names)}, "expires": {"$gt": datetime.now(UTC)}}
        return {
            names[document["_id"]]: self._decode(document["value"])
            for document in self._collection.find(live, {"value": 1})
        }

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        document = {"value": self._encode(value), "expires": self._expires(timeout)}
        self._collection.replace_one({"_id": key}, document, upsert=True)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        document = {"value": self._encode(value), "expires": self._expires(timeout)}
        # Matches an expired entry (replaced) or none (inserted); a live entry makes the
        # insert collide with its _id, so the value is not added.
        expired = {"_id": key, "expires": {"$lte": datetime.now(UTC)}}
        try:
            self._collection.update_one(expired, {"$set": document}, upsert=True)
        except DuplicateKeyError:
            return False
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        result = self._collection.update_one(
            self._live(key), {"$set": {"expires": self._expires(timeout)}}
        )
        return result.matched_count > 0

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        document = self._collection.find_one_and_update(
            {**self._live(key), "value": {"$type": ["int", "long"]}},
            {"$inc": {"value": delta}},
            projection={"value": 1},
            return_document=ReturnDocument.AFTER,
        )
        if document is not None:
            return document["value"]
        document = self._collection.find_one(self._live(key), {"value": 1})
        if document is None:
            raise ValueError(f"Key '{key}' not found.")
        # A stored float or other pickled value: added as Django's own caches do.
        value = self._decode(document["value"]) + delta
        self._collection.update_one({"_id": key}, {"$set": {"value": self._encode(value)}})
        return value

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._collection.delete_one({"_id": key}).deleted_count > 0

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._collection.count_documents(self._live(key), limit=1) > 0

    def clear(self):
        self._collection.delete_many({})
