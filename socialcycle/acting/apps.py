from django.apps import AppConfig


class ActingConfig(AppConfig):
    name = "socialcycle.acting"
    label = "acting"
    verbose_name = "Acting"
