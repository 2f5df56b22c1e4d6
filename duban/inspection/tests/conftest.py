import pytest


@pytest.fixture
def inspection(world):
    from duban.tasks.services import programme_create

    return programme_create(actor=world.supervisor, name="省委巡视反馈问题整改", year=2026, owner_unit="钱塘区",
                            kind="inspection")
