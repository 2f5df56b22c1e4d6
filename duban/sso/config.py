"""Settings for single sign-on, from the environment. Each backend joins the local passwords (which
stay, for the demo and a break-glass admin) only when its server is configured."""
import json
import urllib.parse

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _backends(current: list[str] | None, extra: str) -> list[str]:
    backends = list(current or [MODEL_BACKEND])
    return backends if extra in backends else [*backends, extra]


def ldap_settings(env, current: list[str] | None) -> dict:
    if not env.get("DUBAN_LDAP_URI"):
        return {}
    import ldap
    from django_auth_ldap.config import GroupOfNamesType, LDAPSearch

    base = env["DUBAN_LDAP_USER_BASE"]
    return {
        "AUTHENTICATION_BACKENDS": _backends(current, "duban.sso.ldap.DubanLDAPBackend"),
        "AUTH_LDAP_SERVER_URI": env["DUBAN_LDAP_URI"],
        "AUTH_LDAP_BIND_DN": env.get("DUBAN_LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": env.get("DUBAN_LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": env.get("DUBAN_LDAP_START_TLS", "") == "1",
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(base, ldap.SCOPE_SUBTREE, env.get("DUBAN_LDAP_USER_FILTER", "(uid=%(user)s)")),
        "AUTH_LDAP_USER_ATTR_MAP": {"display_name": "cn", "email": "mail"},
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(env.get("DUBAN_LDAP_GROUP_BASE", base), ldap.SCOPE_SUBTREE,
                                             "(objectClass=groupOfNames)"),
        "AUTH_LDAP_GROUP_TYPE": GroupOfNamesType(),
        "DUBAN_LDAP_ROLE_GROUPS": json.loads(env.get("DUBAN_LDAP_ROLE_GROUPS", "{}")),
        "DUBAN_LDAP_DEFAULT_ROLE": env.get("DUBAN_LDAP_DEFAULT_ROLE", ""),
    }


def oidc_settings(env, current: list[str] | None) -> dict:
    if not env.get("DUBAN_OIDC_ISSUER"):
        return {}
    issuer = env["DUBAN_OIDC_ISSUER"].rstrip("/")
    return {
        "AUTHENTICATION_BACKENDS": _backends(current, "duban.sso.oidc.DubanOIDCBackend"),
        "OIDC_RP_CLIENT_ID": env["DUBAN_OIDC_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": env["DUBAN_OIDC_CLIENT_SECRET"],
        "OIDC_RP_SIGN_ALGO": env.get("DUBAN_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": env.get("DUBAN_OIDC_SCOPES", "openid email profile"),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": env.get("DUBAN_OIDC_AUTHORIZATION_ENDPOINT", f"{issuer}/auth"),
        "OIDC_OP_TOKEN_ENDPOINT": env.get("DUBAN_OIDC_TOKEN_ENDPOINT", f"{issuer}/token"),
        "OIDC_OP_USER_ENDPOINT": env.get("DUBAN_OIDC_USERINFO_ENDPOINT", f"{issuer}/me"),
        "OIDC_OP_JWKS_ENDPOINT": env.get("DUBAN_OIDC_JWKS_ENDPOINT", f"{issuer}/jwks"),
        "DUBAN_OIDC_END_SESSION_ENDPOINT": env.get("DUBAN_OIDC_END_SESSION_ENDPOINT", f"{issuer}/session/end"),
        "OIDC_STORE_ID_TOKEN": True,  # the provider's sign-out needs it as id_token_hint
        "OIDC_OP_LOGOUT_URL_METHOD": "duban.sso.oidc.provider_logout_url",
        "OIDC_CREATE_USER": env.get("DUBAN_OIDC_CREATE_USERS", "") == "1",
        "DUBAN_OIDC_MATCH_CLAIM": env.get("DUBAN_OIDC_MATCH_CLAIM", "preferred_username"),
        "DUBAN_OIDC_MATCH_FIELD": env.get("DUBAN_OIDC_MATCH_FIELD", "username"),
        "DUBAN_OIDC_UNIT_CLAIM": env.get("DUBAN_OIDC_UNIT_CLAIM", "unit"),
        "DUBAN_OIDC_ROLE": env.get("DUBAN_OIDC_ROLE", "liaison"),
        "LOGIN_REDIRECT_URL": "/",
        "LOGOUT_REDIRECT_URL": "/",
    }


def sso_settings(env, current: dict) -> dict:
    """What settings.py adds: LDAP's and OIDC's settings, each backend appended after those present."""
    found = ldap_settings(env, current.get("AUTHENTICATION_BACKENDS"))
    found.update(oidc_settings(env, found.get("AUTHENTICATION_BACKENDS", current.get("AUTHENTICATION_BACKENDS"))))
    if env.get("DUBAN_OIDC_ISSUER") and current.get("CONTENT_SECURITY_POLICY"):
        found["CONTENT_SECURITY_POLICY"] = provider_may_be_sent_to(current["CONTENT_SECURITY_POLICY"],
                                                                   env["DUBAN_OIDC_ISSUER"])
    return found


def provider_may_be_sent_to(policy: dict, issuer: str) -> dict:
    """The sign-in and sign-out forms redirect the browser to the identity provider: the policy's
    form-action must name its origin, or the browser stops the redirect."""
    parts = urllib.parse.urlsplit(issuer)
    directives = {**policy["DIRECTIVES"]}
    directives["form-action"] = [*directives.get("form-action", ["'self'"]), f"{parts.scheme}://{parts.netloc}"]
    return {**policy, "DIRECTIVES": directives}
