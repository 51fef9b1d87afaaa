from django.urls import include, path

from accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Before Django's own views, whose logout says nothing.
    path("logout/", views.logout, name="logout"),
    path("tokens/", views.token_list, name="api_tokens"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("", include("django.contrib.auth.urls")),
]
