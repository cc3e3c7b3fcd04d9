"""The first-run page (only while nothing is set up), a signed-in user's own workspace,
and the workspace's Settings pages (admins): its name, slug, time zone and description,
the names it tracks, and a further workspace. Sources and teams have their pages in
listening and acting (docs/setup.md)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from socialcycle.accounts import workspaces
from socialcycle.accounts.access import signed_in_view, workspace_view
from socialcycle.accounts.models import Membership, Role, TrackedName, User
from socialcycle.lib.params import id_from
from socialcycle.lib.ratelimit import allow, rate_limited, too_many_requests

FIRST_RUN_LIMIT = 20  # page loads and attempts per client address a minute
FIRST_RUN_LOCK = "first-run"
# Attempts to create one's own workspace, per account: enough for a few typos, too few
# to fill the installation with workspaces.
OWN_WORKSPACE_ATTEMPTS = 10
OWN_WORKSPACE_WINDOW = 600


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=120, label="Organisation name")
    slug = forms.CharField(
        max_length=60,
        required=False,
        label="Slug",
        help_text="Its short name in addresses (/w/slug/); empty: made from the name.",
    )
    time_zone = forms.CharField(
        max_length=64,
        initial="UTC",
        label="Time zone",
        help_text="An IANA name such as Europe/Berlin: the dashboard counts its days in it.",
    )
    brand = forms.CharField(
        max_length=2000,
        required=False,
        label="Brand",
        help_text="NAME=alias,alias (e.g. Skyward=SkywardAir,@skywardair).",
    )
    products = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Products",
        help_text="One a line: NAME=alias,alias.",
    )
    competitors = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Competitors",
        help_text="One a line: NAME=alias,alias.",
    )

    def organisation(self) -> workspaces.Organisation:
        data = self.cleaned_data
        return workspaces.Organisation(
            name=data["name"],
            slug=data["slug"].strip() or slugify(data["name"])[:60],
            time_zone=data["time_zone"],
            brand=data["brand"],
            products=_specs(data["products"]),
            competitors=_specs(data["competitors"]),
        )


class FirstRunForm(OrganisationForm):
    username = forms.CharField(max_length=150, label="Your username")
    email = forms.EmailField(label="Your e-mail address")
    password = forms.CharField(widget=forms.PasswordInput, label="Your password")


class WorkspaceForm(forms.Form):
    name = forms.CharField(max_length=120)
    slug = forms.CharField(
        max_length=60,
        help_text="Changing it changes every address of this workspace: bookmarks, links in "
        "e-mails already sent and API scripts that name it stop working.",
    )
    time_zone = forms.CharField(max_length=64, label="Time zone")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SharingForm(forms.Form):
    share_corrections = forms.BooleanField(
        required=False,
        label="Share this workspace's corrections with the shared models",
    )


class TrackedNameForm(forms.Form):
    kind = forms.ChoiceField(choices=TrackedName.Kind.choices)
    name = forms.CharField(max_length=120)
    aliases = forms.CharField(
        max_length=6000, required=False, help_text="Comma-separated other names."
    )
    case_sensitive = forms.BooleanField(
        required=False, label="Whole word, case-sensitive", help_text="Match only as written."
    )

    def spec(self) -> workspaces.NameSpec:
        return workspaces.NameSpec(
            self.cleaned_data["name"].strip(),
            workspaces.split_aliases(self.cleaned_data["aliases"]),
            self.cleaned_data["case_sensitive"],
        )


def _specs(text: str) -> tuple[workspaces.NameSpec, ...]:
    return tuple(workspaces.NameSpec.parse(line) for line in text.splitlines() if line.strip())


def _zones() -> tuple[str, ...]:
    return workspaces.known_time_zones()


@rate_limited("first-run", FIRST_RUN_LIMIT)
def first_run(request: HttpRequest) -> HttpResponseBase:
    """Set up the first workspace and its admin; gone (404) once anything is set up."""
    if not workspaces.is_first_run():
        raise Http404("This installation is set up already.")
    form = FirstRunForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        # One set-up at a time; the service checks again inside its transaction.
        if not cache.add(FIRST_RUN_LOCK, 1, 60):
            error = "Someone is setting this installation up right now; try again in a minute."
        else:
            try:
                workspace, admin = workspaces.set_up_first_workspace(
                    form.organisation(),
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                )
            except workspaces.SetupError as problem:
                error = _sentence(problem)
            else:
                login(request, admin, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"{workspace.name} is ready. Next: import posts.")
                return redirect("measuring:home", slug=workspace.slug)
            finally:
                cache.delete(FIRST_RUN_LOCK)
    context = {"form": form, "error": error, "zones": _zones()}
    status = 400 if error or form.errors else 200
    return render(request, "accounts/first_run.html", context, status=status)


def _sentence(error: Exception) -> str:
    text = str(error)
    return text[:1].upper() + text[1:]


@workspace_view(Role.ADMIN)
def settings_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The workspace's own fields and the names it tracks."""
    workspace = membership.workspace
    form = WorkspaceForm(
        request.POST if "save_workspace" in request.POST else None,
        initial={
            "name": workspace.name,
            "slug": workspace.slug,
            "time_zone": workspace.time_zone or workspace.zone().key,
            "description": workspace.description,
        },
    )
    add_form = TrackedNameForm(request.POST if "add_name" in request.POST else None)
    sharing_form = SharingForm(
        request.POST if "save_sharing" in request.POST else None,
        initial={"share_corrections": workspace.share_corrections},
    )
    error = ""
    if request.method == "POST":
        try:
            done = _change(request, membership, form, add_form, sharing_form)
        except workspaces.SetupError as problem:
            error, done = _sentence(problem), False
        if done:
            workspace.refresh_from_db()
            return redirect("workspace:settings", slug=workspace.slug)
    names = TrackedName.objects.filter(workspace=workspace).order_by("kind", "name")
    context = {
        "workspace": workspace,
        "membership": membership,
        "form": form,
        "add_form": add_form,
        "sharing_form": sharing_form,
        "names": names,
        "kinds": TrackedName.Kind.choices,
        "error": error,
        "zones": _zones(),
    }
    status = 400 if error or form.errors or add_form.errors else 200
    return render(request, "accounts/settings.html", context, status=status)


def _change(
    request: HttpRequest,
    membership: Membership,
    form: WorkspaceForm,
    add_form: TrackedNameForm,
    sharing_form: SharingForm,
) -> bool:
    workspace, user = membership.workspace, membership.user
    if "save_sharing" in request.POST:
        if not sharing_form.is_valid():
            return False
        share = sharing_form.cleaned_data["share_corrections"]
        switched = workspaces.set_correction_sharing(workspace, share, by=user)
        said = "shared models too" if share else "only this workspace's own models"
        messages.success(
            request,
            f"From the next training, corrections here train {said}."
            if switched
            else "Nothing changed.",
        )
        return True
    if "save_workspace" in request.POST:
        if not form.is_valid():
            return False
        changed = workspaces.update_workspace(workspace, by=user, **form.cleaned_data)
        if "slug" in changed:
            messages.warning(
                request, "The slug changed: old addresses of this workspace no longer work."
            )
        if "time_zone" in changed:
            messages.info(request, "The dashboard's days are being recounted in the new zone.")
        messages.success(request, "Saved." if changed else "Nothing changed.")
        return True
    if "add_name" in request.POST:
        if not add_form.is_valid():
            return False
        spec = add_form.spec()
        workspaces.save_tracked_name(
            workspace, by=user, kind=add_form.cleaned_data["kind"], spec=spec
        )
        messages.success(request, f"Now tracking {spec.name}; recent posts are searched again.")
        return True
    if "remove_name" not in request.POST and "save_name" not in request.POST:
        return False
    tracked = get_object_or_404(
        TrackedName, pk=_number(request.POST.get("tracked")), workspace=workspace
    )
    if "remove_name" in request.POST:
        workspaces.remove_tracked_name(tracked, by=user)
        messages.success(request, f"No longer tracking {tracked.name}.")
        return True
    edit = TrackedNameForm(request.POST)
    if not edit.is_valid():
        raise workspaces.SetupError(
            f"the changes to {tracked.name} are incomplete: "
            + "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in edit.errors.items())
        )
    workspaces.save_tracked_name(
        workspace, by=user, kind=edit.cleaned_data["kind"], spec=edit.spec(), tracked=tracked
    )
    messages.success(
        request, f"Saved {edit.cleaned_data['name']}; recent posts are searched again."
    )
    return True


def _number(text: str | None) -> int:
    return id_from(text)


@workspace_view(Role.ADMIN)
def new_workspace(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Create a further workspace; its creator becomes its admin."""
    form = OrganisationForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        creator = membership.user
        assert isinstance(creator, User)
        try:
            created = workspaces.create_organisation(form.organisation(), creator)
        except workspaces.SetupError as problem:
            error = _sentence(problem)
        else:
            messages.success(request, f"{created.name} is ready; you are its admin.")
            return redirect("measuring:home", slug=created.slug)
    context = {
        "workspace": membership.workspace,
        "membership": membership,
        "form": form,
        "error": error,
        "zones": _zones(),
    }
    status = 400 if error or form.errors else 200
    return render(request, "accounts/new_workspace.html", context, status=status)


@signed_in_view
def create_own_workspace(request: HttpRequest) -> HttpResponseBase:
    """A workspace of the signed-in user's own, where the installation allows it."""
    user = request.user
    assert isinstance(user, User)  # login_required let only signed-in users in
    allowed = workspaces.may_create_workspace(user)
    form = OrganisationForm(request.POST or None) if allowed else None
    error = ""
    if request.method == "POST" and form is not None:
        if not allow(f"own-workspace:{user.pk}", OWN_WORKSPACE_ATTEMPTS, OWN_WORKSPACE_WINDOW):
            return too_many_requests(OWN_WORKSPACE_WINDOW)
        if form.is_valid():
            try:
                created = workspaces.create_own_workspace(form.organisation(), user)
            except workspaces.SetupError as problem:
                error = _sentence(problem)
            else:
                messages.success(request, f"{created.name} is ready; you are its admin.")
                return redirect("measuring:home", slug=created.slug)
    # Reaching here after a POST means nothing was created: refused, or a form error.
    status = 200 if request.method != "POST" else 403 if form is None else 400
    return own_workspace_page(request, form, error, status)


def own_workspace_page(
    request: HttpRequest,
    form: OrganisationForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The page of a signed-in user's own workspace: its form, or whom to ask instead.

    Also the landing page of someone who belongs to no workspace.
    """
    user = request.user
    assert isinstance(user, User)
    if form is None and workspaces.may_create_workspace(user):
        form = OrganisationForm()
    context = {
        "form": form,
        "error": error,
        "zones": _zones() if form is not None else (),
        "has_workspaces": Membership.objects.filter(user=user).exists(),
    }
    return render(request, "accounts/own_workspace.html", context, status=status)
