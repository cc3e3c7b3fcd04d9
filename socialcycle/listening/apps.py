from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "socialcycle.listening"
    label = "listening"
    verbose_name = "Listening"
