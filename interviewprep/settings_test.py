"""Settings for the test suite: fast hashing, mail kept in memory, plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from interviewprep.settings import *  # noqa: F403
from interviewprep.settings import BASE_DIR, DATABASES, IS_MONGODB

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not IS_MONGODB:
    # A file, not memory: the concurrency tests need the same locking as production. It is
    # kept between runs (pytest --reuse-db; --create-db makes it anew).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
STATIC_ROOT = None  # nothing is collected in tests; WhiteNoise serves from the finders
