"""The one error type of a change refused for a reason the person can act on.

Writers raise a `DomainError` (or their app's subclass of it: `TeamError`, `ReplyError`,
…) with the sentence to show and, where it is about one value, the form field it belongs
to. Views catch `DomainError`, never a bare `ValueError` (which would also swallow a
programming mistake), and put it beside its field with `show_on_form`; the API answers
400 with the same sentence.
"""

from __future__ import annotations

from django import forms


class DomainError(ValueError):
    """`message`: the sentence for the person; `field`: the form field it is about (None:
    the whole change); `code`: a stable name for programs (the class's, unless given)."""

    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


def show_on_form(form: forms.BaseForm, error: DomainError, *, otherwise: str | None = None) -> None:
    """Put the refusal beside its field; beside `otherwise` when it names none (or one the
    form does not have); above the form when that is None too."""
    field = error.field if error.field in form.fields else otherwise
    form.add_error(field, error.message)
