"""Who is calling: a personal API token (Authorization: Bearer) or the browser session.

A request that sends a token is judged by the token alone, so a bad token is a 401 even
from a logged-in browser. Session requests must pass Django's CSRF check on unsafe
methods, as a form post would; token requests need no CSRF token (a browser never adds
the Authorization header by itself, so a forged cross-site request cannot carry one).
"""

from django.conf import settings
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from accounts.models import ApiToken


class CsrfFailed(HttpError):
    def __init__(self):
        super().__init__(
            403,
            "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header, "
            "or use an API token.",
        )


class TokenAuth(HttpBearer):
    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header is None:
            return None
        scheme, _, key = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise AuthenticationError(message="Send the token as `Authorization: Bearer <token>`.")
        return self.authenticate(request, key.strip())

    def authenticate(self, request, token):
        user = ApiToken.authenticate(token)
        if user is None:
            raise AuthenticationError(message="This API token is unknown or has been revoked.")
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        # The CSRF check runs below, and only for a logged-in user, so that an anonymous
        # request gets a 401 rather than a CSRF failure.
        super().__init__(csrf=False)

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed()
        return request.user
