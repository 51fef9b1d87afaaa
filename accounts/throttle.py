"""Throttling of sign-in, password reset and sign-up (django-ratelimit over the shared cache).

Each submission counts against the client's address and, where the form names an account,
against that name, whether or not such an account exists: an unknown name is answered
exactly as a known one. Past a limit the form answers 429 with when to try again, even
for the right password, until the window ends.
"""

import ipaddress
import math
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage


def _submitted(field):
    def key(group, request):
        return request.POST.get(field, "").strip().casefold()

    return key


# Per group: (what is counted, how many submissions per window). Sign-in counts the login
# page and the admin's login together.
LIMITS = {
    "login": [("ip", "30/15m"), (_submitted("username"), "10/15m")],
    "password-reset": [("ip", "10/h"), (_submitted("email"), "3/h")],
    "signup": [("ip", "10/h")],
}

MESSAGES = {
    "login": "Too many sign-in attempts for this account or from your network.",
    "password-reset": "Too many password reset requests for this address or from your network.",
    "signup": "Too many new accounts from your network.",
}


def client_ip(request):
    """The client's address: from settings.CLIENT_IP_HEADER behind a proxy, else the peer's."""
    if settings.CLIENT_IP_HEADER:
        meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = request.META.get(meta_key, "").split(",")[0].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass  # absent or not an address: the peer is the best we know
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def seconds_to_wait(request, group):
    """Count this submission; the seconds until the client may submit again, or 0."""
    waits = [0]
    for key, rate in LIMITS[group]:
        usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(usage["time_left"], 1))
    return max(waits)


def in_words(seconds):
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def throttle(group):
    """Refuse a view's POSTs with 429 once `group`'s limits are reached."""

    def decorator(view):
        @wraps(view)
        def throttled(request, *args, **kwargs):
            if request.method == "POST":
                wait = seconds_to_wait(request, group)
                if wait:
                    context = {"message": MESSAGES[group], "wait": in_words(wait)}
                    response = render(request, "registration/throttled.html", context, status=429)
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return throttled

    return decorator
