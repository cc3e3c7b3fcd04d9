"""The connector registry names every connector by its own kind, and loading Django does
not import the platforms' client libraries (they cost seconds at every process start)."""

import os
import subprocess
import sys

from socialcycle.listening.connectors import CONNECTORS


def test_each_kind_names_the_connector_of_that_kind():
    kinds = {kind: CONNECTORS[kind].kind for kind in CONNECTORS}
    assert kinds == {kind: kind for kind in CONNECTORS}
    assert CONNECTORS.get("closed_platform") is None


def test_starting_django_imports_no_platform_client(tmp_path):
    probe = (
        "import sys, django; django.setup(); import socialcycle.urls, socialcycle.celery; "
        "print(sorted(m for m in ('atproto', 'praw', 'googleapiclient', 'mastodon') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "socialcycle.settings"}
    env["DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
