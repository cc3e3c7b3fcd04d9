"""docs/architecture.md tells the truth about the code: each package's modules are the
ones its floor plan lists, every page is served from a `views` module, and pages, API
routes and tasks write only through an app's writers."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

import socialcycle

PACKAGE = Path(socialcycle.__file__).parent
DOC = PACKAGE.parent / "docs" / "architecture.md"
APPS = ["accounts", "listening", "understanding", "acting", "responding", "community"]
APPS += ["measuring", "privacy"]
NOT_ROOMS = {"__init__.py", "tests", "migrations", "__pycache__"}
ROW = re.compile(r"^\| `(?P<package>[a-z_/]+)/` \| (?P<rooms>.+) \|$")
ORM_WRITES = {"save", "delete", "create", "update", "bulk_create", "bulk_update"}
ORM_WRITES |= {"get_or_create", "update_or_create"}


def planned_rooms() -> dict[str, set[str]]:
    """The floor plan's table: `| `acting/` | `models.py` · `views/` … |` per package."""
    rows = (ROW.match(line) for line in DOC.read_text().splitlines())
    return {
        row["package"]: set(re.findall(r"`([a-z_]+(?:\.py|/))`", row["rooms"]))
        for row in rows
        if row is not None
    }


def packages() -> Iterator[Path]:
    for app in APPS:
        root = PACKAGE / app
        yield root
        for init in sorted(root.rglob("__init__.py")):
            if init.parent != root and not NOT_ROOMS & set(init.parent.relative_to(root).parts):
                yield init.parent


def rooms_of(package: Path) -> set[str]:
    rooms = {path.name for path in package.glob("*.py")}
    rooms |= {f"{path.name}/" for path in package.iterdir() if (path / "__init__.py").exists()}
    return {room for room in rooms if room.rstrip("/") not in {r.rstrip("/") for r in NOT_ROOMS}}


def test_every_package_has_the_rooms_the_floor_plan_lists():
    plan = planned_rooms()
    found = {str(package.relative_to(PACKAGE)): rooms_of(package) for package in packages()}
    assert len(found) > len(APPS)  # sub-packages were walked
    assert plan == found


def _views(patterns: list[URLPattern | URLResolver]) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":  # Django's admin site, with our sign-in limit
                yield from _views(pattern.url_patterns)
        else:
            callback = getattr(pattern.callback, "view_class", pattern.callback)
            yield str(pattern.pattern), callback.__module__


def test_every_page_of_an_app_is_served_from_a_views_module():
    modules = {
        route: module
        for route, module in _views(get_resolver().url_patterns)
        if module.startswith("socialcycle.") and module.split(".")[1] in APPS
    }
    assert len(modules) > 50
    elsewhere = {
        route: module
        for route, module in modules.items()
        if not re.search(r"\.views(\.[a-z_]+)?$", module)
    }
    assert elsewhere == {}


def _entry_modules() -> Iterator[Path]:
    for app in APPS:
        root = PACKAGE / app
        yield from (root / name for name in ("api.py", "tasks.py") if (root / name).exists())
        yield from (path for path in root.rglob("views*.py"))
        yield from (path for path in root.rglob("views/*.py"))


def _orm_writes(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = ast.unparse(node.func.value)
        through_a_model = "objects" in receiver or node.func.attr in {"save", "delete"}
        if node.func.attr in ORM_WRITES and through_a_model and receiver != "cache":
            yield f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(node.func)}"


def test_pages_api_routes_and_tasks_write_only_through_writers():
    modules = list(_entry_modules())
    assert len(modules) > 20
    assert [write for path in modules for write in _orm_writes(path)] == []


def test_every_model_is_in_the_domain_model_table():
    text = DOC.read_text()
    table = text[text.index("## The domain model") : text.index("Decisions worth knowing")]
    ours = [model for model in apps.get_models() if model.__module__.startswith("socialcycle.")]
    assert len(ours) > 40
    assert [model.__name__ for model in ours if f"`{model.__name__}`" not in table] == []
