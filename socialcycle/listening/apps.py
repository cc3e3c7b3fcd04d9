from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "socialcycle.listening"
    label = "listening"
    verbose_name = "Listening"

    def ready(self) -> None:
        # Register the tasks at start-up: they are enqueued by name.
        from socialcycle.listening import tasks  # noqa: F401, PLC0415
