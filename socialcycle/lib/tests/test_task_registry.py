"""Every task named somewhere is registered in a freshly started process.

Tasks are enqueued and scheduled by name, so a task module nobody imported at start-up
fails only when its first job arrives. A fresh interpreter proves the apps register their
own tasks, whatever this test process happened to import before.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2]
NAMED = re.compile(r"""(?:enqueue|fan_out)\(\s*["']([a-z_]+\.[a-z_]+)["']""")
PROBE = (
    "import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'socialcycle.settings'); django.setup(); from socialcycle.celery import app; "
    "print(json.dumps(sorted(app.tasks)))"
)


def test_every_enqueued_and_scheduled_task_is_registered_at_start_up():
    named = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for source in PACKAGE.rglob("*.py"):
        named |= set(NAMED.findall(source.read_text(encoding="utf-8")))
    assert "measuring.refresh_rollups" in named
    output = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    ).stdout
    registered = set(json.loads(output.strip().splitlines()[-1]))
    assert named - registered == set()
