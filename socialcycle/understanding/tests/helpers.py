"""Posts with their analyses, made through the same services the product uses."""

from itertools import count

from socialcycle.listening.models import Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source
from socialcycle.understanding.services import analyse_pending_posts

_sources = count(1)


def analysed_posts(workspace, texts, channel="social", audience_by_author=None):
    """Record `texts` as posts of a new source and analyse them; returns the posts in order."""
    source = make_source(workspace, f"{channel} source {next(_sources)}", channel)
    record_posts(
        source,
        [incoming(f"p{i:03d}", text, author=f"person{i}") for i, text in enumerate(texts)],
    )
    for handle, audience in (audience_by_author or {}).items():
        source.workspace.identities.filter(handle=handle).update(audience=audience)
    analyse_pending_posts(1000)
    return list(
        Post.objects.filter(source=source).select_related("analysis").order_by("external_id")
    )
