"""Reads of the directory every layer above asks: a user's memberships, loaded once per request."""
from django.db.models import Prefetch, QuerySet

from duban.org.models import Membership, User


def memberships_of(user: User) -> list[Membership]:
    cached = getattr(user, "_duban_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("unit")) if user.is_authenticated else []
        user._duban_memberships = cached
    return cached


def with_memberships(users: QuerySet[User]) -> QuerySet[User]:
    """`users` with their memberships and units in two queries. Not `prefetch_related("memberships__unit")`:
    Django fetches a foreign key's rows with one `id = %s OR ...` per unit, which SQLite refuses past a
    thousand (a province's directory has thousands of users)."""
    return users.prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("unit")))
