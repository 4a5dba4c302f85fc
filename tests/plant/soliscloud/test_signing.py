"""Request signing matches the SolisCloud document and an independently computed HMAC."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from custom_components.voltwise.plant.soliscloud.signing import (
    CONTENT_TYPE,
    content_md5,
    encode_body,
    http_date,
    signature,
    signed_headers,
    string_to_sign,
)


def test_body_and_content_md5_match_the_document_test_vector() -> None:
    body = encode_body({"pageNo": 1, "pageSize": 10})
    assert body == b'{"pageNo":1,"pageSize":10}'
    assert content_md5(body) == "kxdxk7rbAsrzSIWgEwhH4w=="


def test_date_is_gmt_in_the_http_format_whatever_the_input_zone() -> None:
    when = datetime(2025, 3, 4, 10, 15, 30, 999_000, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert http_date(when) == "Tue, 04 Mar 2025 04:45:30 GMT"
    with pytest.raises(ValueError, match="naive"):
        http_date(datetime(2025, 3, 4, 10, 15))  # noqa: DTZ001


def test_signature_is_the_hmac_sha1_of_the_canonical_string() -> None:
    body = b'{"inverterSn":"1031D2222110085","cid":5035}'
    when = datetime(2025, 3, 4, 4, 45, tzinfo=UTC)
    headers = signed_headers("1300386381676", "secret-key", "/v2/api/atRead", body, when)

    # Computed here from the document's description, without the module under test.
    md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
    canonical = f"POST\n{md5}\napplication/json\nTue, 04 Mar 2025 04:45:00 GMT\n/v2/api/atRead"
    expected = base64.b64encode(
        hmac.new(b"secret-key", canonical.encode(), hashlib.sha1).digest()
    ).decode()

    assert headers == {
        "Content-MD5": md5,
        "Content-Type": "application/json",
        "Date": "Tue, 04 Mar 2025 04:45:00 GMT",
        "Authorization": f"API 1300386381676:{expected}",
    }
    assert string_to_sign(md5, CONTENT_TYPE, headers["Date"], "/v2/api/atRead") == canonical
    assert signature("secret-key", canonical) == expected
    # A different path or secret gives a different signature.
    assert signature("secret-key", canonical.replace("atRead", "control")) != expected
    assert signature("other-key", canonical) != expected
