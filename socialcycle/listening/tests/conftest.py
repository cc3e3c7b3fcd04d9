import pytest


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Uploads and problems files of a test go to its own folder, not the tree's var/."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR
