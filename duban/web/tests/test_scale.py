"""Pages over a district's worth of tasks show a screenful and say how many more there are."""
from django.conf import settings as django_settings

from duban.web import inbox


def test_it_shows_the_most_urgent_tasks_of_a_long_inbox_box_and_counts_the_rest(login, world, monkeypatch):
    monkeypatch.setattr(inbox, "BOX_ROWS", 2)
    for i in range(3):
        world.task(state="in_progress", title=f"河道整治{i}")
    page = login("leader").get("/inbox/")
    green = {s["key"]: s for s in page.context["sections"]}["leader_green"]
    assert (len(green["rows"]), green["count"]) == (2, 3)
    assert "另有 1 项排在后面" in page.content.decode()


def test_a_box_past_the_count_cap_says_more_than_the_cap_not_a_figure_it_did_not_count(login, world, monkeypatch, client):
    monkeypatch.setattr(inbox, "BOX_ROWS", 2)
    monkeypatch.setattr(inbox, "COUNT_CAP", 3)
    for i in range(5):
        world.task(state="in_progress", title=f"河道整治{i}")
    page = login("leader").get("/inbox/")
    green = {s["key"]: s for s in page.context["sections"]}["leader_green"]
    assert (len(green["rows"]), green["count"], green["capped"]) == (2, 3, True)
    html = page.content.decode()
    assert "我负责的 · 绿灯 3+" in html and "另有 1 余项排在后面" in html
    client.force_login(world.leader)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "More than 1 more further down" in client.get("/inbox/").content.decode()
    monkeypatch.setattr(inbox, "COUNT_CAP", 5)  # exactly at the cap: the figure itself
    green = {s["key"]: s for s in login("leader").get("/inbox/").context["sections"]}["leader_green"]
    assert (green["count"], green["capped"]) == (5, False)


def test_it_lists_the_page_with_each_tasks_own_light_and_urge_count(login, world):
    quiet = world.task(state="in_progress", title="河道整治")
    urged = world.task(state="assigned", title="老旧小区改造")
    client = login("supervisor")
    client.post(f"/tasks/{urged.pk}/do/urge/", {"text": "请加快进度"})
    rows = {t.pk: (light.color, urges) for t, light, urges in client.get("/tasks/").context["rows"]}
    assert rows == {quiet.pk: ("green", 0), urged.pk: ("green", 1)}
