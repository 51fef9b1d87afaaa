"""What the benchmark scripts share: a throwaway database, and medians printed alike."""

import os
import statistics


def configure(database, *, mongodb=False):
    """Set Django up on a throwaway SQLite file `database` and migrate it.

    With `mongodb`, a MONGODB_URI in the environment (scripts/with_test_mongodb.py sets
    one) is used instead, with a database of this process's own.
    """
    # The test settings serve static files without a collected manifest; the database
    # settings are production's (SQLITE_PATH, WAL).
    os.environ["DJANGO_SETTINGS_MODULE"] = "interviewprep.settings_test"
    os.environ["DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "benchmark-only-" + "x" * 40
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "WARNING"
    if mongodb and os.environ.get("MONGODB_URI"):
        os.environ["MONGODB_NAME"] = f"benchmark_{os.getpid()}"
    else:
        os.environ["MONGODB_URI"] = ""
        os.environ["SQLITE_PATH"] = str(database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def line(label, samples, baseline=None, width=44):
    """Print the p50 and p90 of `samples` (milliseconds), and the ratio to a baseline's p50."""
    p50 = statistics.median(samples)
    text = f"  {label:<{width}} p50 {p50:7.1f} ms   p90 {percentile(samples, 0.9):7.1f} ms"
    if baseline:
        text += f"   x{p50 / statistics.median(baseline):.2f} of the baseline"
    print(text)
