from django.apps import AppConfig


class UnderstandingConfig(AppConfig):
    name = "socialcycle.understanding"
    label = "understanding"
    verbose_name = "Understanding"

    def ready(self) -> None:
        # Register the tasks at start-up: they are enqueued by name from other apps.
        from socialcycle.understanding import tasks  # noqa: F401, PLC0415
