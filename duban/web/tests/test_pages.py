"""The list, the task page and the actions through plain requests (the browser test covers the loop)."""
from django.core.files.uploadedfile import SimpleUploadedFile


def test_it_filters_the_list_and_shows_each_filter_as_a_removable_chip(login, world):
    world.task(state="in_progress", title="河道整治")
    world.task(state="assigned", title="老旧小区改造")
    client = login("supervisor")
    page = client.get("/tasks/?q=河道&state=in_progress")
    assert [t.title for t, _light, _urges in page.context["rows"]] == ["河道整治"]
    text = page.content.decode()
    assert "搜索：河道" in text and "状态：办理中" in text
    assert 'href="/tasks/?state=in_progress"' in text  # removing the words keeps the state


def test_it_answers_htmx_filter_requests_with_the_results_only(login, world):
    world.task(state="in_progress", title="河道整治")
    page = login("supervisor").get("/tasks/?q=河道", HTTP_HX_REQUEST="true").content.decode()
    assert "河道整治" in page and "<html" not in page


def test_it_pages_long_lists(login, world):
    for i in range(55):
        world.task(title=f"事项{i}")
    client = login("supervisor")
    first = client.get("/tasks/")
    assert len(first.context["rows"]) == 50 and "第 1 / 2 页" in first.content.decode()
    assert len(client.get("/tasks/?page=2").context["rows"]) == 5


def test_it_offers_only_the_actions_the_user_may_take_now(login, world):
    task = world.task(state="assigned")
    names = lambda who: [a.name for a in login(who).get(f"/tasks/{task.pk}/").context["actions"]]  # noqa: E731
    assert names("liaison") == ["sign", "extend"]
    assert names("supervisor") == ["urge", "cancel"]
    assert names("co_liaison") == []
    assert names("leader") == ["instruct"]


def test_it_reports_progress_with_an_uploaded_file_that_only_the_task_can_serve(login, world):
    task = world.task(state="in_progress")
    client = login("liaison")
    upload = SimpleUploadedFile("进展照片.png", b"\x89PNG fake image", content_type="image/png")
    response = client.post(f"/tasks/{task.pk}/do/report/", {"text": "已完成一半", "percent": "50", "files": upload})
    assert response.status_code == 302
    evidence = task.evidence.get()
    download = client.get(f"/tasks/{task.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"\x89PNG fake image"
    assert "attachment" in download["Content-Disposition"]


def test_it_refuses_a_file_of_the_wrong_type_in_plain_words(login, world):
    task = world.task(state="in_progress")
    upload = SimpleUploadedFile("病毒.exe", b"MZ", content_type="application/octet-stream")
    response = login("liaison").post(f"/tasks/{task.pk}/do/report/",
                                     {"text": "进展", "percent": "10", "files": upload})
    assert response.status_code == 400
    assert "佐证材料「病毒.exe」的类型不被接受" in response.content.decode()
    assert not task.evidence.exists()


def test_it_asks_for_a_reason_to_cancel_and_for_confirmation(login, world):
    task = world.task(state="assigned")
    client = login("supervisor")
    assert 'data-confirm="确认撤销该事项？撤销后不可恢复。"' in client.get(f"/tasks/{task.pk}/").content.decode()
    assert "请填写「撤销理由」" in client.post(f"/tasks/{task.pk}/do/cancel/", {"reason": ""}).content.decode()
    client.post(f"/tasks/{task.pk}/do/cancel/", {"reason": "职能调整，不再列入督办"})
    task.refresh_from_db()
    assert task.state == "cancelled"


def test_it_decides_an_extension_from_the_task_page(login, world):
    task = world.task(state="in_progress")
    new = (task.deadline.replace(year=task.deadline.year + 1)).isoformat()
    login("liaison").post(f"/tasks/{task.pk}/do/extend/", {"date": new, "reason": "汛期施工受限"})
    client = login("supervisor")
    assert "extension_review" in [s["key"] for s in client.get("/inbox/").context["sections"]]
    client.post(f"/tasks/{task.pk}/do/decide_extension/", {"decision": "yes"})
    task.refresh_from_db()
    assert task.deadline.isoformat() == new


def test_it_shows_the_leader_what_they_are_responsible_for_by_light(login, world):
    world.task(state="in_progress", title="河道整治")
    sections = {s["key"]: s["rows"] for s in login("leader").get("/inbox/").context["sections"]}
    assert [t.title for t, _ in sections["leader_green"]] == ["河道整治"]
    assert "to_sign" not in sections
