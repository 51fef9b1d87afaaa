from django.urls import path

from performance import views

app_name = "performance"

urlpatterns = [
    path("", views.history, name="history"),
    path("export.csv", views.export, name="export"),
    path("<id:pk>/", views.detail, name="detail"),
]
