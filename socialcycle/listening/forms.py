"""Forms of the listening pages: upload a file, map its columns, merge participants."""

from __future__ import annotations

from typing import Any

from django import forms

from socialcycle.listening.importers import IMPORTERS
from socialcycle.listening.importers.mapping import REQUIRED, TARGETS, ColumnMapping
from socialcycle.listening.importers.presets import PRESETS
from socialcycle.listening.models import Channel, Source
from socialcycle.listening.uploads import MAX_UPLOAD_BYTES

FIELD_LABELS = {
    "external_id": "Post id",
    "text": "Text",
    "created_at": "Date",
    "title": "Title",
    "author_handle": "Author handle",
    "author_name": "Author name",
    "author_email": "Author e-mail",
    "author_audience": "Followers",
    "url": "Link",
    "rating": "Stars (1-5)",
    "likes": "Likes",
    "shares": "Shares",
    "parent_external_id": "Reply to (post id)",
}


class UploadForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Source.objects.none(), required=False, empty_label="— a new source —"
    )
    new_source_name = forms.CharField(max_length=120, required=False)
    new_source_channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.SOCIAL)
    file = forms.FileField()
    format = forms.ChoiceField(
        choices=[("", "Detect"), *((name, imp.label) for name, imp in IMPORTERS.items())],
        required=False,
    )
    mapping = forms.ChoiceField(
        choices=[
            ("", "The source's saved mapping, else generic"),
            *((name, label) for name, (label, _) in PRESETS.items()),
        ],
        required=False,
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = Source.objects.filter(workspace_id=workspace_id).order_by("name")
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:.0f} MB; the limit for uploads is "
                f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB. Use `socialcycle import` for larger files."
            )
        return upload

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if not data.get("source") and not (data.get("new_source_name") or "").strip():
            self.add_error("new_source_name", "Pick a source or name a new one.")
        return data


class MappingForm(forms.Form):
    """One select per post field, listing the file's columns."""

    save_mapping = forms.BooleanField(
        required=False, initial=True, label="Remember this mapping for the source"
    )

    def __init__(self, *args: Any, columns: list[str], mapping: ColumnMapping, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((column, column) for column in columns)]
        for target in TARGETS:
            self.fields[target] = forms.ChoiceField(
                choices=choices,
                required=target in REQUIRED,
                label=FIELD_LABELS[target],
                initial=_initial_column(mapping, target, columns),
            )

    def mapping(self, base: ColumnMapping) -> ColumnMapping:
        chosen: dict[str, tuple[str, ...]] = {
            target: (self.cleaned_data[target],)
            for target in TARGETS
            if self.cleaned_data.get(target)
        }
        return ColumnMapping(columns=chosen, date_format=base.date_format)


def _initial_column(mapping: ColumnMapping, target: str, columns: list[str]) -> str:
    """The first of the mapping's candidate names that the file has (matched loosely)."""

    def key(name: str) -> str:
        return "".join(ch for ch in name.lower() if ch.isalnum())

    by_key = {key(column): column for column in columns}
    for candidate in mapping.columns.get(target, ()):
        if key(candidate) in by_key:
            return by_key[key(candidate)]
    return ""


class MergeForm(forms.Form):
    keep = forms.IntegerField()
    others = forms.CharField(help_text="ids separated by commas")

    def other_ids(self) -> list[int]:
        raw = self.cleaned_data["others"]
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError("others must be participant ids.") from None


class FeedForm(forms.Form):
    name = forms.CharField(max_length=120)
    url = forms.URLField(label="Feed address", assume_scheme="https")
    poll_minutes = forms.IntegerField(
        min_value=5, max_value=1440, initial=30, label="Poll every (minutes)"
    )
