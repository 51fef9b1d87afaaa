from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("goal/", views.goal, name="goal"),
    path("goal/remove/", views.goal_remove, name="goal_remove"),
]
