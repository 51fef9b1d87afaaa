"""The API's URLs under /api/: every view answers JSON itself and never redirects to a login."""

import functools

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseNotAllowed
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from api import docs
from api.views import api, error_response


def _json_errors(view):
    """The view, open to anonymous requests (it answers 401 itself) and with a JSON 405."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            message = f"{request.method} is not allowed here; use {allowed}."
            response = error_response(request, 405, message, {"method": [message]})
            response["Allow"] = allowed
        return response

    return login_not_required(wrapper)


@login_not_required
@csrf_exempt
def not_found(request, rest):
    return error_response(request, 404, "There is no API endpoint at this address.")


ninja_patterns, _app_name, _namespace = api.urls
for pattern in ninja_patterns:
    pattern.callback = _json_errors(pattern.callback)

app_name = "api"
urlpatterns = [
    *ninja_patterns,
    path("docs", docs.docs, name="docs"),
    re_path(r"^(?P<rest>.*)$", not_found),
]
