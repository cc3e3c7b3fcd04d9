"""Steps the acting app's page tests share."""

from django.urls import reverse

from socialcycle.testing.factories import PASSWORD


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def insight_url(workspace, insight):
    return reverse("acting:insight", args=[workspace.slug, insight.pk])
