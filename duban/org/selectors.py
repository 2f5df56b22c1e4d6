"""Reads of the directory every layer above asks: a user's memberships, loaded once per request."""
from duban.org.models import Membership, User


def memberships_of(user: User) -> list[Membership]:
    cached = getattr(user, "_duban_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("unit")) if user.is_authenticated else []
        user._duban_memberships = cached
    return cached
