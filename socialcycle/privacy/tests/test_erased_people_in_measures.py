"""Someone erased is gone from the measures at once: from the ladder's stored lists of
advocates (which keep ids and counts only) and from the People directory and pages."""

from socialcycle.listening.models import Channel
from socialcycle.measuring.ladder import figures as ladder_figures
from socialcycle.measuring.models import LadderFigures
from socialcycle.measuring.tests import test_ladder_figures as figures_tests
from socialcycle.measuring.tests.test_people import known, names, person_url
from socialcycle.privacy.models import ErasureRecord
from socialcycle.privacy.services import erase_participant


def test_someone_erased_since_is_gone_from_the_ladders_lists_at_once(cast):
    ada = figures_tests.advocate(cast.workspace, "Ada")
    figures_tests.advocate(cast.workspace, "Cy", influence=50)
    ladder_figures.refresh(cast.workspace)
    erase_participant(ada, mode=ErasureRecord.Mode.ANONYMISE, by=cast.admin)
    read = ladder_figures.figures(cast.workspace, 12)
    assert figures_tests.names(read.advocates) == ["Cy"]
    stored = LadderFigures.objects.get(workspace=cast.workspace)
    assert "Ada" not in str(stored.advocates)  # only ids and counts are kept


def test_someone_erased_is_gone_from_the_people_pages(client, cast):
    client.force_login(cast.viewer)
    gone = known(cast.workspace, "Gone", (Channel.SOCIAL, "@gone"))
    erase_participant(gone, mode=ErasureRecord.Mode.DELETE, by=cast.admin)
    assert client.get(person_url(cast.workspace, gone)).status_code == 404
    assert names(cast.workspace, text="gone") == []
