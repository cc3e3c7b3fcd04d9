"""CSV cells are safe to open in a spreadsheet."""

from socialcycle.lib.spreadsheet import csv_cell


def test_csv_cell_rules():
    assert csv_cell(None) == ""
    assert csv_cell(True) == "true"
    assert csv_cell(-3) == -3
    assert csv_cell(["a", "b"]) == "a; b"
    assert csv_cell({"b": 1, "a": "x"}) == "a=x; b=1"
    assert csv_cell(["-x", "y"]) == "'-x; y"
    assert csv_cell("@handle") == "'@handle"
    assert csv_cell("\r\nline") == "'\r\nline"
    assert csv_cell("plain = text") == "plain = text"
