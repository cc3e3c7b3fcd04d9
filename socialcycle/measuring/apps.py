from django.apps import AppConfig


class MeasuringConfig(AppConfig):
    name = "socialcycle.measuring"
    label = "measuring"
    verbose_name = "Measuring"

    def ready(self) -> None:
        # Register the tasks at start-up: they are enqueued by name from other apps and
        # run by name from the embedded scheduler.
        from socialcycle.measuring import tasks  # noqa: F401, PLC0415
