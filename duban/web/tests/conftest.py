import pytest


@pytest.fixture
def login(client):
    """Sign a persona in through the page, the way a person does."""
    def _login(username, password="duban-test-pw"):
        client.logout()
        response = client.post("/login/", {"username": username, "password": password})
        assert response.status_code == 302, response.content.decode()[:500]
        return client
    return _login


@pytest.fixture(autouse=True)
def _fresh_trend_cache():
    # Past weeks of the trend are cached per user and day; each test starts from its own database.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
