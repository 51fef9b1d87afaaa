from django.urls import path

from sharing import views

app_name = "sharing"

urlpatterns = [
    path("accounts/shares/", views.share_list, name="list"),
    path("accounts/shares/history/", views.share_history, name="new_history"),
    path("accounts/shares/report/<id:pk>/", views.share_report, name="new_report"),
    path("accounts/shares/<id:pk>/", views.share_detail, name="detail"),
    path("accounts/shares/<id:pk>/revoke/", views.share_revoke, name="revoke"),
    path("s/<str:token>/", views.shared, name="shared"),
]
