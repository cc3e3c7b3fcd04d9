"""Help is in the pages: a person using the product cannot open the repository's docs/
files, so no page sends them there; the members page says what each role may do."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_no_template_points_at_a_file_in_the_repository():
    pointing = [
        f"{path.relative_to(TEMPLATES)}: {found.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for found in re.finditer(r"\bdocs/[\w-]+\.md\b", path.read_text())
    ]
    assert pointing == []


@pytest.mark.django_db
def test_the_members_page_says_what_each_role_may_do(client, cast):
    client.force_login(cast.admin)

    page = client.get(reverse("workspace:members", args=[cast.workspace.slug]))

    roles = page.content.decode().split('data-testid="roles-explained"')[1].split("</details>")[0]
    for role in ("Viewer", "Responder", "Analyst", "Admin"):
        assert f"<td>{role}</td>" in roles
    assert "export participants (personal data)" in roles
