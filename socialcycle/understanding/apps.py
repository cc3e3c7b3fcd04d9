from django.apps import AppConfig


class UnderstandingConfig(AppConfig):
    name = "socialcycle.understanding"
    label = "understanding"
    verbose_name = "Understanding"
