"""Live channels: sources socialcycle polls itself (docs/channels.md).

Each connector module holds one platform; `CONNECTORS` names them by kind, and
`polling.py` runs any of them the same way.
"""

from __future__ import annotations

from socialcycle.lib.credentials import unseal
from socialcycle.listening.connectors.apple_app_store import AppleAppStore
from socialcycle.listening.connectors.base import Connector, ConnectorError, Publisher
from socialcycle.listening.connectors.bluesky import BlueskyConnector
from socialcycle.listening.connectors.feed import RssFeed
from socialcycle.listening.connectors.google_play import GooglePlayReviews
from socialcycle.listening.connectors.imap import ImapMailbox
from socialcycle.listening.connectors.mastodon import MastodonConnector
from socialcycle.listening.connectors.reddit import RedditConnector
from socialcycle.listening.models import Connection

CONNECTORS: dict[str, type[Connector]] = {
    AppleAppStore.kind: AppleAppStore,
    GooglePlayReviews.kind: GooglePlayReviews,
    MastodonConnector.kind: MastodonConnector,
    BlueskyConnector.kind: BlueskyConnector,
    RedditConnector.kind: RedditConnector,
    ImapMailbox.kind: ImapMailbox,
    RssFeed.kind: RssFeed,
}


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
