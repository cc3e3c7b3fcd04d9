"""socialcycle: run an organisation's Social Feedback Cycle.

Importing this package loads nothing else, so `socialcycle.analysis` stays plain Python.
The Celery application lives in socialcycle.celery (`celery -A socialcycle` finds it).
"""

__version__ = "0.1.0"
