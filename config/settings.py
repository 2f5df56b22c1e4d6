"""One env-driven settings file: SQLite under DUBAN_HOME by default, PostgreSQL by DATABASE_URL."""
import datetime
import json
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DUBAN_HOME = Path(os.environ.get("DUBAN_HOME", BASE_DIR / "var")).resolve()
DUBAN_HOME.mkdir(parents=True, exist_ok=True, mode=0o700)
MEDIA_ROOT = DUBAN_HOME / "files"  # evidence lives outside any web root, served through access checks



def _secret_key() -> str:
    """DUBAN_SECRET_KEY, else one made at random on first start and kept under DUBAN_HOME, so no
    installation signs its sessions with a key anyone could read in the source."""
    if os.environ.get("DUBAN_SECRET_KEY"):
        return os.environ["DUBAN_SECRET_KEY"]
    import secrets
    import time

    keyfile = DUBAN_HOME / "secret_key"
    try:  # O_EXCL: of two processes starting at once, exactly one writes the key
        fd = os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(50))
    for _ in range(50):
        key = keyfile.read_text().strip()
        if key:
            return key
        time.sleep(0.01)
    raise RuntimeError(f"{keyfile} is empty: delete it or set DUBAN_SECRET_KEY")


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DUBAN_DEBUG", "") == "1"
# `testserver` is added by the test runner itself; a real installation never answers to it.
ALLOWED_HOSTS = os.environ.get("DUBAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "duban.core",
    "duban.org",
    "duban.tasks",
    "duban.supervision",
    "duban.ledger",
    "duban.intake",
    "duban.ratings",
    "duban.cases",
    "duban.decisions",
    "duban.audit",
    "duban.inspection",
    "duban.analytics",
    "duban.web",
    "duban.api",
    "duban.preferences",
    "duban.orgchart",
    "axes",  # sign-in lockout (duban/web/signin.py); its tables come with `migrate`
    "duban.tallies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "duban.replica.middleware.ReplicaReadsMiddleware",  # reads of GET requests may go to the replica
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "duban.web.middleware.UploadLimit",
    "duban.web.middleware.PrivatePages",
    "duban.web.busy.BusyDatabaseMiddleware",  # a busy database answers 503 + Retry-After, not 500
    "axes.middleware.AxesMiddleware",  # last, as axes asks: a locked sign-in's page (duban/web/signin.py)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.web.context.nav",  # side navigation with the current page marked
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DUBAN_HOME / 'duban.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers queue instead of failing at once when the worker and the web write together.
    # WAL lets pages read while the worker writes; synchronous=NORMAL is durable across process
    # crashes in WAL mode and makes each commit one write instead of several fsyncs.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20, "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# PostgreSQL plans duban's sessions for data in memory or on SSDs (docs/operating.md): the server's
# default random_page_cost (4, for spinning disks) makes it hash a whole table where a page wants a
# few dozen rows by index. DUBAN_PG_RANDOM_PAGE_COST= (empty) keeps the server's own setting, as a
# pooler that refuses startup options (PgBouncer) needs.
PG_RANDOM_PAGE_COST = os.environ.get("DUBAN_PG_RANDOM_PAGE_COST", "1.1").strip()
if PG_RANDOM_PAGE_COST and not re.fullmatch(r"\d{1,3}(\.\d{1,3})?", PG_RANDOM_PAGE_COST):
    raise ImproperlyConfigured(f"DUBAN_PG_RANDOM_PAGE_COST={PG_RANDOM_PAGE_COST!r}: a number such as 1.1, or empty")
# The few statements every request runs with another value (duban.core.prepared) are prepared on the
# server once per session. DUBAN_PG_PREPARED=0 turns that off, for a pooler that hands a session's
# statements to another client (PgBouncer before 1.21 in transaction mode). Django's own statements
# are never prepared either way: psycopg prepares only what duban.core.prepared asks it to.
PG_PREPARED = os.environ.get("DUBAN_PG_PREPARED", "1").strip()
if PG_PREPARED not in ("0", "1"):
    raise ImproperlyConfigured(f"DUBAN_PG_PREPARED={PG_PREPARED!r}: 1 (prepare, the default) or 0")


def _duban_sessions(database: dict) -> dict:
    """The database's settings with duban's planner cost added to its sessions' startup options, and
    prepared statements allowed where duban.core.prepared asks for them."""
    if not database["ENGINE"].endswith("postgresql"):
        return database
    options = database.setdefault("OPTIONS", {})
    if PG_RANDOM_PAGE_COST:
        options["options"] = f"{options.get('options', '')} -c random_page_cost={PG_RANDOM_PAGE_COST}".strip()
    if PG_PREPARED == "1":
        # psycopg prepares a statement when asked or after this many runs; only the cursors of
        # duban.core.prepared ask, and Django's (client-side binding) never prepare.
        options.setdefault("prepare_threshold", 2**31 - 1)
    return database


_duban_sessions(DATABASES["default"])
# Reads on a streaming replica (docs/scale.md): GET requests read there, everything else on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    # a dead replica must not hang a page
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2, **DATABASES["replica"].get("OPTIONS", {})}
    _duban_sessions(DATABASES["replica"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["duban.replica.router.ReplicaRouter"]
DUBAN_REPLICA_PIN_SECONDS = int(os.environ.get("DUBAN_REPLICA_PIN_SECONDS", "10"))  # own writes read on the primary
DUBAN_REPLICA_CHECK_SECONDS = 5  # how long one health check of the replica is trusted

AUTH_USER_MODEL = "org.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "/login/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "duban" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DUBAN_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Served by WhiteNoise from the app folders too, so a run without collectstatic still has its assets.
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"duban": {"handlers": ["console"], "level": os.environ.get("DUBAN_LOG_LEVEL", "WARNING")}},
}

# Notifications: the outbox sends mail through this SMTP server (see docs/operating.md).
EMAIL_HOST = os.environ.get("DUBAN_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DUBAN_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DUBAN_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DUBAN_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DUBAN_SMTP_TLS", "") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DUBAN_MAIL_FROM", "duban@localhost")

# Stand-ins for the typefaces GB/T 9704 names (duban/supervision/docs.py); an office with the real
# fonts installed names them here.
DUBAN_DOCUMENT_FONTS = json.loads(os.environ.get("DUBAN_DOCUMENT_FONTS") or "{}")
# Scripts only from our own static files: no inline script, no eval, nothing from elsewhere, so a
# value that slips past escaping still cannot run. Styles stay inline-capable: ECharts and htmx
# position their tooltips and indicators with style attributes, which run no code.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"], "object-src": ["'none'"], "base-uri": ["'self'"],
    "form-action": ["'self'"], "frame-ancestors": ["'none'"],
}}

# The dates anyone may enter (deadlines, milestones, extensions, holidays): an administrator widens
# or narrows them here; a date outside is refused everywhere with a message naming the range.
DUBAN_DATE_MIN = datetime.date.fromisoformat(os.environ.get("DUBAN_DATE_MIN", "2000-01-01"))
DUBAN_DATE_YEARS_AHEAD = int(os.environ.get("DUBAN_DATE_YEARS_AHEAD", "10"))

# Chat robots may post only to public addresses; list here (comma-separated host names, addresses or
# networks such as 10.8.0.0/16) an intranet gateway the outbox may reach all the same.
DUBAN_WEBHOOK_ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DUBAN_WEBHOOK_ALLOWED_HOSTS", "").split(",") if h.strip()]

# Everything under DUBAN_HOME (the database with its session keys, evidence, exports, the secret
# key) is for this system's own account: the folder 0700, files made from now on 0600.
os.umask(0o077)
try:
    DUBAN_HOME.chmod(0o700)
    for _made_before in DUBAN_HOME.glob("duban.sqlite3*"):
        _made_before.chmod(0o600)
except PermissionError:  # a folder owned by someone else: theirs to tighten (docs/operating.md)
    pass

# The largest request body accepted (a 100 MB ledger and its form); past it, a Chinese 413 unread.
DUBAN_MAX_UPLOAD_BYTES = 128 * 1024 * 1024

# Behind HTTPS (docs/operating.md): browsers told to use nothing else (HSTS), cookies sent only
# over TLS, and the proxy's X-Forwarded-Proto trusted to say the request came in over HTTPS.
if os.environ.get("DUBAN_HTTPS", "") == "1":
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other hosts of the same domain are not ours to pin
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("DUBAN_HTTPS_REDIRECT", "1") == "1"

# Invitations from the org chart import: the link's host and how long it stays valid.
DUBAN_BASE_URL = os.environ.get("DUBAN_BASE_URL", "http://127.0.0.1:8000")
DUBAN_INVITE_DAYS = int(os.environ.get("DUBAN_INVITE_DAYS", "7"))

# Sign-in lockout by django-axes (duban/web/signin.py, docs/operating.md): its gate first, then
# the local passwords; single sign-on below appends its own backends after these.
AUTHENTICATION_BACKENDS = ["duban.web.signin.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]  # one count per username, from every address together
AXES_COOLOFF_TIME = "duban.web.signin.cool_off"  # 15 minutes, doubled per further five failures
AXES_USE_ATTEMPT_EXPIRATION = True  # each user's failures expire by their own lock, not another's
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # guesses during a lock neither count nor extend it
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the failures of the last day make the next lock longer
AXES_USERNAME_CALLABLE = "duban.web.signin.username_key"
AXES_CLIENT_IP_CALLABLE = "duban.web.signin.client_ip"  # X-Forwarded-For only from DUBAN_TRUSTED_PROXIES
AXES_LOCKOUT_CALLABLE = "duban.web.signin.lockout_response"  # the page asked for, in Chinese
# Axes warns that a lock by username alone could be dodged by rotating addresses or browsers; it
# cannot: every address's and browser's failures for the name are added together.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Single sign-on (docs/operating.md): LDAP and OpenID Connect backends join the local passwords
# only when DUBAN_LDAP_URI or DUBAN_OIDC_ISSUER is set; appended after any backends listed above.
from duban.sso.config import sso_settings  # noqa: E402

globals().update(sso_settings(os.environ, globals()))

# The event log's key (HMAC of the chain), outside the database and out of backups unless asked.
DUBAN_LOG_KEY_FILE = os.environ.get("DUBAN_LOG_KEY_FILE", str(DUBAN_HOME / "log.key"))
# Who receives the log's daily checkpoint from the worker: mail addresses, and ids of chat robots.
DUBAN_CHECKPOINT_MAIL = [a for a in os.environ.get("DUBAN_CHECKPOINT_MAIL", "").split(",") if a.strip()]
DUBAN_CHECKPOINT_ROBOTS = [int(i) for i in os.environ.get("DUBAN_CHECKPOINT_ROBOTS", "").split(",") if i.strip()]

# Passwords: at least 10 characters, not a common one, not close to the user's name, not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "display_name", "email")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# API tokens run out after this many days unless issued with another lifetime.
DUBAN_API_TOKEN_DAYS = int(os.environ.get("DUBAN_API_TOKEN_DAYS", "90"))
# Reverse proxies whose X-Forwarded-For is believed (their own addresses), e.g. "127.0.0.1".
DUBAN_TRUSTED_PROXIES = [a.strip() for a in os.environ.get("DUBAN_TRUSTED_PROXIES", "").split(",") if a.strip()]
