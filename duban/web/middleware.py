"""Two answers every response needs: a too-large upload refused in Chinese before it is read, and
signed-in pages kept out of shared and browser caches."""
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control


def _too_large(request) -> HttpResponse:
    limit = settings.DUBAN_MAX_UPLOAD_BYTES // (1024 * 1024)
    message = f"提交的内容超过 {limit} MB 的上限，未接收；请缩小文件后重试"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(f"<!doctype html><meta charset=utf-8><title>内容过大</title><p>{message}</p>",
                        status=413, content_type="text/html; charset=utf-8")


class UploadLimit:
    """Refuses a request whose declared body is over the limit, before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DUBAN_MAX_UPLOAD_BYTES:
            return _too_large(request)
        return self.get_response(request)


class PrivatePages:
    """A page shown to a signed-in user holds what only they may see: no cache keeps a copy, so
    the next person at a shared computer or behind the same proxy cannot get it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
