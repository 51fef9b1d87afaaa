from django.urls import path

from interviews import views

app_name = "interviews"

urlpatterns = [
    path("new/", views.interview_new, name="new"),
    path("<id:pk>/start/", views.interview_start_view, name="start"),
    path("<id:pk>/complete/", views.interview_complete_view, name="complete"),
    path("<id:pk>/feedback/", views.interview_feedback, name="feedback"),
    path("<id:pk>/delete/", views.interview_delete_view, name="delete"),
]
