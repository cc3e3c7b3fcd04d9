"""The background recount of the dashboard's daily counts, as a step a test takes.

Pages only read the rollups; `measuring.refresh_rollups` recounts them every minute and
after every analysed batch. A test that stores analyses itself (not through the analysis
task) lets that minute pass with `counted(workspace)` before it reads a figure.
"""

from socialcycle.accounts.models import Workspace
from socialcycle.measuring import tasks


def counted(workspace: Workspace) -> None:
    tasks.refresh_workspace_rollups(workspace.pk)
