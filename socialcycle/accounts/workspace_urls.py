"""Pages about the workspace itself: its settings and tracked names, members and
invitations, API tokens, the audit log."""

from django.urls import path

from socialcycle.accounts.views import audit, members, settings, tokens

app_name = "workspace"
urlpatterns = [
    path("w/<slug:slug>/settings/", settings.settings_page, name="settings"),
    path(
        "w/<slug:slug>/settings/new-workspace/",
        settings.new_workspace,
        name="new-workspace",
    ),
    path("w/<slug:slug>/members/", members.members_page, name="members"),
    path("w/<slug:slug>/tokens/", tokens.token_list, name="tokens"),
    path(
        "w/<slug:slug>/tokens/<int:token_id>/revoke/",
        tokens.revoke_token,
        name="revoke-token",
    ),
    path("w/<slug:slug>/audit/", audit.audit_log, name="audit"),
    path("w/<slug:slug>/audit.<str:fmt>", audit.audit_download, name="audit-download"),
]
