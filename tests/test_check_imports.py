"""tools/check-imports catches imports that flow against the cycle."""

import importlib.machinery
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_checker():
    loader = importlib.machinery.SourceFileLoader(
        "check_imports", str(ROOT / "tools/check-imports")
    )
    spec = importlib.util.spec_from_loader("check_imports", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def write(package: Path, relative: str, text: str) -> None:
    path = package / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_project_follows_the_flow():
    assert load_checker().problems() == []


def test_a_backwards_import_and_django_in_analysis_are_reported(tmp_path):
    package = tmp_path / "socialcycle"
    write(package, "listening/services.py", "from socialcycle.acting.models import Insight\n")
    write(package, "acting/services.py", "from socialcycle.listening.models import Post\n")
    write(package, "analysis/pipeline.py", "import django.db\n")
    found = load_checker().problems(package)
    assert len(found) == 2
    assert any("listening must not import socialcycle.acting.models" in line for line in found)
    assert any("analysis must not import django.db" in line for line in found)


def test_a_test_follows_its_apps_flow_and_may_use_the_test_helpers(tmp_path):
    package = tmp_path / "socialcycle"
    write(package, "acting/tests/test_pages.py", "from socialcycle.responding.models import X\n")
    write(package, "acting/tests/test_teams.py", "from socialcycle.testing.cast import Cast\n")
    write(package, "tests/test_whole.py", "from socialcycle.measuring.models import Y\n")
    found = load_checker().problems(package)
    assert len(found) == 1
    assert "acting must not import socialcycle.responding.models" in found[0]
