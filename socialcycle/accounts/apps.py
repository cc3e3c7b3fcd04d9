from django.apps import AppConfig
from django.db.models.signals import post_save


class AccountsConfig(AppConfig):
    name = "socialcycle.accounts"
    label = "accounts"
    verbose_name = "Accounts and workspaces"

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry  # noqa: PLC0415

        from socialcycle.accounts.admin_audit import record_admin_change  # noqa: PLC0415

        post_save.connect(record_admin_change, sender=LogEntry, dispatch_uid="admin-audit")
