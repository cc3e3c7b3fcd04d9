from django.apps import AppConfig
from django.db.models.signals import post_save


class AccountsConfig(AppConfig):
    name = "socialcycle.accounts"
    label = "accounts"
    verbose_name = "Accounts and workspaces"

    def ready(self) -> None:
        from django.contrib import admin  # noqa: PLC0415
        from django.contrib.admin.models import LogEntry  # noqa: PLC0415

        from socialcycle.accounts.admin_audit import (  # noqa: PLC0415
            audited_delete_selected,
            record_admin_change,
        )

        post_save.connect(record_admin_change, sender=LogEntry, dispatch_uid="admin-audit")
        admin.site.add_action(audited_delete_selected, "delete_selected")
