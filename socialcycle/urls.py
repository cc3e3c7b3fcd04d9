"""URL map: one include per app, the API under /api/, the Django admin for staff."""

from django.contrib import admin
from django.urls import include, path

from socialcycle.accounts.views.members import invitation_page
from socialcycle.accounts.views.settings import create_own_workspace, first_run
from socialcycle.accounts.views.sign_in import landing
from socialcycle.api import api

urlpatterns = [
    path("", landing, name="home"),
    path("accounts/", include("socialcycle.accounts.urls")),
    path("setup/", first_run, name="first-run"),
    path("workspaces/new/", create_own_workspace, name="create-workspace"),
    path("invitations/<str:secret>/", invitation_page, name="invitation"),
    path("", include("socialcycle.accounts.workspace_urls")),
    path("", include("socialcycle.listening.urls")),
    path("", include("socialcycle.understanding.urls")),
    path("", include("socialcycle.acting.urls")),
    path("", include("socialcycle.responding.urls")),
    path("", include("socialcycle.community.urls")),
    path("", include("socialcycle.measuring.urls")),
    path("", include("socialcycle.privacy.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# An outage of the database or Redis answers 503 with Retry-After (lib/outages.py).
handler500 = "socialcycle.lib.outages.server_error"
