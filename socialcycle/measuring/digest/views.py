"""Pages of the weekly digest: the preview, its PDF, and sending it now. "Today" and the
last whole week are the workspace's, in its time zone (digest/weeks.py)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role, Workspace
from socialcycle.measuring.digest import content, rendering, sending, weeks
from socialcycle.measuring.digest.models import DigestDelivery


def _week_ending(request: HttpRequest, workspace: Workspace) -> date:
    """The week asked for, or the last whole week (the one the Monday e-mail is about)."""
    text = request.GET.get("week_ending", "")
    if text:
        return weeks.parse_week_ending(text, weeks.local_today(workspace))
    return weeks.last_whole_week(workspace)


@workspace_view()
def digest_preview(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    try:
        week_ending = _week_ending(request, workspace)
    except weeks.WeekError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    this_week = weeks.last_whole_week(workspace)
    context = {
        "workspace": workspace,
        "membership": membership,
        "digest": content.build_digest(workspace, week_ending),
        "delivery": DigestDelivery.objects.filter(
            workspace=workspace, week_ending=week_ending
        ).first(),
        "this_week": this_week,
        "can_send": membership.has_role(Role.ADMIN) and week_ending == this_week,
    }
    return render(request, "measuring/digest.html", context)


@workspace_view()
def digest_pdf(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    try:
        week_ending = _week_ending(request, workspace)
    except weeks.WeekError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    pdf = rendering.render_pdf(content.build_digest(workspace, week_ending))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = rendering.pdf_filename(workspace, week_ending)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@workspace_view(Role.ADMIN)
def send_digest_now(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Send the last whole week's digest now, unless it has gone already."""
    workspace = membership.workspace
    week_ending = weeks.last_whole_week(workspace)
    delivery = sending.send_digest(workspace, week_ending, by=membership.user)
    if delivery is None:
        messages.info(request, f"The digest of the week ending {week_ending} was sent already.")
    elif delivery.error:
        messages.error(request, f"The digest could not be sent: {delivery.error}")
    else:
        messages.success(
            request,
            f"The digest of the week ending {week_ending} went to "
            f"{delivery.recipients} admins and analysts.",
        )
    response = redirect("measuring:digest", slug=workspace.slug)
    response["Location"] += f"?week_ending={week_ending.isoformat()}"
    return response
