"""Live channels: sources socialcycle polls itself (docs/channels.md).

Each connector module holds one platform; `CONNECTORS` names them by kind, and
`polling.py` runs any of them the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from socialcycle.lib.credentials import unseal
from socialcycle.listening.connectors.base import Connector, ConnectorError, Publisher
from socialcycle.listening.models import Connection

# Each platform's module, imported when its connector is first used: the client libraries
# take seconds to import (atproto alone about 1.5 s), which every process that loads
# Django (a CLI command, a web or task worker) would otherwise pay.
MODULES = {
    "apple_app_store": "apple_app_store:AppleAppStore",
    "google_play": "google_play:GooglePlayReviews",
    "mastodon": "mastodon:MastodonConnector",
    "bluesky": "bluesky:BlueskyConnector",
    "reddit": "reddit:RedditConnector",
    "imap": "imap:ImapMailbox",
    "feed": "feed:RssFeed",
}


class _Registry(Mapping[str, type[Connector]]):
    """The connectors by kind, each module imported on first use."""

    def __getitem__(self, kind: str) -> type[Connector]:
        module, name = MODULES[kind].split(":")
        made: type[Connector] = getattr(import_module(f"{__name__}.{module}"), name)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


CONNECTORS: Mapping[str, type[Connector]] = _Registry()


def connector_for(connection: Connection) -> Connector:
    """The connector a connection names, set up with its settings and opened credentials."""
    made = CONNECTORS.get(connection.kind)
    if made is None:
        raise ConnectorError(f"There is no connector called {connection.kind!r}.", reconnect=True)
    return made(connection.settings, unseal(connection.credentials))


def publisher_for(connection: Connection) -> Publisher | None:
    """The connection's connector when it can answer on its platform, else None."""
    connector = connector_for(connection)
    if isinstance(connector, Publisher) and connector.can_publish():
        return connector
    return None
