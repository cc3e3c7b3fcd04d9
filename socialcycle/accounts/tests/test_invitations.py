"""Invitations: an admin invites by e-mail (sent over SMTP), the link joins once with the
role, for the invited address only; admins change roles and remove members, and a
workspace always keeps an admin."""

import re

from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent, Invitation, Membership, Role
from socialcycle.testing.factories import PASSWORD, make_user


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def invite(cast, email="nina@example.com", role="analyst"):
    url = reverse("workspace:members", args=[cast.workspace.slug])
    return as_user(cast.admin).post(url, {"invite": "", "email": email, "role": role})


def link_in(message):
    found = re.search(r"http://\S+/invitations/(\S+)/", message.get_content())
    assert found is not None
    return found.group(0)[len("http://127.0.0.1:8000") :], found.group(1)


def test_an_invited_person_makes_an_account_and_joins_with_the_role(cast, smtp_inbox):
    assert invite(cast).status_code == 302
    (message,) = smtp_inbox.to("nina@example.com")
    assert cast.workspace.name in message["Subject"]
    path, secret = link_in(message)
    assert secret not in str(list(Invitation.objects.values()))  # only its hash is kept

    newcomer = Client()
    page = newcomer.get(path)
    assert b"as analyst" in page.content
    joined = newcomer.post(path, {"create": "", "username": "nina", "password": PASSWORD})
    assert joined.status_code == 302
    membership = Membership.objects.get(user__username="nina")
    assert (membership.workspace, membership.role) == (cast.workspace, Role.ANALYST)
    assert membership.user.email == "nina@example.com"
    assert newcomer.get(reverse("measuring:home", args=[cast.workspace.slug])).status_code == 200
    assert Client().get(path).status_code == 404  # used: never again
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"invite", "accept invitation"} <= actions


def test_only_the_invited_address_may_accept(cast, smtp_inbox):
    invite(cast, "nina@example.com")
    path, _ = link_in(smtp_inbox.to("nina@example.com")[0])
    refused = as_user(cast.outsider).post(path, {"join": ""})
    assert refused.status_code == 400
    assert b"for nina@example.com" in refused.content
    assert not Membership.objects.filter(user=cast.outsider, workspace=cast.workspace).exists()
    nina = make_user("nina")
    nina.email = "Nina@Example.com"
    nina.save()
    assert as_user(nina).post(path, {"join": ""}).status_code == 302
    assert Membership.objects.get(user=nina, workspace=cast.workspace).role == Role.ANALYST


def test_a_weak_password_or_taken_name_is_refused_with_the_reason(cast, smtp_inbox):
    invite(cast)
    path, _ = link_in(smtp_inbox.to("nina@example.com")[0])
    weak = Client().post(path, {"create": "", "username": "nina", "password": "123"})
    assert weak.status_code == 400
    assert b"too short" in weak.content
    taken = Client().post(
        path, {"create": "", "username": cast.viewer.username, "password": PASSWORD}
    )
    assert b"is taken" in taken.content
    assert Invitation.objects.get().accepted_at is None


def test_a_second_invitation_replaces_the_first_and_bad_links_are_404(cast, smtp_inbox):
    invite(cast, role="viewer")
    invite(cast, role="responder")
    first, second = (link_in(m)[0] for m in smtp_inbox.to("nina@example.com"))
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert Client().get("/invitations/not-a-real-one/").status_code == 404
    assert (
        b"a member already"
        in as_user(cast.admin)
        .post(
            reverse("workspace:members", args=[cast.workspace.slug]),
            {"invite": "", "email": cast.viewer.email, "role": "viewer"},
            follow=True,
        )
        .content
    )


def test_admins_change_roles_and_remove_members_but_keep_an_admin(cast):
    url = reverse("workspace:members", args=[cast.workspace.slug])
    admin = as_user(cast.admin)
    viewer = Membership.objects.get(user=cast.viewer, workspace=cast.workspace)
    admin.post(url, {"change": "", "membership": viewer.pk, "role": "responder"})
    viewer.refresh_from_db()
    assert viewer.role == Role.RESPONDER
    event = AuditEvent.objects.get(action="change role")
    assert (event.before["role"], event.after["role"]) == ("viewer", "responder")

    own = Membership.objects.get(user=cast.admin, workspace=cast.workspace)
    demoted = admin.post(url, {"change": "", "membership": own.pk, "role": "viewer"}, follow=True)
    assert b"keeps at least one admin" in demoted.content
    admin.post(url, {"remove": "", "membership": viewer.pk})
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    theirs = Membership.objects.get(user=cast.outsider)
    assert admin.post(url, {"remove": "", "membership": theirs.pk}).status_code == 404
