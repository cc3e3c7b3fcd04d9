"""The members page (admins invite people, change roles, remove members) and the page an
invitation link opens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from socialcycle.accounts import invitations
from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Invitation, Membership, Role, User
from socialcycle.lib.params import id_from
from socialcycle.lib.ratelimit import rate_limited


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER)


@workspace_view(Role.ADMIN)
def members_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = InviteForm(request.POST if "invite" in request.POST else None)
    if request.method == "POST":
        try:
            done = _act(request, membership, form)
        except invitations.InvitationError as error:
            messages.error(request, f"Not done: {error}")
            done = False
        if done:
            return redirect("workspace:members", slug=workspace.slug)
    context = {
        "workspace": workspace,
        "membership": membership,
        "form": form,
        "roles": Role.choices,
        "members": workspace.memberships.select_related("user").order_by("user__username"),
        "invitations": Invitation.objects.filter(
            workspace=workspace, accepted_at=None, revoked_at=None
        ).order_by("-created_at"),
    }
    return render(request, "accounts/members.html", context, status=400 if form.errors else 200)


def _act(request: HttpRequest, membership: Membership, form: InviteForm) -> bool:
    by, workspace = membership.user, membership.workspace
    if "invite" in request.POST:
        if not form.is_valid():
            return False
        invitations.invite(workspace, form.cleaned_data["email"], form.cleaned_data["role"], by=by)
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return True
    other = get_object_or_404(
        Membership, pk=_number(request.POST.get("membership")), workspace=workspace
    )
    if "remove" in request.POST:
        invitations.remove_member(other, by=by)
        messages.success(request, f"{other.user.username} is no longer a member.")
    else:
        invitations.change_role(other, request.POST.get("role", ""), by=by)
        messages.success(request, f"{other.user.username} is now {other.get_role_display()}.")
    return True


def _number(text: str | None) -> int:
    return id_from(text)


class NewAccountForm(forms.Form):
    username = forms.CharField(max_length=150, label="User name")
    password = forms.CharField(widget=forms.PasswordInput, label="Password")

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password


@rate_limited("invitation", 20)
def invitation_page(request: HttpRequest, secret: str) -> HttpResponse:
    """Join through an invitation: as the signed-in user, or with a new account."""
    invitation = invitations.find_open(secret)
    if invitation is None:
        raise Http404("This invitation is not valid: it was used, withdrawn or has expired.")
    form = NewAccountForm(request.POST if "create" in request.POST else None)
    error = ""
    if request.method == "POST":
        try:
            user = _join(request, invitation, form)
        except (invitations.InvitationError, ValidationError) as problem:
            error = str(problem)
        else:
            if user is not None:
                messages.success(request, f"Welcome to {invitation.workspace.name}.")
                return redirect("measuring:home", slug=invitation.workspace.slug)
    context = {"invitation": invitation, "form": form, "error": error}
    status = 400 if error or form.errors else 200
    return render(request, "accounts/invitation.html", context, status=status)


def _join(request: HttpRequest, invitation: Invitation, form: NewAccountForm) -> User | None:
    if "create" in request.POST:
        if not form.is_valid():
            return None
        user = invitations.create_account_and_accept(
            invitation, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return user
    if not request.user.is_authenticated:
        raise invitations.InvitationError("sign in first, or make an account below.")
    assert isinstance(request.user, User)
    invitations.accept(invitation, request.user)
    return request.user
