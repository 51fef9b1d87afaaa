from django.urls import path

from interviews import views

app_name = "interviews"

urlpatterns = [
    path("new/", views.interview_new, name="new"),
    path("planned/start/", views.planned_session_start_view, name="planned_start"),
    path("<id:pk>/start/", views.interview_start_view, name="start"),
    path("<id:pk>/complete/", views.interview_complete_view, name="complete"),
    path("<id:pk>/feedback/", views.interview_feedback, name="feedback"),
    path("<id:pk>/results/edit/", views.interview_edit_results, name="edit_results"),
    path("<id:pk>/delete/", views.interview_delete_view, name="delete"),
    path("<id:pk>/session/", views.session_view, name="session"),
    path("<id:pk>/session/answer/", views.session_answer, name="session_answer"),
    path("<id:pk>/session/assess/", views.session_assess_view, name="session_assess"),
    path("<id:pk>/session/go/", views.session_go_view, name="session_go"),
    path("<id:pk>/session/finish/", views.session_finish_view, name="session_finish"),
]
