"""What a client sees when the database or Redis is down: 503 with Retry-After, not 500.

Django calls `server_error` (settings' handler500) for any exception no view handled.
When that exception is an outage of a service the request needed (the database refused,
locked or lost the connection; Redis or the broker refused), the API answers JSON 503
with Retry-After and a page answers a styled "try again" page with the same status, so a
client retries and a person waits instead of reporting a bug. A stored value the
database cannot give back (DataError) is a 500 that says to run `socialcycle check-data
--repair`, since waiting will not mend it. Anything else is a 500, as before; Django logs
every one of them.
"""

from __future__ import annotations

import sys

from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

from socialcycle.lib.body_limits import API_PREFIX

RETRY_AFTER_SECONDS = 30
UNREADABLE_VALUE = (
    "A stored value cannot be read (kept from before today's checks on incoming data); "
    "an administrator can mend it with `socialcycle check-data --repair`."
)


def _outage_types() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError as BrokerError  # noqa: PLC0415
    from redis.exceptions import ConnectionError as RedisConnectionError  # noqa: PLC0415
    from redis.exceptions import TimeoutError as RedisTimeoutError  # noqa: PLC0415

    return (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError, BrokerError)


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, _outage_types())


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, DataError):
        return _unreadable_value(request)
    if not is_outage(error):
        return django_server_error(request)
    if request.path.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse(
            {
                "detail": "The service could not reach its database or its queue just now; "
                f"try again in {RETRY_AFTER_SECONDS} seconds."
            },
            status=503,
        )
    else:
        page = loader.get_template("outage.html").render({"seconds": RETRY_AFTER_SECONDS})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _unreadable_value(request: HttpRequest) -> HttpResponse:
    """A stored value the database driver cannot give back (PostgreSQL's year 10000): a
    500 that says what to run, since retrying will not help (docs/operations.md)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": UNREADABLE_VALUE}, status=500)
    return HttpResponse(loader.get_template("stored_value.html").render(), status=500)
