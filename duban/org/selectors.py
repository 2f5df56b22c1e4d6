"""Reads of the directory every layer above asks: a user's memberships, loaded once per request."""
from django.db import router
from django.db.models import Prefetch, QuerySet

from duban.core.prepared import OneValueQuery, field_names
from duban.org.models import Membership, Unit, User


def memberships_of(user: User) -> list[Membership]:
    cached = getattr(user, "_duban_memberships", None)
    if cached is None:
        cached = _memberships(user) if user.is_authenticated else []
        user._duban_memberships = cached
    return cached


# Every request of a signed-in user asks: the statement is built once per process (core.prepared).
_MEMBERSHIPS = OneValueQuery(lambda user_id: Membership.objects.filter(user_id=user_id).order_by("pk").values_list(
    *field_names(Membership), *(f"unit__{name}" for name in field_names(Unit))))


def _memberships(user: User) -> list[Membership]:
    """`user.memberships.select_related("unit")`, as the ORM builds them."""
    db, own, unit = router.db_for_read(Membership), field_names(Membership), field_names(Unit)
    found = []
    for values in _MEMBERSHIPS.rows(user.pk):
        membership = Membership.from_db(db, own, values[:len(own)])
        membership.unit, membership.user = Unit.from_db(db, unit, values[len(own):]), user
        found.append(membership)
    return found


def with_memberships(users: QuerySet[User]) -> QuerySet[User]:
    """`users` with their memberships and units in two queries. Not `prefetch_related("memberships__unit")`:
    Django fetches a foreign key's rows with one `id = %s OR ...` per unit, which SQLite refuses past a
    thousand (a province's directory has thousands of users)."""
    return users.prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("unit")))
