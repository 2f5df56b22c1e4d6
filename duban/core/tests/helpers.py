"""Settings read in a fresh interpreter, as `duban` reads them at start: for the tests of what the
environment's variables make of the database settings."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()\n"
PG_URL = "postgres://duban@127.0.0.1:5432/duban"  # read into settings only, never connected to


def run_python(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    """`code` run by a fresh interpreter with this environment and `env` (a variable given None is left out)."""
    environ = {**os.environ, "DUBAN_HOME": str(tmp_path), "PYTHONPATH": str(ROOT), **env}
    environ = {name: value for name, value in environ.items() if value is not None}
    return subprocess.run([sys.executable, "-c", code], env=environ, cwd=ROOT, capture_output=True, text=True)
