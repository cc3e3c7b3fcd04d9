"""The encoder: genuine weights only, unit-length embeddings, the same whatever the batch."""

import numpy as np
import pytest

from socialcycle.analysis import encoder


def test_weights_with_another_checksum_are_refused(tmp_path):
    (tmp_path / encoder.WEIGHTS_FILE).write_bytes(b"not the model")
    with pytest.raises(encoder.EncoderError, match="not the genuine all-MiniLM-L6-v2"):
        encoder.verify_weights(tmp_path)


def test_missing_weights_are_named(tmp_path):
    with pytest.raises(encoder.EncoderError, match="are missing"):
        encoder.verify_weights(tmp_path)


def test_the_packaged_weights_are_genuine():
    assert encoder.verify_weights(encoder.weights_dir()) == encoder.WEIGHTS_SHA256


def test_embeddings_are_unit_length_and_do_not_depend_on_batch_order(pipeline):
    texts = ["the hub keeps dropping wifi", "love it", "refund please, it broke after a week"]
    together = pipeline.encoder.encode(texts)
    reversed_ = pipeline.encoder.encode(texts[::-1])[::-1]
    assert together.shape == (3, encoder.DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(together, reversed_, atol=1e-5)


def test_similar_meanings_are_closer_than_different_ones(pipeline):
    broke, refund, praise = pipeline.encoder.encode(
        [
            "it broke after a week, I want my money back",
            "please refund me, the device stopped working",
            "what a lovely sunny day at the beach",
        ]
    )
    assert float(broke @ refund) > float(broke @ praise) + 0.2


def test_a_long_text_is_read_in_even_passages_and_a_short_one_whole():
    from socialcycle.analysis.encoder import PASSAGE_WORDS, passages

    short = "word " * PASSAGE_WORDS
    assert passages(short) == [short]
    long = " ".join(f"w{n}" for n in range(PASSAGE_WORDS * 2 + 10))
    split = passages(long)
    assert len(split) == 3
    assert " ".join(split).split() == long.split()  # nothing lost, nothing repeated
    assert max(len(p.split()) for p in split) - min(len(p.split()) for p in split) <= 1


def test_the_whole_text_embedding_hears_what_comes_after_the_first_passage(pipeline):
    from socialcycle.analysis.encoder import whole_text

    opening = "We flew from London to Cape Town in economy on the upper deck. " * 12
    texts = ["A short tweet about a late parcel", opening + "My advice: book row 12."]
    first = pipeline.encoder.encode(texts)
    whole = whole_text(pipeline.encoder, texts, first)

    np.testing.assert_array_equal(whole[0], first[0])  # one passage: nothing more to read
    assert not np.allclose(whole[1], first[1])
    np.testing.assert_allclose(np.linalg.norm(whole, axis=1), 1.0, atol=1e-5)


def test_one_text_at_a_time_gives_what_a_batch_of_one_gives(pipeline):
    encoder = pipeline.encoder
    texts = ["", "ok", "The hub is down again!!! 😡", "word " * 300, "Straße İstanbul ΣΟΦΙΑΣ"]
    assert encoder.batch_size == 1
    one_by_one = encoder.encode(texts)
    through_batches = np.vstack([encoder._encode_batch([text]) for text in texts])
    assert np.array_equal(one_by_one, through_batches)
