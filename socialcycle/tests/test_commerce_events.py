"""Commerce and CRM events: matched by customer id or e-mail, idempotent, bad rows named."""

import json

import pytest

from socialcycle.accounts.tokens import create_api_token
from socialcycle.cli import main
from socialcycle.listening.commerce import EventIntakeError, import_events
from socialcycle.listening.models import EngagementEvent, Participant
from socialcycle.listening.participants import merge_participants

# Uploads and problems files go to the test's own folder (the listening tests' rule).
pytestmark = pytest.mark.usefixtures("private_data_dir")

HEADER = "event_id,stage,action,occurred_at,email,customer_id,name,amount\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def person(workspace, **fields):
    return Participant.objects.create(workspace=workspace, display_name="Kim", **fields)


def test_events_land_on_the_participant_named_by_customer_id_or_email(cast, tmp_path):
    kim = person(cast.workspace, email="Kim@Example.com")
    lee = person(cast.workspace, customer_id="C-7")
    path = write(
        tmp_path,
        "shop.csv",
        HEADER
        + "o1,trial,trial_started,2026-03-01T10:00:00Z,kim@example.com,,,\n"
        + "o2,purchase,order,2026-03-05,,C-7,,49.90\n"
        + "o3,advocacy,referral,2026-03-09,someone@new.example,,Noor,\n",
    )
    result = import_events(cast.workspace, path)
    assert [o.status for o in result.outcomes] == ["created"] * 3
    assert EngagementEvent.objects.get(external_id="o1").participant == kim
    order = EngagementEvent.objects.get(external_id="o2")
    assert (order.participant, order.stage, order.action) == (lee, "purchase", "order")
    assert order.details == {"amount": "49.90"}
    newcomer = EngagementEvent.objects.get(external_id="o3").participant
    assert (newcomer.display_name, newcomer.email) == ("Noor", "someone@new.example")
    assert result.participants_created == 1


def test_importing_the_same_file_again_adds_nothing(cast, tmp_path):
    path = write(
        tmp_path,
        "shop.jsonl",
        json.dumps(
            {
                "event_id": "o1",
                "stage": "purchase",
                "occurred_at": 1772000000,
                "email": "a@example.com",
            }
        )
        + "\n",
    )
    import_events(cast.workspace, path)
    again = import_events(cast.workspace, path)
    assert [o.status for o in again.outcomes] == ["existing"]
    assert EngagementEvent.objects.filter(workspace=cast.workspace).count() == 1
    assert Participant.objects.filter(workspace=cast.workspace).count() == 1


def test_each_bad_row_is_named_with_file_row_and_field_and_good_rows_are_kept(cast, tmp_path):
    path = write(
        tmp_path,
        "crm.csv",
        HEADER
        + "ok1,trial,,2026-03-01,a@example.com,,,\n"
        + ",trial,,2026-03-01,b@example.com,,,\n"
        + "x2,visit,,2026-03-01,b@example.com,,,\n"
        + "x3,trial,,soon,b@example.com,,,\n"
        + "x4,trial,,2026-03-01,,,,\n"
        + "x5,trial,,2026-03-01,not-an-address,,,\n"
        + "ok2,purchase,,2026-03-02,a@example.com,,,\n",
    )
    result = import_events(cast.workspace, path)
    assert [(p.file, p.where, p.field) for p in result.problems] == [
        ("crm.csv", "row 3", "event_id"),
        ("crm.csv", "row 4", "stage"),
        ("crm.csv", "row 5", "occurred_at"),
        ("crm.csv", "row 6", "email"),
        ("crm.csv", "row 7", "email"),
    ]
    assert str(result.problems[1]).startswith("crm.csv, row 4, field stage: 'visit' is not one")
    assert set(EngagementEvent.objects.values_list("external_id", flat=True)) == {"ok1", "ok2"}


def test_an_event_for_a_merged_participant_goes_to_the_one_kept(cast, tmp_path):
    kept = person(cast.workspace)
    old = person(cast.workspace, email="old@example.com")
    merge_participants(kept, [old])
    path = write(tmp_path, "e.csv", HEADER + "o1,purchase,,2026-03-01,old@example.com,,,\n")
    import_events(cast.workspace, path)
    assert EngagementEvent.objects.get(external_id="o1").participant == kept


def test_customer_id_wins_and_other_workspaces_are_not_matched(cast, tmp_path):
    by_email = person(cast.workspace, email="kim@example.com")
    by_id = person(cast.workspace, customer_id="C-1")
    person(cast.other_workspace, customer_id="C-2")
    path = write(
        tmp_path,
        "e.csv",
        HEADER + "o1,trial,,2026-03-01,kim@example.com,C-1,,\n" + "o2,trial,,2026-03-01,,C-2,,\n",
    )
    import_events(cast.workspace, path)
    assert EngagementEvent.objects.get(external_id="o1").participant == by_id
    stranger = EngagementEvent.objects.get(external_id="o2").participant
    assert stranger.workspace == cast.workspace
    assert stranger not in (by_email, by_id)


def test_a_repeated_event_id_in_one_file_keeps_the_first(cast, tmp_path):
    path = write(
        tmp_path,
        "e.csv",
        HEADER
        + "o1,trial,,2026-03-01,a@example.com,,,\n"
        + "o1,purchase,,2026-03-02,a@example.com,,,\n",
    )
    result = import_events(cast.workspace, path)
    assert [o.status for o in result.outcomes] == ["created", "duplicate"]
    assert EngagementEvent.objects.get(external_id="o1").stage == "trial"


def test_an_unreadable_file_is_refused_whole(cast, tmp_path):
    with pytest.raises(EventIntakeError, match="the file is empty"):
        import_events(cast.workspace, write(tmp_path, "e.csv", ""))


def test_the_command_exits_1_when_rows_were_rejected(cast, tmp_path, capsys):
    path = write(
        tmp_path,
        "e.csv",
        HEADER + "o1,trial,,2026-03-01,a@example.com,,,\n" + "o2,trial,,,a@example.com,,,\n",
    )
    code = main(["import-events", str(path), "--workspace", cast.workspace.slug])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 events recorded" in out
    assert "e.csv, row 3, field occurred_at: is missing" in out
    assert main(["import-events", str(path), "--workspace", cast.workspace.slug]) == 1
    assert EngagementEvent.objects.count() == 1


def test_the_command_exits_0_when_every_row_was_taken(cast, tmp_path):
    path = write(tmp_path, "e.csv", HEADER + "o1,trial,,2026-03-01,a@example.com,,,\n")
    assert main(["import-events", str(path), "--workspace", cast.workspace.slug]) == 0


def push(client, secret, events):
    return client.post(
        "/api/v1/events",
        {"events": events},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_the_api_answers_item_by_item_and_is_idempotent(client, cast):
    _, secret = create_api_token(cast.workspace, cast.analyst, name="shop", scopes=["posts:write"])
    events = [
        {
            "event_id": "o1",
            "stage": "purchase",
            "occurred_at": "2026-03-01T10:00:00Z",
            "customer_id": "C-1",
            "amount": 12,
        },
        {"event_id": "o2", "stage": "trial", "occurred_at": "2026-03-01"},
        "nonsense",
        {"event_id": "o1", "stage": "trial", "occurred_at": "2026-03-01", "customer_id": "C-1"},
    ]
    body = push(client, secret, events).json()
    assert [(r["event_id"], r["status"], r["field"]) for r in body["results"]] == [
        ("o1", "created", ""),
        ("", "rejected", "email"),
        ("", "rejected", ""),
        ("o1", "duplicate", "event_id"),
    ]
    assert (body["created"], body["rejected"], body["participants_created"]) == (1, 2, 1)
    again = push(client, secret, events[:1]).json()
    assert again["results"][0]["status"] == "existing"
    assert EngagementEvent.objects.get().details == {"amount": 12}


def test_the_api_needs_the_posts_write_scope_and_refuses_big_batches(client, cast):
    _, reader = create_api_token(cast.workspace, cast.analyst, name="r", scopes=["read"])
    item = {"event_id": "o1", "stage": "trial", "occurred_at": "2026-03-01", "email": "a@b.co"}
    assert push(client, reader, [item]).status_code in (401, 403)
    _, writer = create_api_token(cast.workspace, cast.analyst, name="w", scopes=["posts:write"])
    too_many = push(client, writer, [item] * 1001)
    assert too_many.status_code == 400
    assert "between 1 and 1000" in too_many.json()["detail"]
    assert not EngagementEvent.objects.exists()
