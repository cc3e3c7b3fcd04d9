"""Rate limits and lockout count once for every process of a deployment, however many web
workers serve it: on Redis when REDIS_URL is set, else in a folder under DATA_DIR."""

import os
import subprocess
import sys
import uuid

from socialcycle.lib import lockout

FAIL = (
    "import sys, django; django.setup(); "
    "from socialcycle.lib import lockout; "
    "print(all(not lockout.record_failure(sys.argv[1]) for _ in range(int(sys.argv[2]))))"
)


def fail_in_another_process(account: str, times: int) -> str:
    """Record `times` failed sign-ins in a process of its own, as another web worker would."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "socialcycle.settings"}
    done = subprocess.run(
        [sys.executable, "-c", FAIL, account, str(times)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


def test_failures_in_two_workers_add_up_to_one_lockout():
    account = f"shared-{uuid.uuid4().hex}"
    half = lockout.FAILURES_BEFORE_LOCK // 2
    assert fail_in_another_process(account, half) == "True"  # not locked yet
    rest = lockout.FAILURES_BEFORE_LOCK - half - 1
    assert fail_in_another_process(account, rest) == "True"  # one short of the lock
    assert lockout.locked_for(account) == 0
    assert lockout.record_failure(account)  # the last failure, in this process
    assert lockout.locked_for(account) > 0
