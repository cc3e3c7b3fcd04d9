"""Forms of the listening pages: upload a file, map its columns, merge participants."""

from __future__ import annotations

from typing import Any

from django import forms

from socialcycle.listening.importers import IMPORTERS
from socialcycle.listening.importers.dates import AUTO, CUSTOM_EXAMPLE, NAMED_FORMATS, custom_format
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


CUSTOM = "custom"
DATE_CHOICES = [
    (AUTO, "Detect it in each file"),
    *((fmt.name, f"{fmt.name}: {fmt.label} ({fmt.example})") for fmt in NAMED_FORMATS.values()),
    (CUSTOM, "My own strftime pattern"),
]
NOT_COLUMNS = ("save_mapping", "date_format", "date_pattern")


class MappingForm(forms.Form):
    """One select per post field, listing the file's columns, and how dates are written."""

    save_mapping = forms.BooleanField(
        required=False,
        initial=True,
        label="Remember these columns and the date format for the source",
    )
    # Left out, the dates' format is detected when the file is imported.
    date_format = forms.ChoiceField(choices=DATE_CHOICES, required=False, label="Dates are written")
    date_pattern = forms.CharField(
        required=False,
        max_length=100,
        label="Pattern",
        help_text=f"strftime codes, such as {CUSTOM_EXAMPLE}",
    )

    def __init__(
        self,
        *args: Any,
        columns: list[str],
        mapping: ColumnMapping,
        date_format: str = "",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        custom = "%" in date_format
        self.fields["date_format"].initial = CUSTOM if custom else (date_format or AUTO)
        self.fields["date_pattern"].initial = date_format if custom else ""
        choices = [("", "—"), *((column, column) for column in columns)]
        for target in TARGETS:
            self.fields[target] = forms.ChoiceField(
                choices=choices,
                required=target in REQUIRED,
                label=FIELD_LABELS[target],
                initial=_initial_column(mapping, target, columns),
            )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        pattern = (data.get("date_pattern") or "").strip()
        if data.get("date_format") == CUSTOM:
            if not pattern:
                self.add_error("date_pattern", f"Write the pattern, such as {CUSTOM_EXAMPLE}.")
            else:
                try:
                    custom_format(pattern)
                except ValueError as error:
                    self.add_error("date_pattern", f"{error}.")
        return data

    def chosen_date_format(self) -> str:
        """A format name, a strftime pattern, or `auto`."""
        if self.cleaned_data["date_format"] == CUSTOM:
            return str(self.cleaned_data["date_pattern"]).strip()
        return str(self.cleaned_data["date_format"] or AUTO)

    def mapping(self, base: ColumnMapping) -> ColumnMapping:
        chosen: dict[str, tuple[str, ...]] = {
            target: (self.cleaned_data[target],)
            for target in TARGETS
            if self.cleaned_data.get(target)
        }
        return ColumnMapping(columns=chosen, date_format=self.chosen_date_format())


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
