"""The forms that connect a live source, one per channel (listening/connectors/).

Each form names the settings and the credentials its connector reads; the Sources page
shows one form per channel, so a person sees only the fields of the channel they chose.
A credential is never shown again once saved: left empty when changing a source, the
saved one is kept (connections.connect_source).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

SEALED = "Sealed when saved and never shown again."


def _secret(label: str, help_text: str, *, lines: int = 0) -> forms.CharField:
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": lines, "autocomplete": "off", "spellcheck": "false"})
        if lines
        else forms.PasswordInput(render_value=False)
    )
    return forms.CharField(
        label=label, required=False, widget=widget, help_text=f"{help_text} {SEALED}"
    )


class LiveSourceForm(forms.Form):
    """What every live source has: a name and how often it is polled. Subclasses add
    their channel's fields and name which are settings and which are credentials."""

    kind: ClassVar[str]
    intro: ClassVar[str]
    setting_names: ClassVar[tuple[str, ...]] = ()
    credential_names: ClassVar[tuple[str, ...]] = ()
    default_poll_minutes: ClassVar[int] = 60

    name = forms.CharField(max_length=120)
    poll_minutes = forms.IntegerField(min_value=5, max_value=1440, label="Poll every (minutes)")

    def __init__(self, data: Any = None, *, allow_base_url: bool = False) -> None:
        # Field names stay plain (what the connector reads); ids are unique on the page.
        super().__init__(data, auto_id=f"id_{self.kind}_%s")
        self.fields["poll_minutes"].initial = self.default_poll_minutes
        # The channel's own fields come between the name and the interval.
        self.order_fields([name for name in self.fields if name != "poll_minutes"])
        if allow_base_url:  # tests point the connector at a local server
            self.fields["base_url"] = forms.URLField(
                label="Platform address (tests only)", required=False, assume_scheme="http"
            )

    def connector_settings(self) -> dict[str, Any]:
        data = self.cleaned_data
        settings = {name: data[name] for name in self.setting_names}
        if data.get("base_url"):
            settings["base_url"] = data["base_url"]
        return settings

    def credentials(self) -> dict[str, str]:
        given = {name: self.cleaned_data.get(name, "").strip() for name in self.credential_names}
        return {name: value for name, value in given.items() if value}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str) and name not in self.credential_names:
                cleaned[name] = value.strip()
        return cleaned


class AppleAppStoreForm(LiveSourceForm):
    kind = "apple_app_store"
    intro = (
        "The customer reviews of one app in one country, from Apple's public feed. Replies "
        "are published through App Store Connect when you give an API key; without one they "
        "are ready to paste."
    )
    setting_names = ("app_id", "country")
    credential_names = ("issuer_id", "key_id", "private_key")

    app_id = forms.CharField(
        label="App id",
        max_length=20,
        help_text="The digits after “id” in the app's App Store address.",
    )
    country = forms.CharField(
        label="Country", max_length=2, initial="us", help_text="Two letters: us, gb, de, …"
    )
    issuer_id = forms.CharField(
        label="Issuer id",
        max_length=64,
        required=False,
        help_text="To reply: App Store Connect → Users and Access → Integrations → "
        "App Store Connect API, above the keys.",
    )
    key_id = forms.CharField(
        label="Key id",
        max_length=20,
        required=False,
        help_text="To reply: the id of a key with the Customer Support role.",
    )
    private_key = _secret(
        "Private key (.p8)", "To reply: the content of the key's .p8 file.", lines=4
    )

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).strip().lower()


class MastodonForm(LiveSourceForm):
    kind = "mastodon"
    intro = (
        "A hashtag's public posts, a search, or the mentions of an account, on any Mastodon server."
    )
    setting_names = ("instance", "follow", "hashtag", "query", "backfill_days")
    credential_names = ("access_token",)
    default_poll_minutes = 15

    instance = forms.URLField(
        label="Server",
        assume_scheme="https",
        help_text="The server's address, such as https://mastodon.social.",
    )
    follow = forms.ChoiceField(
        choices=[
            ("hashtag", "a hashtag"),
            ("search", "a search"),
            ("mentions", "the account's mentions"),
        ]
    )
    hashtag = forms.CharField(max_length=100, required=False)
    query = forms.CharField(
        label="Search for",
        max_length=200,
        required=False,
        help_text="Mastodon finds only the posts of accounts that let themselves be found: a "
        "hashtag hears more where there is one.",
    )
    backfill_days = forms.IntegerField(
        label="History to fetch first (days)",
        min_value=0,
        max_value=30,
        initial=7,
        required=False,
        help_text="The first poll also fetches the posts of this many days back (at most "
        "400); 0 starts from the newest 40.",
    )
    access_token = _secret(
        "Access token",
        "An application token of the account that answers, with read and write:statuses "
        "(needed to search, to follow mentions and to reply).",
    )

    def clean_hashtag(self) -> str:
        return str(self.cleaned_data["hashtag"]).strip().lstrip("#")

    def clean_backfill_days(self) -> int:
        days = self.cleaned_data["backfill_days"]
        return 7 if days is None else int(days)


class ImapForm(LiveSourceForm):
    kind = "imap"
    intro = (
        "New messages of a support mailbox, read over IMAP and left unread; replies go out "
        "over SMTP in the same thread."
    )
    setting_names = ("host", "port", "username", "mailbox")
    credential_names = ("password",)
    default_poll_minutes = 5

    host = forms.CharField(
        label="Mail server",
        max_length=200,
        help_text="The IMAP server, such as imap.example.com (TLS on port 993).",
    )
    port = forms.IntegerField(min_value=1, max_value=65535, initial=993, required=False)
    username = forms.CharField(label="User name", max_length=200)
    mailbox = forms.CharField(label="Folder", max_length=200, initial="INBOX", required=False)
    password = _secret("Password", "The mailbox's password, or an app password.")

    def connector_settings(self) -> dict[str, Any]:
        settings = super().connector_settings()
        settings["port"] = settings["port"] or 993
        settings["mailbox"] = settings["mailbox"] or "INBOX"
        if "base_url" in self.fields:  # tests only: a plain local server
            settings.pop("base_url", None)
            settings["plain"] = True
        return settings

    def credentials(self) -> dict[str, str]:
        password = self.cleaned_data.get("password", "")  # kept as typed, spaces and all
        return {"password": password} if password else {}


class BlueskyForm(LiveSourceForm):
    kind = "bluesky"
    intro = "Posts matching a search, or the mentions of and replies to an account, on Bluesky."
    setting_names = ("follow", "query")
    credential_names = ("handle", "app_password")
    default_poll_minutes = 15

    follow = forms.ChoiceField(
        choices=[("search", "a search"), ("mentions", "the account's mentions and replies")]
    )
    query = forms.CharField(
        label="Search", max_length=200, required=False, help_text="Words or a #hashtag."
    )
    handle = forms.CharField(
        label="Handle",
        max_length=253,
        required=False,
        help_text="The account that reads and answers, such as lumio.bsky.social.",
    )
    app_password = _secret(
        "App password", "Bluesky → Settings → Privacy and security → App passwords."
    )


class RedditForm(LiveSourceForm):
    kind = "reddit"
    intro = "New posts and comments of a subreddit, or the results of a search, on Reddit."
    setting_names = ("follow", "subreddit", "query")
    credential_names = ("client_id", "client_secret", "refresh_token")
    default_poll_minutes = 15

    follow = forms.ChoiceField(
        choices=[("subreddit", "a subreddit's posts and comments"), ("search", "a search")]
    )
    subreddit = forms.CharField(
        max_length=100,
        required=False,
        help_text="The name after r/. Needed to follow a subreddit; for a search, leave it "
        "blank to search all of Reddit.",
    )
    query = forms.CharField(
        label="Search for",
        max_length=200,
        required=False,
        help_text="Words to look for in posts' titles and text (Reddit's search syntax).",
    )
    client_id = forms.CharField(
        label="App client id",
        max_length=100,
        required=False,
        help_text="The id under the app's name at reddit.com/prefs/apps (a web app or script).",
    )
    client_secret = _secret("App secret", "The app's secret, on the same page.")
    refresh_token = _secret(
        "Account refresh token (to reply)",
        "A permanent refresh token of the account that answers (scopes identity, read, "
        "submit, history). Left empty, the source only reads and replies are ready to paste.",
    )


class GooglePlayForm(LiveSourceForm):
    kind = "google_play"
    intro = (
        "The reviews of one app on Google Play, through the Play developer API, which keeps "
        "only the last 7 days of reviews: a source paused or failing for longer misses some."
    )
    setting_names = ("package_name",)
    credential_names = ("service_account_json",)

    package_name = forms.CharField(
        label="Package name",
        max_length=150,
        help_text="The app's id on Google Play, such as com.example.app: the id= part of "
        "its Play Store address.",
    )
    service_account_json = _secret(
        "Service account key (JSON)",
        "The whole JSON key file of a Google Cloud service account invited to your Play "
        "Console with the “Reply to reviews” permission.",
        lines=4,
    )


LIVE_SOURCE_FORMS: dict[str, type[LiveSourceForm]] = {
    form.kind: form
    for form in (
        AppleAppStoreForm,
        GooglePlayForm,
        MastodonForm,
        BlueskyForm,
        RedditForm,
        ImapForm,
    )
}
