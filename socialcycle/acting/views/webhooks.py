"""Webhooks (admins): add, switch off and on, the delivery log, deliver again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.acting import webhooks
from socialcycle.acting.forms import WebhookForm
from socialcycle.acting.models import Webhook, WebhookDelivery
from socialcycle.lib.errors import DomainError, show_on_form

SHOWN_DELIVERIES = 20


@workspace_view(Role.ADMIN)
def webhook_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.create_webhook(
                workspace,
                form.cleaned_data["url"],
                form.cleaned_data["events"],
                by=request.user,  # type: ignore[arg-type]
                format=form.cleaned_data["format"] or Webhook.Format.JSON,
            )
        except DomainError as error:
            show_on_form(form, error, otherwise="url")
        else:
            messages.success(request, "Webhook added. Give its secret to the receiver.")
            return redirect("acting:webhooks", slug=workspace.slug)
    hooks = [
        (hook, hook.deliveries.order_by("-created_at")[:SHOWN_DELIVERIES])
        for hook in Webhook.objects.filter(workspace=workspace).order_by("-created_at")
    ]
    return render(
        request, "acting/webhooks.html", {"workspace": workspace, "form": form, "hooks": hooks}
    )


@require_POST
@workspace_view(Role.ADMIN)
def redeliver(request: HttpRequest, membership: Membership, delivery_id: int) -> HttpResponse:
    workspace = membership.workspace
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("webhook"),
        pk=delivery_id,
        webhook__workspace=workspace,
    )
    webhooks.redeliver(delivery)
    messages.success(request, f"Delivery of {delivery.event} queued again.")
    return redirect("acting:webhooks", slug=workspace.slug)


@require_POST
@workspace_view(Role.ADMIN)
def toggle_webhook(request: HttpRequest, membership: Membership, webhook_id: int) -> HttpResponse:
    workspace = membership.workspace
    hook = get_object_or_404(Webhook, pk=webhook_id, workspace=workspace)
    webhooks.set_webhook_active(hook, not hook.is_active, by=membership.user)
    return redirect("acting:webhooks", slug=workspace.slug)
