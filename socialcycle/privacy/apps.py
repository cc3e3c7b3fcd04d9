from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "socialcycle.privacy"
    label = "privacy"
    verbose_name = "Privacy"
