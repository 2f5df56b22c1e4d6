"""The directory the event log attests: the unit tree, who holds which role where, and the accounts.

Attested by every `unit.*` and `user.*` event; a role granted or an account revived in the database
behind the system's back no longer matches the last such event.
"""
from duban.core.attest import Scope
from duban.org.models import Membership, Unit, User

LABELS = {"units": "单位树", "memberships": "用户角色", "accounts": "用户账号"}


def org_parts() -> dict:
    return {
        "units": list(Unit.objects.order_by("pk").values_list("pk", "name", "short_name", "kind", "parent_id", "path")),
        "memberships": list(Membership.objects.order_by("user_id", "unit_id", "role")
                            .values_list("user_id", "unit_id", "role")),
        # Not the password hash: Django rewrites it by itself when it upgrades the hashing.
        "accounts": list(User.objects.order_by("pk").values_list("pk", "username", "is_active", "is_superuser",
                                                                "is_staff")),
    }


ORG_SCOPE = Scope(name="org", labels=LABELS, parts=org_parts, actions=("unit.", "user."))
