"""A refused change is shown beside the field it is about."""

from django import forms

from socialcycle.lib.errors import DomainError, show_on_form


class TeamForm(forms.Form):
    name = forms.CharField()
    priority = forms.IntegerField()


def _bound() -> TeamForm:
    form = TeamForm({"name": "Support", "priority": "2"})
    assert form.is_valid()
    return form


def test_the_refusal_goes_beside_its_field():
    form = _bound()
    show_on_form(form, DomainError("the priority goes from 1 to 5.", field="priority"))
    assert form.errors == {"priority": ["the priority goes from 1 to 5."]}


def test_a_refusal_about_no_field_of_the_form_goes_where_the_view_says_or_above_it():
    named_elsewhere = DomainError("the host could not be resolved.", field="url")
    form = _bound()
    show_on_form(form, named_elsewhere, otherwise="name")
    assert form.errors == {"name": ["the host could not be resolved."]}
    form = _bound()
    show_on_form(form, named_elsewhere)
    assert form.non_field_errors() == ["the host could not be resolved."]


def test_an_apps_error_keeps_its_code_and_is_still_a_value_error():
    class TeamError(DomainError):
        code = "team"

    error = TeamError("a team needs a name.", field="name")
    assert isinstance(error, ValueError)
    assert (error.code, error.field, str(error)) == ("team", "name", "a team needs a name.")
    assert DomainError("x", code="taken").code == "taken"
