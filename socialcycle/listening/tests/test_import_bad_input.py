"""Every kind of bad input: a clear message naming file, row and field; good rows kept."""

import pytest

from socialcycle.listening.tests.import_helpers import (
    HEADER,
    problem_lines,
    run_import,
    texts,
    write,
)
from socialcycle.testing.factories import make_source

GOOD = "1,I love the hub,2026-05-01T10:00:00Z,sam\n"


@pytest.fixture
def source(cast):
    return make_source(cast.workspace)


def test_latin1_file_is_read_with_its_accents(source, tmp_path):
    content = HEADER + "1,Très bien merci,2026-05-01,zoé\n"
    path = write(tmp_path, "latin1.csv", content.encode("latin-1"))
    run = run_import(source, path)
    assert (run.status, run.created, run.rejected) == ("finished", 1, 0)
    assert texts(source) == {"1": "Très bien merci"}


def test_utf16_with_bom_is_read(source, tmp_path):
    path = write(tmp_path, "utf16.csv", (HEADER + "1,Ünïcode ✓,2026-05-01,sam\n").encode("utf-16"))
    run = run_import(source, path)
    assert run.created == 1
    assert texts(source) == {"1": "Ünïcode ✓"}


def test_a_truncated_file_keeps_the_rows_before_the_cut(source, tmp_path):
    path = write(tmp_path, "cut.csv", HEADER + GOOD + '2,"this quote never clo')
    run = run_import(source, path)
    assert texts(source) == {"1": "I love the hub"}
    assert run.rejected == 1
    assert "cut.csv, row 3" in problem_lines(run)[0]
    assert "cut short" in problem_lines(run)[0]


def test_a_missing_required_column_fails_the_file_and_names_it(source, tmp_path):
    path = write(tmp_path, "nodate.csv", "id,text,author\n1,hello,sam\n")
    run = run_import(source, path)
    assert run.status == "failed"
    assert texts(source) == {}
    (line,) = problem_lines(run)
    assert line.startswith("nodate.csv, row 1, field created_at: the header has no column for")


def test_an_unknown_date_format_rejects_only_that_row(source, tmp_path):
    path = write(tmp_path, "dates.csv", HEADER + GOOD + "2,hello,the day after tomorrow,kim\n")
    run = run_import(source, path)
    assert texts(source) == {"1": "I love the hub"}
    (line,) = problem_lines(run)
    assert line.startswith("dates.csv, row 3, field created_at: 'the day after tomorrow' is not")


def test_a_10_mb_text_field_is_refused_and_its_neighbours_kept(source, tmp_path):
    huge = "x" * (10 * 1024 * 1024)
    path = write(
        tmp_path,
        "huge.csv",
        HEADER + GOOD + f"2,{huge},2026-05-01,kim\n" + GOOD.replace("1,", "3,", 1),
    )
    run = run_import(source, path)
    assert sorted(texts(source)) == ["1", "3"]
    (line,) = problem_lines(run)
    assert line.startswith("huge.csv, row 3, field text: is 10,485,760 characters long")


def test_binary_garbage_is_refused_as_a_whole(source, tmp_path):
    path = write(tmp_path, "photo.csv", bytes(range(256)) * 40)
    run = run_import(source, path)
    assert run.status == "failed"
    assert "binary file" in problem_lines(run)[0]


@pytest.mark.parametrize("content", [b"", b"   \n\n"])
def test_an_empty_file_is_refused(source, tmp_path, content):
    run = run_import(source, write(tmp_path, "empty.csv", content))
    assert run.status == "failed"
    assert problem_lines(run) == ["empty.csv: the file is empty"]


def test_embedded_newlines_and_quotes_survive(source, tmp_path):
    content = (
        HEADER
        + '1,"Line one\nline two, with ""quotes""",2026-05-01,sam\n'
        + GOOD.replace("1,", "2,", 1)
    )
    run = run_import(source, write(tmp_path, "multi.csv", content))
    assert (run.created, run.rejected) == (2, 0)
    assert texts(source)["1"] == 'Line one\nline two, with "quotes"'


def test_one_malformed_object_in_a_json_array_costs_only_itself(source, tmp_path):
    content = (
        '[{"id": "1", "text": "first", "created_at": "2026-05-01"},\n'
        ' {"id": "2", "text": "broken" "created_at": "2026-05-01"},\n'
        ' {"id": "3", "text": "third", "created_at": "2026-05-02"}]'
    )
    run = run_import(source, write(tmp_path, "items.json", content))
    assert texts(source) == {"1": "first", "3": "third"}
    (line,) = problem_lines(run)
    assert line.startswith("items.json, item 2: is not valid JSON")


def test_a_truncated_json_array_keeps_the_complete_items(source, tmp_path):
    content = '[{"id": "1", "text": "first", "created_at": "2026-05-01"}, {"id": "2", "te'
    run = run_import(source, write(tmp_path, "cut.json", content))
    assert texts(source) == {"1": "first"}
    assert "cut short" in problem_lines(run)[0]


def test_a_bad_json_line_costs_only_itself(source, tmp_path):
    content = (
        '{"id": "1", "text": "first", "created_at": "2026-05-01"}\n'
        "{not json}\n"
        '["an", "array"]\n'
        '{"id": "4", "text": "fourth", "created_at": "2026-05-01"}\n'
    )
    run = run_import(source, write(tmp_path, "lines.jsonl", content))
    assert texts(source) == {"1": "first", "4": "fourth"}
    assert [line.split(":")[0] for line in problem_lines(run)] == [
        "lines.jsonl, line 2",
        "lines.jsonl, line 3",
    ]


def test_duplicate_rows_in_one_file_are_stored_once_and_counted(source, tmp_path):
    content = HEADER + GOOD + GOOD + GOOD.replace("1,", "2,", 1) + GOOD
    run = run_import(source, write(tmp_path, "dupes.csv", content))
    assert (run.created, run.duplicates, run.rejected) == (2, 2, 0)


def test_a_bad_rating_names_its_field(source, tmp_path):
    content = "id,text,created_at,rating\n1,ok,2026-05-01,9\n2,fine,2026-05-01,4/5\n"
    run = run_import(source, write(tmp_path, "ratings.csv", content))
    assert texts(source) == {"2": "fine"}
    assert problem_lines(run) == [
        "ratings.csv, row 2, field rating: '9' is outside the 1 to 5 star range"
    ]
