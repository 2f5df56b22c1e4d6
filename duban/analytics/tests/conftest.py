import pytest


@pytest.fixture(autouse=True)
def _own_store(settings, tmp_path):
    # Each test its own analytical store, as each has its own database.
    settings.DUBAN_HOME = tmp_path / "home"
    settings.DUBAN_HOME.mkdir()
