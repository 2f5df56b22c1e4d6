"""The Content-Security-Policy: scripts only from our own static files, so a value that slipped
past escaping still cannot run; and no page needs an inline script to work."""
import re

import pytest

PAGES = ["/", "/inbox/", "/tasks/", "/supervision/notices/", "/supervision/calendar/", "/ledger/", "/intake/",
         "/settings/", "/settings/programmes/", "/settings/org/", "/settings/webhooks/", "/account/", "/api/docs"]


def _script_sources(policy: str) -> list[str]:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["script-src"].split()


@pytest.mark.parametrize("path", ["/login/", *PAGES])
def test_it_sends_a_policy_that_runs_only_our_own_script_files(login, world, path):
    client = login("admin") if path.startswith("/settings") else login("supervisor")
    if path == "/login/":
        client.logout()
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert _script_sources(policy) == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/login/", *PAGES])
def test_no_page_relies_on_an_inline_script_the_policy_would_block(login, world, path):
    world.task(state="in_progress")
    client = login("admin") if path.startswith("/settings") else login("supervisor")
    if path == "/login/":
        client.logout()
    html = client.get(path).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not HANDLER.search(html)
    assert not re.search(r"<script[^>]+src=\"https?://", html)  # every script from our own static files


def test_it_serves_swagger_ui_from_our_own_static_files(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/vendor/swagger-ui-bundle.js" in html and "/static/vendor/swagger-ui.css" in html
    assert "cdn" not in html.lower()
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200
