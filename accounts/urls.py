from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views
from accounts.forms import KeyedPasswordResetForm
from accounts.throttle import throttle

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Before Django's own views, whose logout says nothing.
    path("logout/", views.logout, name="logout"),
    path("tokens/", views.token_list, name="api_tokens"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    # Django's own views, throttled; the rest of django.contrib.auth.urls as they are.
    path("login/", throttle("login")(auth_views.LoginView.as_view()), name="login"),
    path(
        "password_reset/",
        throttle("password-reset")(
            auth_views.PasswordResetView.as_view(form_class=KeyedPasswordResetForm)
        ),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
]
