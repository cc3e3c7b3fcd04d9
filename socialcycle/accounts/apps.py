from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "socialcycle.accounts"
    label = "accounts"
    verbose_name = "Accounts and workspaces"
