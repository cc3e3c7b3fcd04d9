"""Pages about the workspace itself: its settings and tracked names, members and
invitations, API tokens, the audit log."""

from django.urls import path

from socialcycle.accounts import audit_views, member_views, settings_views, token_views

app_name = "workspace"
urlpatterns = [
    path("w/<slug:slug>/settings/", settings_views.settings_page, name="settings"),
    path(
        "w/<slug:slug>/settings/new-workspace/",
        settings_views.new_workspace,
        name="new-workspace",
    ),
    path("w/<slug:slug>/members/", member_views.members_page, name="members"),
    path("w/<slug:slug>/tokens/", token_views.token_list, name="tokens"),
    path(
        "w/<slug:slug>/tokens/<int:token_id>/revoke/",
        token_views.revoke_token,
        name="revoke-token",
    ),
    path("w/<slug:slug>/audit/", audit_views.audit_log, name="audit"),
    path("w/<slug:slug>/audit.<str:fmt>", audit_views.audit_download, name="audit-download"),
]
