"""How large a request body may be, said before it is read: 413 with the limit in bytes.

The JSON API takes large batches (1,000 posts of up to 50,000 characters), so its limit is
settings.API_MAX_BODY_BYTES and its answer is JSON; a page's form takes
settings.PAGE_MAX_BODY_BYTES and gets a short page. File uploads (multipart) are left to
Django, which streams them to disk, and to each upload form's own limit. Django's own
DATA_UPLOAD_MAX_MEMORY_SIZE is the larger of the two, so it never answers first with
its HTML 400.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

API_PREFIX = "/api/"


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        size = _declared_size(request)
        if request.path.startswith(API_PREFIX):
            if size > settings.API_MAX_BODY_BYTES:
                return JsonResponse(
                    {"detail": _sentence(size, settings.API_MAX_BODY_BYTES, "API_MAX_BODY_BYTES")},
                    status=413,
                )
        elif size > settings.PAGE_MAX_BODY_BYTES and not _is_upload(request):
            return HttpResponse(
                _sentence(size, settings.PAGE_MAX_BODY_BYTES, "PAGE_MAX_BODY_BYTES"),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _declared_size(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _is_upload(request: HttpRequest) -> bool:
    return str(request.META.get("CONTENT_TYPE", "")).startswith("multipart/form-data")


def _sentence(size: int, limit: int, setting: str) -> str:
    return (
        f"The request body is {size:,} bytes; the limit is {limit:,} bytes ({setting}). "
        "Send fewer items per request."
    )
