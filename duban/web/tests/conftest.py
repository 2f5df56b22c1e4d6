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
