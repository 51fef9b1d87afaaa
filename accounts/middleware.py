"""Personal responses stay out of shared and browser caches."""

from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person and on
    every API response (the API authenticates by token, not by session): a proxy never
    keeps them, and the browser's back button after logging out does not show them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            patch_cache_control(response, private=True, no_store=True)
        return response
