"""The API tokens page: make a token (its secret shown once), see when each was last
used, revoke one. Members manage their own tokens; admins see and revoke everyone's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import ApiToken, Membership, Role
from socialcycle.accounts.tokens import create_api_token, revoke_api_token, scopes_for


class TokenForm(forms.Form):
    name = forms.CharField(max_length=120, label="What it is for", help_text="e.g. shop import")
    scopes = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, label="Scopes")

    def __init__(self, *args: object, membership: Membership, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        labels = dict(ApiToken.Scope.choices)
        self.fields["scopes"].choices = [  # type: ignore[attr-defined]
            (scope, labels[scope]) for scope in scopes_for(membership)
        ]


def _visible(membership: Membership) -> list[ApiToken]:
    tokens = ApiToken.objects.filter(workspace=membership.workspace).select_related("user")
    if not membership.has_role(Role.ADMIN):
        tokens = tokens.filter(user=membership.user)
    return list(tokens.order_by("revoked_at", "-created_at"))


@workspace_view(Role.VIEWER)
def token_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = TokenForm(request.POST or None, membership=membership)
    secret = ""
    if request.method == "POST" and form.is_valid():
        _, secret = create_api_token(
            membership.workspace,
            membership.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            by=membership.user,
        )
        form = TokenForm(membership=membership)
    context = {
        "workspace": membership.workspace,
        "membership": membership,
        "form": form,
        "secret": secret,
        "tokens": _visible(membership),
    }
    response = render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"  # the page may hold a secret
    return response


@require_POST
@workspace_view(Role.VIEWER)
def revoke_token(request: HttpRequest, membership: Membership, token_id: int) -> HttpResponse:
    tokens = ApiToken.objects.filter(workspace=membership.workspace)
    if not membership.has_role(Role.ADMIN):
        tokens = tokens.filter(user=membership.user)  # someone else's token: 404
    token = get_object_or_404(tokens, pk=token_id)
    if revoke_api_token(token, by=membership.user):
        messages.success(request, f"Revoked “{token.name}” ({token.prefix}…).")
    return redirect("workspace:tokens", slug=membership.workspace.slug)
