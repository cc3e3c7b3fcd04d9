"""Feeds kept their polling state in Source.config; they are live sources now, polled by
the connector base like every other (listening/connectors/feed.py). Each followed feed
becomes a Connection with its address, interval, ETag/Last-Modified and last problem, due
at once; going back puts them into Source.config again."""

import json
from datetime import UTC, datetime

from django.db import migrations
from django.utils import timezone

FEED_KEYS = ("feed_url", "poll_minutes", "etag", "modified", "last_polled_at", "last_error")


def _minutes(value):
    try:
        minutes = int(float(value))
    except (TypeError, ValueError):
        return 30
    return min(max(minutes, 5), 1440)


def _moment(value):
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def feeds_to_connections(apps, schema_editor):
    Source = apps.get_model("listening", "Source")
    Connection = apps.get_model("listening", "Connection")
    now = timezone.now()
    for source in Source.objects.filter(channel="feed").order_by("pk"):
        config = dict(source.config or {})
        url = config.get("feed_url")
        if not url or Connection.objects.filter(source=source).exists():
            continue
        validators = {key: str(config[key]) for key in ("etag", "modified") if config.get(key)}
        Connection.objects.create(
            source=source,
            kind="feed",
            settings={"url": str(url)},
            cursor=json.dumps(validators, separators=(",", ":")) if validators else "",
            poll_seconds=_minutes(config.get("poll_minutes", 30)) * 60,
            next_poll_at=now,
            last_polled_at=_moment(config.get("last_polled_at")),
            last_error=str(config.get("last_error") or ""),
        )
        source.config = {key: value for key, value in config.items() if key not in FEED_KEYS}
        source.save(update_fields=["config"])


def connections_to_feeds(apps, schema_editor):
    Connection = apps.get_model("listening", "Connection")
    for connection in Connection.objects.filter(kind="feed").select_related("source"):
        try:
            validators = json.loads(connection.cursor) if connection.cursor else {}
        except ValueError:
            validators = {}
        source = connection.source
        source.config = {
            **(source.config or {}),
            "feed_url": connection.settings.get("url", ""),
            "poll_minutes": connection.poll_seconds // 60,
            **{key: value for key, value in validators.items() if key in ("etag", "modified")},
            **(
                {"last_polled_at": connection.last_polled_at.isoformat()}
                if connection.last_polled_at
                else {}
            ),
            "last_error": connection.last_error,
        }
        source.save(update_fields=["config"])
        connection.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("listening", "0013_connection_failing_since"),
    ]

    operations = [
        migrations.RunPython(feeds_to_connections, connections_to_feeds),
    ]
