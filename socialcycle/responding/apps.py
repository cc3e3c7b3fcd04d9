from django.apps import AppConfig


class RespondingConfig(AppConfig):
    name = "socialcycle.responding"
    label = "responding"
    verbose_name = "Responding"

    def ready(self) -> None:
        # Register the tasks at start-up: other apps enqueue them by name.
        from socialcycle.responding import tasks  # noqa: F401, PLC0415
