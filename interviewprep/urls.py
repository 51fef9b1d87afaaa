from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path, register_converter
from django.utils.functional import lazy
from django.views.generic import RedirectView

from accounts.throttle import throttle
from interviewprep.converters import IdConverter

register_converter(IdConverter, "id")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard:index"), name="home"),
    path("dashboard/", include("dashboard.urls")),
    path("interviews/", include("interviews.urls")),
    path("performance/", include("performance.urls")),
    path("", include("sharing.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    # The admin's login counts against the same limits as the site's.
    path("admin/login/", throttle("login")(admin.site.login)),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the pages link (for a CSV or JSON opened in a
    # tab, say); it is the pages' icon. Resolved per request: the static name is hashed.
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
    ),
]
