"""Fixtures of the analysis tests: the real pipeline, loaded once per run."""

from pathlib import Path

import pytest

from socialcycle.analysis.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline(shared_model_dir: Path) -> Pipeline:
    return Pipeline(shared_model_dir)
