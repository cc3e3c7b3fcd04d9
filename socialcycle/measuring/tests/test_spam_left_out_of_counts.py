"""The dashboard's counts leave spam out (moved here from understanding's spam tests: it
reads measuring's counts, which the background recount keeps)."""

from socialcycle.measuring.tests.rollup_helpers import counted
from socialcycle.understanding.tests.helpers import analysed_posts

PROMOTION = "WIN a FREE iPhone!!! Click here https://bit.ly/a1 #giveaway #win"
COMPLAINT = "The hub is down again and nobody answers the phone"
QUESTION = "Could you add a dark mode to the app?"


def test_the_dashboard_counts_leave_spam_out(client, cast):
    analysed_posts(cast.workspace, [PROMOTION, COMPLAINT, QUESTION])
    counted(cast.workspace)
    client.force_login(cast.viewer)

    summary = client.get(f"/api/v1/workspaces/{cast.workspace.slug}/summary").json()

    assert summary["posts"] == 2
    assert summary["analysed"] == 2
