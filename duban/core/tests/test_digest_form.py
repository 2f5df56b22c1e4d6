"""Logs written by earlier versions still verify: a part's digest is, as it always was, the keyed
HMAC of "attest", the part's name and the canonical JSON of its value, newline-separated."""
import datetime as dt
import hashlib
import hmac
import json
from decimal import Decimal

from duban.core import attest
from duban.core.logkey import log_key


def test_a_parts_digest_is_the_hmac_of_its_name_and_canonical_json(settings, tmp_path):
    settings.DUBAN_HOME = tmp_path
    parts = {"title": ["做实审计整改", dt.date(2026, 3, 1)], "targets": [[7, "金额", Decimal("120.50"), None]],
             "reports": [], "rectification": {"措施": "整改", "a": 1}}
    expected = {}
    for name, value in parts.items():
        canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        message = b"\n".join([b"attest", name.encode(), canonical.encode()])
        expected[name] = hmac.new(log_key(), message, hashlib.sha256).hexdigest()[:16]
    assert attest.digest(parts) == expected
    assert list(attest.digest(parts)) == sorted(parts)
