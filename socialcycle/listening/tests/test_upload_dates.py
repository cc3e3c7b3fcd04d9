"""The upload page and dates: the preview shows the detected format, which can be changed
there and is remembered for the source; the problems download holds every problem."""

import csv
import io

from django.urls import reverse

from socialcycle.listening.models import ImportRun, Post, Source
from socialcycle.listening.tests.import_helpers import problem_lines
from socialcycle.listening.tests.test_upload_pages import sign_in, upload

COLUMNS = {
    "external_id": "id",
    "text": "text",
    "created_at": "created_at",
    "author_handle": "author",
}


def airline_export(rows, dates):
    """Shaped like the export that failed: `id,created_at,author,brand,text,retweets`."""
    lines = ["id,created_at,author,brand,text,retweets"]
    lines += [
        f'{570306133677760513 + n},{dates(n)},flyer{n},Virgin,"@VirginAmerica flight {n}, ok",0'
        for n in range(rows)
    ]
    return "\n".join(lines) + "\n"


def created(source_name):
    posts = Post.objects.filter(source__name=source_name).order_by("external_id")
    return [post.created_at.strftime("%Y-%m-%d %H:%M") for post in posts]


def import_from(client, preview_url, captured, **fields):
    with captured(execute=True):
        return client.post(preview_url, {**COLUMNS, **fields})


def test_a_day_first_export_is_detected_shown_and_imported(
    client, cast, django_capture_on_commit_callbacks
):
    sign_in(client, cast.analyst)
    content = airline_export(30, lambda n: f"{n % 28 + 1:02d}-02-2015 11:35")
    preview_url = upload(client, cast.workspace, content=content)["Location"]

    page = client.get(preview_url)
    text = page.content.decode()
    assert page.context["preview"].date_format == "day-first"
    assert "Read as day-first (day, month, year)" in text
    assert page.context["form"]["date_format"].initial == "day-first"
    assert "<td>01-02-2015 11:35</td>" in text
    assert "1 Feb 2015 11:35 UTC" in text

    import_from(client, preview_url, django_capture_on_commit_callbacks, date_format="day-first")
    run = ImportRun.objects.get(workspace=cast.workspace)
    assert (run.status, run.created, run.rejected) == ("finished", 30, 0)
    assert created("Survey")[:2] == ["2015-02-01 11:35", "2015-02-02 11:35"]


def test_ambiguous_dates_are_said_changed_to_month_first_and_the_choice_is_reused(
    client, cast, django_capture_on_commit_callbacks
):
    sign_in(client, cast.analyst)
    content = airline_export(5, lambda n: f"03/0{n + 4}/2015 1:05 PM")
    preview_url = upload(client, cast.workspace, content=content)["Location"]
    text = client.get(preview_url).content.decode()
    assert "could be day first or month first; they are read day-first" in text

    # Showing the rows again with month-first reads them so, without importing.
    shown = client.post(preview_url, {**COLUMNS, "date_format": "month-first", "show": "1"})
    assert shown.status_code == 200
    assert not ImportRun.objects.exists()
    assert "4 Mar 2015 13:05 UTC" in shown.content.decode()

    import_from(
        client,
        preview_url,
        django_capture_on_commit_callbacks,
        date_format="month-first",
        save_mapping="on",
    )
    assert created("Survey")[0] == "2015-03-04 13:05"
    source = Source.objects.get(workspace=cast.workspace, name="Survey")
    assert source.config["date_format"] == "month-first"

    # The next file into the same source is read month-first without being asked.
    again = airline_export(1, lambda n: "05/06/2015 09:00")
    next_url = upload(client, cast.workspace, content=again, source=source.pk)["Location"]
    page = client.get(next_url)
    assert page.context["form"]["date_format"].initial == "month-first"
    assert page.context["preview"].date_samples[0].read.month == 5


def test_a_custom_pattern_is_checked_and_used(client, cast, django_capture_on_commit_callbacks):
    sign_in(client, cast.analyst)
    content = airline_export(2, lambda n: f"2015|24|0{n + 2} 11h35")
    preview_url = upload(client, cast.workspace, content=content)["Location"]
    assert "None of the 2 dates sampled" in client.get(preview_url).content.decode()

    refused = client.post(preview_url, {**COLUMNS, "date_format": "custom", "date_pattern": "%H"})
    assert refused.status_code == 200
    assert "it needs a year, a month and a day" in refused.content.decode()
    blank = client.post(preview_url, {**COLUMNS, "date_format": "custom"})
    assert "Write the pattern, such as %d-%m-%Y %H:%M." in blank.content.decode()

    import_from(
        client,
        preview_url,
        django_capture_on_commit_callbacks,
        date_format="custom",
        date_pattern="%Y|%d|%m %Hh%M",
    )
    assert created("Survey") == ["2015-02-24 11:35", "2015-03-24 11:35"]


def test_the_problems_download_holds_every_problem(
    client, cast, django_capture_on_commit_callbacks
):
    sign_in(client, cast.analyst)
    content = airline_export(1200, lambda n: "24-02-2015 11:35" if n % 100 == 0 else "later")
    preview_url = upload(client, cast.workspace, content=content)["Location"]
    import_from(client, preview_url, django_capture_on_commit_callbacks, date_format="day-first")
    run = ImportRun.objects.get(workspace=cast.workspace)
    assert (run.created, run.rejected, len(run.problems)) == (12, 1188, 1000)

    page = client.get(reverse("listening:run", args=[cast.workspace.slug, run.pk]))
    assert "survey.csv, row 3, field created_at: &#x27;later&#x27; is not a date" in (
        page.content.decode()
    )
    download = client.get(reverse("listening:run-problems", args=[cast.workspace.slug, run.pk]))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 1188
    assert rows[-1]["where"] == "row 1201"
    assert rows[-1]["problem"].startswith("'later' is not a date in the day-first format")


def test_dates_without_a_zone_are_read_in_the_workspaces_time_zone(
    client, cast, django_capture_on_commit_callbacks
):
    cast.workspace.time_zone = "America/Chicago"
    cast.workspace.save()
    sign_in(client, cast.analyst)
    content = airline_export(3, lambda n: f"{n + 13:02d}-02-2015 11:35")
    preview_url = upload(client, cast.workspace, content=content)["Location"]
    assert "13 Feb 2015 11:35 CST" in client.get(preview_url).content.decode()

    import_from(client, preview_url, django_capture_on_commit_callbacks, date_format="day-first")
    assert created("Survey") == ["2015-02-13 17:35", "2015-02-14 17:35", "2015-02-15 17:35"]


def test_an_excel_serial_export_is_shown_as_such_and_read_in_the_workspaces_zone(
    client, cast, django_capture_on_commit_callbacks
):
    cast.workspace.time_zone = "America/Chicago"
    cast.workspace.save()
    sign_in(client, cast.analyst)
    content = airline_export(4, lambda n: "15000" if n == 3 else f"{42059 + n}.5")
    preview_url = upload(client, cast.workspace, content=content)["Location"]

    page = client.get(preview_url)
    text = page.content.decode()
    assert page.context["preview"].date_format == "excel-serial"
    assert page.context["form"]["date_format"].initial == "excel-serial"
    assert "Read as excel-serial (Excel&#x27;s serial days" in text
    assert "<td>42059.5</td>" in text
    assert "24 Feb 2015 12:00 CST" in text
    assert "1 of them cannot be read that way (&#x27;15000&#x27;)" in text

    import_from(client, preview_url, django_capture_on_commit_callbacks, date_format="excel-serial")
    run = ImportRun.objects.get(workspace=cast.workspace)
    assert (run.created, run.rejected) == (3, 1)
    assert created("Survey") == ["2015-02-24 18:00", "2015-02-25 18:00", "2015-02-26 18:00"]
    assert problem_lines(run)[0].startswith(
        "survey.csv, row 5, field created_at: '15000' is not a date in the excel-serial format"
    )


def test_a_french_export_is_read_by_its_month_names(
    client, cast, django_capture_on_commit_callbacks
):
    sign_in(client, cast.analyst)
    months = ["janv.", "févr.", "mars", "avr.", "mai", "juin"]
    content = airline_export(6, lambda n: f"{n + 1} {months[n]} 2015 à 9:05")
    preview_url = upload(client, cast.workspace, content=content)["Location"]
    page = client.get(preview_url)
    assert page.context["preview"].date_format == "month-name"
    assert page.context["preview"].detection.unreadable == ()

    import_from(client, preview_url, django_capture_on_commit_callbacks)
    assert created("Survey")[:3] == ["2015-01-01 09:05", "2015-02-02 09:05", "2015-03-03 09:05"]
