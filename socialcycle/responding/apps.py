from django.apps import AppConfig


class RespondingConfig(AppConfig):
    name = "socialcycle.responding"
    label = "responding"
    verbose_name = "Responding"
