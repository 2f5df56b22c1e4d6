"""LDAP / Active Directory sign-in (django-auth-ldap): the directory checks the password; the OU
the person's entry sits in names the unit, the groups it belongs to name the roles."""
import ldap
from django.conf import settings
from django_auth_ldap.backend import LDAPBackend

from duban.sso.directory import sso_user_place


def unit_from_dn(dn: str) -> str | None:
    """The nearest OU above the entry: uid=wang,ou=区审计局,ou=钱塘区,dc=… → 区审计局."""
    for rdn in ldap.dn.str2dn(dn):
        for attribute, value, _flags in rdn:
            if attribute.lower() == "ou":
                return value
    return None


def roles_from_groups(group_dns) -> list[str]:
    wanted = {dn.lower(): role for role, dn in getattr(settings, "DUBAN_LDAP_ROLE_GROUPS", {}).items()}
    roles = [wanted[dn.lower()] for dn in group_dns if dn.lower() in wanted]
    default = getattr(settings, "DUBAN_LDAP_DEFAULT_ROLE", "")
    return roles or ([default] if default else [])


class DubanLDAPBackend(LDAPBackend):
    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is None:
            return None
        placed = sso_user_place(user=user, unit_name=unit_from_dn(ldap_user.dn),
                                roles=roles_from_groups(ldap_user.group_dns), source="ldap")
        if placed is None and not user.memberships.exists() and not user.has_usable_password():
            user.delete()  # made by this refused sign-in alone: no account for a person we cannot place
        return placed
