"""Parse settings from the environment; every problem is one sentence naming the variable."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(environ: dict[str, str], name: str, default: bool) -> bool:
    """Read a boolean; anything but a clear yes/no word stops start-up."""
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(environ: dict[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(environ: dict[str, str], name: str, default: list[str]) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_secret_key(environ: dict[str, str], data_dir: Path) -> str:
    """Use SECRET_KEY when given; otherwise keep a generated one in the data directory."""
    if environ.get("SECRET_KEY"):
        return environ["SECRET_KEY"]
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def check_redis_url(url: str) -> str:
    """Reject a REDIS_URL that Celery would only choke on later, with a readable reason."""
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis:// or rediss://, not {redact_url(url)!r}."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(
            f"REDIS_URL has a port that is not a number: {redact_url(url)!r}."
        ) from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"REDIS_URL names no host: {redact_url(url)!r}.")
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise ImproperlyConfigured(
            f"REDIS_URL must end with a database number such as /0, not {redact_url(url)!r}."
        )
    del port
    return url


def redact_url(url: str) -> str:
    """Hide the password of a URL before it is shown to anyone."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    file_path: str = ""


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def parse_email_url(url: str) -> EmailConfig:
    """Turn EMAIL_URL (smtp://, smtp+tls://, smtps://, console://, file:///dir) into settings."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return EmailConfig(backend="django.core.mail.backends.console.EmailBackend")
    if scheme == "file":
        return EmailConfig(
            backend="django.core.mail.backends.filebased.EmailBackend", file_path=parts.path
        )
    if scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp://, smtp+tls://, smtps://, console:// or file://, "
            f"not {redact_url(url)!r}."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(
            f"EMAIL_URL has a port that is not a number: {redact_url(url)!r}."
        ) from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL names no host: {redact_url(url)!r}.")
    query = parse_qs(parts.query)
    use_ssl = scheme == "smtps" or query.get("ssl") == ["true"]
    use_tls = scheme == "smtp+tls" or query.get("tls") == ["true"]
    default_port = 465 if use_ssl else (587 if use_tls else 25)
    return EmailConfig(
        backend=SMTP_BACKEND,
        host=parts.hostname,
        port=port or default_port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )
