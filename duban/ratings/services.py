"""Rating rounds: an organiser (a supervisor of the owning unit's jurisdiction) lists the items and
raters, opens the round, each rater casts one ballot, and nothing of the ballots is readable until
the organiser closes the round. Each change writes one event."""
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.org.models import User
from duban.org.services import unit_by_name
from duban.ratings.models import Ballot, BallotChoice, Choice, RatingItem, RatingRound, RoundState
from duban.supervision.assessment import assessment_entry_record
from duban.tasks.access import supervises_unit

MAX_ITEMS = 200
MAX_COMMENT = 500


def round_for_organiser(actor: User, round_id, *, lock: bool = False) -> RatingRound:
    """Find a round the actor organises; any other is reported as missing."""
    qs = RatingRound.objects.select_related("owner_unit")
    rnd = (qs.select_for_update() if lock else qs).filter(pk=_pk(round_id)).first()
    if rnd is None or not supervises_unit(actor, rnd.owner_unit):
        raise NotFound(gettext("测评 %(id)s 不存在") % {"id": round_id})
    return rnd


def round_for_reader(user: User, round_id) -> RatingRound:
    """A round its organisers and raters see; once closed, the units it rated see it too."""
    rnd = rounds_for(user).filter(pk=_pk(round_id)).first()
    if rnd is None:
        raise NotFound(gettext("测评 %(id)s 不存在") % {"id": round_id})
    return rnd


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound(gettext("测评 %(id)s 不存在") % {"id": value}) from None


def rounds_for(user: User):
    from django.db.models import Q

    from duban.tasks.access import memberships_of

    if not user.is_authenticated:
        return RatingRound.objects.none()
    q = Q(raters=user)
    for m in memberships_of(user):
        if supervises_unit(user, m.unit):
            q |= Q(owner_unit__path__under=m.unit.path)
        q |= Q(state=RoundState.CLOSED, items__unit=m.unit)
    return RatingRound.objects.filter(pk__in=RatingRound.objects.filter(q).values("pk")).select_related("owner_unit")


@transaction.atomic
def round_create(*, actor: User, title: str, owner_unit: str, into_assessment: bool = False,
                 threshold: int = 80) -> RatingRound:
    title, unit = (title or "").strip(), unit_by_name(owner_unit)
    if not title or len(title) > 200:
        raise DomainError(gettext("测评名称不能为空，最长200字"), field="title")
    if not supervises_unit(actor, unit):
        raise DomainError(gettext("您不督查「%(unit)s」，不能组织它的测评") % {"unit": unit.name}, field="owner_unit")
    if not 0 <= int(threshold) <= 100:
        raise DomainError(gettext("满意率门槛应在 0–100 之间"), field="threshold")
    rnd = RatingRound.objects.create(title=title, owner_unit=unit, into_assessment=into_assessment,
                                     threshold=int(threshold), created_by=actor)
    append_event(actor=actor.username, action="rating.round_created",
                 payload={"round": rnd.pk, "title": title, "owner_unit": unit.name})
    return rnd


def _draft(actor: User, round_id) -> RatingRound:
    rnd = round_for_organiser(actor, round_id, lock=True)
    if rnd.state != RoundState.DRAFT:
        raise DomainError(gettext("测评已开始，不能再改测评对象和测评人"))
    return rnd


@transaction.atomic
def round_item_add(*, actor: User, round_id, name: str, unit: str | None = None) -> RatingItem:
    rnd, name = _draft(actor, round_id), (name or "").strip()
    if not name or len(name) > 200:
        raise DomainError(gettext("测评对象名称不能为空，最长200字"), field="name")
    if rnd.items.count() >= MAX_ITEMS:
        raise DomainError(gettext("一轮测评最多 %(most)s 个测评对象") % {"most": MAX_ITEMS})
    if rnd.items.filter(name=name).exists():
        raise DomainError(gettext("测评对象「%(name)s」已在本轮测评中") % {"name": name}, field="name")
    item = RatingItem.objects.create(round=rnd, name=name, unit=unit_by_name(unit) if unit else None,
                                     order=rnd.items.count() + 1)
    append_event(actor=actor.username, action="rating.item_added",
                 payload={"round": rnd.pk, "item": item.pk, "name": name, "unit": unit or ""})
    return item


@transaction.atomic
def round_raters_add(*, actor: User, round_id, usernames: list[str]) -> int:
    rnd = _draft(actor, round_id)
    users = list(User.objects.filter(username__in=usernames, is_active=True))
    missing = sorted(set(usernames) - {u.username for u in users})
    if missing:
        raise DomainError(gettext("没有这些用户：%(names)s") % {"names": '、'.join(missing)}, field="raters")
    rnd.raters.add(*users)
    append_event(actor=actor.username, action="rating.raters_added",
                 payload={"round": rnd.pk, "raters": sorted(usernames)})
    return rnd.raters.count()


@transaction.atomic
def round_open(*, actor: User, round_id) -> RatingRound:
    rnd = _draft(actor, round_id)
    if not rnd.items.exists() or not rnd.raters.exists():
        raise DomainError(gettext("请先添加测评对象和测评人，再开始测评"))
    rnd.state, rnd.opened_on = RoundState.OPEN, clock.today()
    rnd.save(update_fields=["state", "opened_on"])
    append_event(actor=actor.username, action="rating.round_opened", payload={"round": rnd.pk})
    return rnd


@transaction.atomic
def ballot_cast(*, actor: User, round_id, choices: dict, comments: dict | None = None) -> Ballot:
    """One ballot per rater, a choice for every item; a second ballot is refused."""
    rnd = RatingRound.objects.select_for_update().filter(pk=_pk(round_id), raters=actor).first()
    if rnd is None:
        raise NotFound(gettext("测评 %(id)s 不存在") % {"id": round_id})
    if rnd.state != RoundState.OPEN:
        raise DomainError(gettext("测评未开始或已结束，不能投票"))
    items = {item.pk: item for item in rnd.items.all()}
    picked = _choices(items, choices)
    comments = {int(k): str(v or "").strip() for k, v in (comments or {}).items() if str(k).isdigit()}
    too_long = [items[k].name for k, v in comments.items() if k in items and len(v) > MAX_COMMENT]
    if too_long:
        raise DomainError(gettext("意见最长%(most)s字：%(item)s") % {"most": MAX_COMMENT, "item": too_long[0]}, field="comment")
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(round=rnd, rater=actor, submitted_at=clock.now())
    except IntegrityError:
        raise DomainError(gettext("您已投过票，每人只能投一次")) from None
    BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, item=items[pk], choice=choice,
                                                  comment=comments.get(pk, "")) for pk, choice in picked.items())
    # The log records that a ballot was cast, never what it said: the round is secret.
    append_event(actor=actor.username, action="rating.ballot_cast", payload={"round": rnd.pk})
    return ballot


def _choices(items: dict, choices: dict) -> dict[int, str]:
    picked = {}
    for key, value in (choices or {}).items():
        pk = int(key) if str(key).isdigit() else None
        if pk not in items:
            raise DomainError(gettext("测评对象 %(key)s 不在本轮测评中") % {"key": key}, field="choices")
        if value not in Choice.values:
            raise DomainError(gettext("「%(name)s」的评价应为 满意、基本满意 或 不满意") % {"name": items[pk].name}, field="choices")
        picked[pk] = value
    unanswered = [item.name for pk, item in items.items() if pk not in picked]
    if unanswered:
        raise DomainError(gettext("请对每个测评对象作出评价，尚未评价：%(names)s") % {"names": '、'.join(unanswered)}, field="choices")
    return picked


@dataclass
class ItemResult:
    item: RatingItem
    counts: dict = field(default_factory=dict)  # choice → count
    comments: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self) -> float | None:
        """满意率: satisfied and basically satisfied over all ballots, as offices count it."""
        if not self.total:
            return None
        return round(100 * (self.counts[Choice.SATISFIED] + self.counts[Choice.BASIC]) / self.total, 1)


@transaction.atomic
def round_close(*, actor: User, round_id) -> RatingRound:
    rnd = round_for_organiser(actor, round_id, lock=True)
    if rnd.state != RoundState.OPEN:
        raise DomainError(gettext("只有测评中的测评可以结束"))
    rnd.state, rnd.closed_on = RoundState.CLOSED, clock.today()
    rnd.save(update_fields=["state", "closed_on"])
    append_event(actor=actor.username, action="rating.round_closed",
                 payload={"round": rnd.pk, "ballots": rnd.ballots.count()})
    if rnd.into_assessment:
        _into_assessment(actor, rnd)
    return rnd


def _into_assessment(actor: User, rnd: RatingRound) -> None:
    for result in _tally(rnd):
        if result.item.unit and result.rate is not None and result.rate < rnd.threshold:
            assessment_entry_record(actor=actor, unit=result.item.unit, code="rating_unsatisfied", on=rnd.closed_on,
                                    reason=f"{rnd.title}：{result.item.name}满意率{result.rate}%",
                                    source=f"rating:{rnd.pk}:item:{result.item.pk}", automatic=True)


def _tally(rnd: RatingRound) -> list[ItemResult]:
    results = {item.pk: ItemResult(item, {c: 0 for c in Choice.values}) for item in rnd.items.all()}
    for choice in BallotChoice.objects.filter(ballot__round=rnd).order_by("pk"):
        result = results[choice.item_id]
        result.counts[choice.choice] += 1
        if choice.comment:
            result.comments.append(choice.comment)
    return list(results.values())


def round_results(*, user: User, round_id) -> list[ItemResult]:
    """Per item: counts and 满意率. Sealed until the round closes, for organisers too."""
    rnd = round_for_reader(user, round_id)
    if rnd.state != RoundState.CLOSED:
        raise DomainError(gettext("测评结束前不公布结果"))
    return _tally(rnd)


def round_turnout(*, user: User, round_id) -> dict:
    """What an organiser may know while the round runs: how many have voted, not how."""
    rnd = round_for_reader(user, round_id)
    voted = rnd.ballots.filter(rater=user).exists()
    return {"raters": rnd.raters.count(), "ballots": rnd.ballots.count(), "voted": voted,
            "may_vote": rnd.state == RoundState.OPEN and not voted and rnd.raters.filter(pk=user.pk).exists()}
