"""Migrations are history: each keeps the values it was written with, so a label renamed
or removed in the code later cannot break a fresh `migrate`. None imports the project's
own code (a RunPython step copies what it needs)."""

import ast
from pathlib import Path

import socialcycle

PACKAGE = Path(socialcycle.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_migration_imports_the_projects_code():
    leaning = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "socialcycle"
        )
        for path in PACKAGE.glob("*/migrations/*.py")
    }
    assert len(leaning) > 20  # the migrations were found
    assert {path: names for path, names in leaning.items() if names} == {}
