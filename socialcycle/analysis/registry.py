"""Where trained heads live, which version is active, and their model cards.

The committed heads (small, reproducible with `socialcycle train --base`) are in
`artefacts/<model>/` inside this package. Heads retrained with corrections are written to
`<model_dir>/<model>/<version>/`, and `<model_dir>/<model>/ACTIVE` names the version in
use; without it the committed head is used. Every head folder has `head.npz`,
`features.npz` (what the head reads) and `card.json` (its model card, with both files'
sha256).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from socialcycle.analysis.encoder import encoder_version, file_sha256
from socialcycle.analysis.features import TextFeatures
from socialcycle.analysis.heads import LinearHead, MultiLabelHead

Head = LinearHead | MultiLabelHead
H = TypeVar("H", LinearHead, MultiLabelHead)

PACKAGED = Path(__file__).parent / "artefacts"
HEAD_FILE = "head.npz"
FEATURES_FILE = "features.npz"
CARD_FILE = "card.json"
ACTIVE_FILE = "ACTIVE"
ENCODER_PREFIX = "all-MiniLM"  # heads that read no embedding say "none (...)"


@dataclass
class ModelCard:
    """What a head is, what it learnt from, how good and how fast it is."""

    model: str
    version: str
    task: str
    encoder: str
    data: dict[str, Any]
    metrics: dict[str, Any]
    speed: dict[str, Any] = field(default_factory=dict)
    trained_at: str = ""
    sha256: str = ""
    notes: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def read(cls, path: Path) -> ModelCard:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def packaged_folder(model: str) -> Path:
    return PACKAGED / model


def active_folder(model: str, model_dir: Path | None) -> Path:
    """The folder of the head in use: the activated retrained version, else the packaged one.

    A retrained head that read another encoder's embeddings (made before the encoder was
    upgraded) is passed over: its weights mean nothing to the new embeddings. The
    corrections it learnt from are kept, and the next retraining uses them again.
    """
    if model_dir is not None:
        pointer = model_dir / model / ACTIVE_FILE
        if pointer.is_file():
            folder = model_dir / model / pointer.read_text(encoding="utf-8").strip()
            if (folder / HEAD_FILE).is_file() and reads_current_encoder(folder):
                return folder
    return packaged_folder(model)


def reads_current_encoder(folder: Path) -> bool:
    """Whether the head in `folder` reads no embedding or the encoder in use today."""
    encoder = read_card(folder).encoder
    return not encoder.startswith(ENCODER_PREFIX) or encoder == encoder_version()


def write_bundle(folder: Path, features: TextFeatures, head: Head, card: ModelCard) -> ModelCard:
    """Save a head, its features and its card (with the files' sha256) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    features.save(folder / FEATURES_FILE)
    head.save(folder / HEAD_FILE)
    card.sha256 = file_sha256(folder / HEAD_FILE)
    card.data = {
        **card.data,
        "features_sha256": file_sha256(folder / FEATURES_FILE),
        "size_bytes": (folder / HEAD_FILE).stat().st_size + (folder / FEATURES_FILE).stat().st_size,
    }
    (folder / CARD_FILE).write_text(card.to_json(), encoding="utf-8")
    return card


def load_bundle(folder: Path, head_type: type[H]) -> tuple[TextFeatures, H, ModelCard]:
    """The features, head and card saved in `folder`, after checking the head's sha256."""
    card = read_card(folder)
    digest = file_sha256(folder / HEAD_FILE)
    if card.sha256 and digest != card.sha256:
        raise ValueError(
            f"{folder / HEAD_FILE} has sha256 {digest} but its card says {card.sha256}; "
            "retrain it with `socialcycle train`"
        )
    features = TextFeatures.load(folder / FEATURES_FILE)
    return features, head_type.load(folder / HEAD_FILE), card


def activate(model: str, model_dir: Path, version: str) -> None:
    pointer = model_dir / model / ACTIVE_FILE
    pointer.parent.mkdir(parents=True, exist_ok=True)
    temporary = pointer.with_suffix(".tmp")
    temporary.write_text(version + "\n", encoding="utf-8")
    temporary.replace(pointer)


def read_card(folder: Path) -> ModelCard:
    return ModelCard.read(folder / CARD_FILE)
