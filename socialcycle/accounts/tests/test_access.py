"""get_membership: members pass, weaker roles get 403, strangers get 404."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from socialcycle.accounts.access import get_membership
from socialcycle.accounts.models import Membership, Role


def request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_member_gets_their_membership(cast):
    membership = get_membership(request_by(cast.analyst), cast.workspace.slug)
    assert (membership.user, membership.role) == (cast.analyst, Role.ANALYST)


@pytest.mark.parametrize(
    ("who", "needed", "allowed"),
    [
        ("viewer", Role.VIEWER, True),
        ("viewer", Role.RESPONDER, False),
        ("analyst", Role.RESPONDER, True),
        ("analyst", Role.ADMIN, False),
        ("admin", Role.ADMIN, True),
    ],
)
def test_roles_are_ordered(cast, who, needed, allowed):
    request = request_by(getattr(cast, who))
    if allowed:
        assert get_membership(request, cast.workspace.slug, needed)
    else:
        with pytest.raises(PermissionDenied):
            get_membership(request, cast.workspace.slug, needed)


def test_an_admin_elsewhere_is_a_stranger_here(cast):
    with pytest.raises(Http404):
        get_membership(request_by(cast.outsider), cast.workspace.slug, Role.VIEWER)


def test_anonymous_is_a_stranger(cast):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        get_membership(request_by(AnonymousUser()), cast.workspace.slug)


def test_one_membership_per_user_and_workspace(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.viewer, workspace=cast.workspace, role=Role.ADMIN)
