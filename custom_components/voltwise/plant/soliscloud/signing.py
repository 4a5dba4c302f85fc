"""SolisCloud request signing (Platform API V2.0).

Every call is a POST of a JSON body with four headers: ``Content-MD5`` (base64 of the MD5 of the
exact body bytes), ``Content-Type``, ``Date`` (GMT, accepted within 15 minutes of server time) and
``Authorization: API {apiId}:{sign}``, where ``sign`` is the base64 HMAC-SHA1, keyed with the API
secret, of ``POST``, the MD5, the content type, the date and the path, joined by newlines. The body
is serialised once, compactly, and those very bytes are both hashed and sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

# Working clients send and sign plain ``application/json`` (the document prints a charset too).
CONTENT_TYPE = "application/json"
METHOD = "POST"


def encode_body(payload: Mapping[str, Any]) -> bytes:
    """The body bytes for ``payload``: compact JSON, as the document's test vector is."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def content_md5(body: bytes) -> str:
    """Base64 of the MD5 digest of ``body`` (an integrity check, not security)."""
    return base64.b64encode(hashlib.md5(body, usedforsecurity=False).digest()).decode("ascii")


def http_date(when: datetime) -> str:
    """``when`` as an RFC 7231 GMT date, e.g. ``Tue, 04 Mar 2025 10:15:00 GMT``.

    Formatted without the locale, which ``strftime("%a %b")`` would depend on.
    """
    if when.tzinfo is None:
        raise ValueError("naive datetime given where an aware one is required")
    return format_datetime(when.astimezone(UTC).replace(microsecond=0), usegmt=True)


def string_to_sign(md5: str, content_type: str, date: str, path: str) -> str:
    """The canonical string: method, MD5, content type, date and path, one per line."""
    return f"{METHOD}\n{md5}\n{content_type}\n{date}\n{path}"


def signature(api_secret: str, canonical: str) -> str:
    """Base64 of HMAC-SHA1(api_secret, canonical)."""
    digest = hmac.new(api_secret.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(digest.digest()).decode("ascii")


def signed_headers(
    api_id: str, api_secret: str, path: str, body: bytes, when: datetime
) -> dict[str, str]:
    """The four headers that authenticate ``body`` posted to ``path`` at ``when``."""
    md5 = content_md5(body)
    date = http_date(when)
    sign = signature(api_secret, string_to_sign(md5, CONTENT_TYPE, date, path))
    return {
        "Content-MD5": md5,
        "Content-Type": CONTENT_TYPE,
        "Date": date,
        "Authorization": f"API {api_id}:{sign}",
    }
