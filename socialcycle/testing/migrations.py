"""Moving the test database to a migration and back, for tests of a data migration."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(app_at: tuple[str, str] | None = None) -> Apps:
    """Every app at its newest migration, the app of `app_at` at that migration if given;
    returns the models as they are there."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    targets = [node for node in leaves if app_at is None or node[0] != app_at[0]]
    if app_at is not None:
        targets.append(app_at)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
