"""One env-driven settings file: SQLite under DUBAN_HOME by default, PostgreSQL by DATABASE_URL."""
import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DUBAN_HOME = Path(os.environ.get("DUBAN_HOME", BASE_DIR / "var")).resolve()
DUBAN_HOME.mkdir(parents=True, exist_ok=True)
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
ALLOWED_HOSTS = os.environ.get("DUBAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

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
    "duban.web",
    "duban.api",
    "duban.preferences",
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
# Reads on a streaming replica (docs/scale.md): GET requests read there, everything else on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    # a dead replica must not hang a page
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2, **DATABASES["replica"].get("OPTIONS", {})}
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
