"""A write that waited its turn and still found the database busy (a 100,000-row import holds
SQLite's one writer slot for its whole all-or-nothing transaction) answers 503 with Retry-After:
the client tries again later, instead of reading a 500 as a fault."""
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse

RETRY_AFTER_SECONDS = 10
MESSAGE = "系统正在写入大批数据（如台账导入），请稍后重试；本次操作没有写入"
# SQLite: "database is locked" (busy timeout ran out) or "database table is locked";
# PostgreSQL: a lock_timeout or a deadlock victim.
BUSY_WORDS = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock",
              "deadlock detected")


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and any(w in str(exc).lower() for w in BUSY_WORDS)


def busy_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return busy_response(request) if is_busy(exception) else None
