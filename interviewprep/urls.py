from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from interviewprep.converters import IdConverter

register_converter(IdConverter, "id")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard:index"), name="home"),
    path("dashboard/", include("dashboard.urls")),
    path("interviews/", include("interviews.urls")),
    path("performance/", include("performance.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
