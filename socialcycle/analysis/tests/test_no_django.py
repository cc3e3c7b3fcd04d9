"""The analysis package stands alone: using it loads no Django and no Celery."""

import subprocess
import sys


def test_importing_and_running_analysis_loads_no_django():
    code = (
        "import sys, socialcycle.analysis as a; a.analyze(['I love it']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'celery', 'ninja'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
