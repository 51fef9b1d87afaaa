from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import logout as end_session
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import ApiTokenForm, SignupForm
from accounts.models import ApiToken
from accounts.throttle import throttle

NEW_TOKEN_SESSION_KEY = "new_api_token"


@login_not_required
@require_http_methods(["GET", "POST"])
@throttle("signup")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard:index")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, f"Welcome, {user.username}! Create your first practice interview below."
        )
        return redirect("dashboard:index")
    return render(request, "registration/signup.html", {"form": form})


@login_not_required
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    end_session(request)
    # Said on the login page, which is the way back in.
    messages.success(request, "You have been logged out. Log in again below.")
    return redirect("login")


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
        # Shown on the next page load only: the database keeps just its hash.
        request.session[NEW_TOKEN_SESSION_KEY] = {"pk": str(token.pk), "key": key}
        return redirect("api_tokens")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    tokens = ApiToken.objects.for_user(request.user)
    context = {"form": form, "tokens": tokens, "new_token": new_token}
    return render(request, "accounts/tokens.html", context)


@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
    if request.method == "POST":
        token.delete()
        messages.success(request, f"Revoked “{token.name}”. Requests that send it now get a 401.")
        return redirect("api_tokens")
    return render(request, "accounts/token_revoke.html", {"token": token})
