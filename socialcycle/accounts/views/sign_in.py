"""Sign-in pages and the landing redirect."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from socialcycle.accounts.access import signed_in_view
from socialcycle.accounts.models import Membership, User
from socialcycle.accounts.views.settings import own_workspace_page
from socialcycle.accounts.workspaces import is_first_run
from socialcycle.lib import lockout
from socialcycle.lib.ratelimit import rate_limited

SIGN_IN_PAGE_LIMIT = 20  # page loads and attempts per client address a minute


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing every password for an account that failed too often."""

    error_messages = {
        "invalid_login": "That username and password do not match an account. Please try again.",
        "inactive": "This account is switched off; ask an administrator.",
    }

    def clean(self) -> dict[str, Any]:
        account = "staff:" + str(self.cleaned_data.get("username") or "").strip().lower()
        wait = lockout.locked_for(account)
        if wait:
            raise _locked(wait)
        try:
            cleaned = super().clean()
        except ValidationError:
            if lockout.record_failure(account):
                raise _locked(lockout.LOCK_SECONDS) from None
            raise
        lockout.clear(account)
        return cleaned


def _locked(seconds: int) -> ValidationError:
    return ValidationError(lockout.locked_message(seconds), code="locked")


_login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    redirect_authenticated_user=True,
    authentication_form=SignInForm,
)


@rate_limited("staff-sign-in", SIGN_IN_PAGE_LIMIT)
def sign_in(request: HttpRequest) -> HttpResponseBase:
    if is_first_run():  # nobody could sign in: set the installation up first
        return redirect("first-run")
    return _login(request)


@rate_limited("staff-sign-out", 60)
def sign_out(request: HttpRequest) -> HttpResponseBase:
    return auth_views.LogoutView.as_view()(request)


@signed_in_view
def landing(request: HttpRequest) -> HttpResponse:
    """Send a signed-in user to their first workspace; without one, offer to create one."""
    assert isinstance(request.user, User)  # login_required let only signed-in users in
    membership = (
        Membership.objects.filter(user=request.user)
        .select_related("workspace")
        .order_by("workspace__name")
        .first()
    )
    if membership is None:
        return own_workspace_page(request)
    return redirect("measuring:home", slug=membership.workspace.slug)
