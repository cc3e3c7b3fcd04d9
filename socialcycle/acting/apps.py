from django.apps import AppConfig


class ActingConfig(AppConfig):
    name = "socialcycle.acting"
    label = "acting"
    verbose_name = "Acting"

    def ready(self) -> None:
        # Register the tasks at start-up: they are enqueued by name.
        from socialcycle.acting import tasks  # noqa: F401, PLC0415
