from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from accounts.throttle import throttle
from interviewprep.converters import IdConverter

register_converter(IdConverter, "id")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard:index"), name="home"),
    path("dashboard/", include("dashboard.urls")),
    path("interviews/", include("interviews.urls")),
    path("performance/", include("performance.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    # The admin's login counts against the same limits as the site's.
    path("admin/login/", throttle("login")(admin.site.login)),
    path("admin/", admin.site.urls),
]
