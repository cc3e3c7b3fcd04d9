"""Numbers from query strings and forms: ASCII digits within range, else a harmless value."""

from socialcycle.lib.params import MAX_ID, id_from, page_from


def test_ids_read_ascii_digits_within_a_64_bit_key_only():
    assert id_from("42") == 42
    assert id_from(" 7 ") == 7
    assert [id_from(v) for v in ("²", "٣", "-1", "1e3", "", None, "9" * 40)] == [0] * 7
    assert id_from(str(MAX_ID)) == MAX_ID
    assert id_from(str(MAX_ID + 1)) == 0


def test_pages_fall_back_to_the_first():
    assert page_from("3") == 3
    assert [page_from(v) for v in ("0", "²", "99999999999", None)] == [1, 1, 1, 1]


def test_a_nul_in_the_query_string_is_a_400_before_any_view(client, db):
    response = client.get("/accounts/login/?next=%00")

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_api_says_it_in_json(client, db):
    response = client.get("/api/v1/posts?x=%00")

    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]
