import pytest


@pytest.fixture(autouse=True)
def data_dir(private_data_dir):
    """Every listening test keeps its uploads and problems files in a folder of its own."""
    return private_data_dir
