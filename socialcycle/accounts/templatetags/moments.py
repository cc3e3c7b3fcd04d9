"""`{{ value|moment }}`: a time as people say it ("3 hours ago"), the exact time on hover.

Every staff page shows times this way: `<time datetime="…">` carries the instant for
programs, its title the exact time on the page's clock (the workspace's time zone, which
the workspace views activate), and the text how long ago it was (or how long until).
A value that is not a time (a stored text that cannot be read as one) is shown as it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince, timeuntil

register = template.Library()

JUST_NOW_SECONDS = 60


@register.filter
def moment(value: Any, empty: str = "never") -> SafeString | str:
    when = _as_time(value)
    if when is None:
        return empty if value in (None, "") else str(value)
    exact = timezone.localtime(when).strftime("%Y-%m-%d %H:%M %Z")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', when.isoformat(), exact, _said(when)
    )


def _as_time(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_current_timezone())
    return value


def _said(when: datetime) -> str:
    now = timezone.now()
    if abs((now - when).total_seconds()) < JUST_NOW_SECONDS:
        return "just now"
    if when < now:
        return f"{timesince(when, now, depth=1)} ago"
    return f"in {timeuntil(when, now, depth=1)}"
