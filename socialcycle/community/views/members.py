"""Community accounts: join, confirm the e-mail, sign in and out, settings,
notifications, "what happened to my feedback", and public profiles."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from socialcycle.community import members, notices, reputation
from socialcycle.community.access import Visit, community_view
from socialcycle.community.feedback import my_feedback
from socialcycle.community.models import Contribution, Member
from socialcycle.community.pages import render_page
from socialcycle.lib import lockout
from socialcycle.lib.ratelimit import allow, client_address, too_many_requests
from socialcycle.responding import satisfaction
from socialcycle.responding.loop import participant_token

SIGN_UPS_PER_ADDRESS = 3  # per 10 minutes: many accounts from one address are refused
SIGN_UP_WINDOW = 600
SIGN_INS_PER_ADDRESS = 10  # per minute


@community_view()
def sign_up_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    errors: dict[str, str] = {}
    values = {"handle": "", "email": ""}
    if request.method == "POST":
        values = {key: request.POST.get(key, "")[:254] for key in ("handle", "email")}
        address = client_address(request)
        if not allow(
            f"community-signup:{visit.workspace.pk}:{address}", SIGN_UPS_PER_ADDRESS, SIGN_UP_WINDOW
        ):
            return too_many_requests()
        form = members.SignUp(values["handle"], values["email"], request.POST.get("password", ""))
        try:
            member = members.sign_up(visit.workspace, form, _ip(address))
        except members.SignUpError as error:
            errors[error.field] = str(error)
        else:
            members.send_verification(member)
            return render_page(
                request, visit, "community/check_email.html", {"email": member.email}
            )
    status = 400 if errors else 200
    return render_page(
        request, visit, "community/sign_up.html", {"errors": errors, "values": values}, status
    )


def _ip(address: str) -> str | None:
    return address if address and address != "unknown" else None


@community_view()
def verify_page(request: HttpRequest, visit: Visit, token: str) -> HttpResponse:
    member = members.verify(visit.workspace, token)
    if member is None:
        raise Http404("This confirmation link is not valid or has expired.")
    members.sign_in(request, member)
    messages.info(request, "Thank you, your e-mail address is confirmed. Welcome!")
    return redirect("community:home", visit.workspace.slug)


@community_view()
def sign_in_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    error = ""
    email = ""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST":
        email = request.POST.get("email", "")[:254].strip().lower()
        address = client_address(request)
        if not allow(f"community-signin:{address}", SIGN_INS_PER_ADDRESS, 60):
            return too_many_requests()
        account = f"community:{visit.workspace.pk}:{email}"
        wait = lockout.locked_for(account)
        member = None
        if not wait:
            member = members.authenticate(visit.workspace, email, request.POST.get("password", ""))
            if member is None and lockout.record_failure(account):
                wait = lockout.LOCK_SECONDS
        if wait:
            error = lockout.locked_message(wait)
        elif member is None:
            error = "That e-mail address and password do not match an account here."
        elif not member.is_verified:
            members.send_verification(member)
            error = "Please confirm your e-mail address first: we sent the link again."
        else:
            lockout.clear(account)
            members.sign_in(request, member)
            return redirect(_safe_next(request, next_url, visit))
    context = {"error": error, "email": email, "next": next_url}
    return render_page(request, visit, "community/sign_in.html", context, 400 if error else 200)


def _safe_next(request: HttpRequest, next_url: str, visit: Visit) -> str:
    home = reverse("community:home", args=[visit.workspace.slug])
    prefix = f"/c/{visit.workspace.slug}/"
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed and next_url.startswith(prefix) else home


@require_POST
@community_view()
def sign_out_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    members.sign_out(request, visit.workspace)
    return redirect("community:home", visit.workspace.slug)


@community_view(member_required=True)
def settings_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    member: Member = visit.member  # type: ignore[assignment]
    if request.method == "POST":
        members.update_settings(
            member,
            email_on_status=request.POST.get("email_on_status") == "on",
            email_on_reply=request.POST.get("email_on_reply") == "on",
        )
        messages.info(request, "Your notification settings are saved.")
        return redirect("community:settings", visit.workspace.slug)
    return render_page(request, visit, "community/settings.html", {"member": member})


@community_view(member_required=True)
def notifications_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    member: Member = visit.member  # type: ignore[assignment]
    items = list(notices.notices(member)[:100])
    notices.mark_all_read(member)  # shown now: the unread marks below are from before
    context = {
        "items": items,
        # Closed feedback asks the satisfaction question here too, as the e-mail does.
        "rate_token": participant_token(member.participant),
        "scores": [(score, satisfaction.WORDS[score]) for score in satisfaction.SCORES],
    }
    return render_page(request, visit, "community/notifications.html", context)


@community_view(member_required=True)
def my_feedback_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    member: Member = visit.member  # type: ignore[assignment]
    return render_page(
        request, visit, "community/my_feedback.html", {"rows": my_feedback(member.participant)}
    )


@community_view()
def profile_page(request: HttpRequest, visit: Visit, handle: str) -> HttpResponse:
    member = (
        Member.objects.select_related("participant")
        .filter(workspace=visit.workspace, handle=handle)
        .first()
    )
    if member is None:
        raise Http404("No such member.")
    recent = (
        Contribution.objects.filter(
            post__author=member.participant,
            state=Contribution.State.PUBLISHED,
            workspace=visit.workspace,
        )
        .select_related("post")
        .order_by("-created_at")[:20]
    )
    context = {
        "profile": member,
        "standing": reputation.standing(member.participant),
        "recent": recent,
    }
    return render_page(request, visit, "community/profile.html", context)
