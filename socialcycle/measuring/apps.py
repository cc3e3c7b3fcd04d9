from django.apps import AppConfig


class MeasuringConfig(AppConfig):
    name = "socialcycle.measuring"
    label = "measuring"
    verbose_name = "Measuring"
