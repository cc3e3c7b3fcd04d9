"""`socialcycle train --only encoder` without --base says what to run, in one sentence."""

from socialcycle.analysis.tests.test_encoder_tuning import data_folder
from socialcycle.tests.test_cli_configuration import assert_one_clear_sentence, run_cli


def test_the_encoder_is_tuned_only_with_base_and_said_so_in_one_sentence(tmp_path):
    result = run_cli("train", "--only", "encoder", "--data", str(data_folder(tmp_path)))
    assert_one_clear_sentence(result, "only with --base", "train --base --only encoder")
