"""One env-driven settings file: SQLite under DUBAN_HOME by default, PostgreSQL by DATABASE_URL."""
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
    "duban.web",
    "duban.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "duban.web.busy.BusyDatabaseMiddleware",  # a busy database answers 503 + Retry-After, not 500
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
