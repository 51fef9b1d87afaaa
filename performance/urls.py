from django.urls import path

from performance import views

app_name = "performance"

urlpatterns = [
    path("", views.history, name="history"),
    path("export.csv", views.export, name="export"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/exclude/", views.exclusion, {"excluded": True}, name="exclude"),
    path("<id:pk>/include/", views.exclusion, {"excluded": False}, name="include"),
]
