from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "socialcycle.community"
    label = "community"
    verbose_name = "Community"
