"""The demo reads the seed page (钱塘新区报, 2026-03-31) through intake, as the supervisor would.

Kept: every directive of the reform committee's meeting, into its programme of decided items;
elsewhere only the directives that name who must act, into the programme of their article.
"""
import datetime as dt
from pathlib import Path

from duban.core import clock
from duban.org.models import User

SEED = Path(__file__).with_name("data") / "seed_page.txt"
PUBLISHED = dt.date(2026, 3, 31)
MEETING_ARTICLE = 0
PROGRAMMES = {  # article of the seed page → the demo programme its tasks belong to
    0: "区委全面深化改革委员会第十三次会议议定事项",
    1: "2026年度审计项目计划",
    2: "东部湾新城（大创小镇）开发建设",
}
NAMED = ("exact", "short_name", "nearest")   # the directive itself says who must act


def _keep(item: dict) -> bool:
    if item["article"] not in PROGRAMMES or not item["lead_unit"]:
        return False
    return item["article"] == MEETING_ARTICLE or item["lead_unit_match"] in NAMED


def load_seed_through_intake(*, today: dt.date) -> int:
    """Propose and confirm the seed page's directives; they stay drafts for the supervisor to assign."""
    from duban.intake.proposals import build
    from duban.intake.services import proposal_confirm

    supervisor = User.objects.get(username="supervisor")
    with clock.travel(today):
        proposal = build(text=SEED.read_text(encoding="utf-8"), name="钱塘新区报2026年3月31日第1版",
                         programme=PROGRAMMES[MEETING_ARTICLE], proposed_by=supervisor.username, date=PUBLISHED)
        for item in proposal["tasks"]:
            item["keep"] = _keep(item)
            item["programme"] = PROGRAMMES.get(item["article"], item["programme"])
        document = proposal_confirm(actor=supervisor, proposal=proposal)
    return document.links.count()
