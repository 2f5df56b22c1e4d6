"""Send a request's reads to the replica, and everything else to the primary.

Reads go to the replica only when the middleware allowed it for the current request (a GET from a
user who has not written in the last few seconds) and the replica answers its health check. Work
outside a request (the worker, the command line, import threads) and every read inside a
transaction stays on the primary, so a service never decides on data older than what it writes.
"""
import contextvars
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
PRIMARY = "default"

# Set by ReplicaReadsMiddleware for the duration of one request; unset means "primary".
reads_on_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("reads_on_replica", default=False)


def configured() -> bool:
    return REPLICA in connections.settings


class _Health:
    """Whether the replica answers, checked at most once every few seconds per process: a fresh
    connection with a short connect timeout, so a dead replica costs one slow check, not every read."""

    def __init__(self):
        self._lock = threading.Lock()
        self._checked = float("-inf")
        self._up = False

    def up(self) -> bool:
        ttl = getattr(settings, "DUBAN_REPLICA_CHECK_SECONDS", 5)
        if time.monotonic() - self._checked < ttl:
            return self._up
        with self._lock:
            if time.monotonic() - self._checked >= ttl:
                self._up = self.probe()
                self._checked = time.monotonic()
        return self._up

    @staticmethod
    def probe() -> bool:
        wrapper = connections[REPLICA]
        try:  # the driver's own errors, not Django's wrappers, come out of a raw connection
            raw = wrapper.get_new_connection(wrapper.get_connection_params())
        except (DatabaseError, wrapper.Database.Error):
            return False
        try:
            with raw.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except wrapper.Database.Error:
            return False
        finally:
            raw.close()

    def mark_down(self) -> None:
        with self._lock:
            self._up, self._checked = False, time.monotonic()

    def forget(self) -> None:
        with self._lock:
            self._checked = float("-inf")


health = _Health()


def replica_for_reads() -> bool:
    if not (reads_on_replica.get() and configured()):
        return False
    if connections[PRIMARY].in_atomic_block:  # a service's own reads see its own transaction
        return False
    return health.up()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if replica_for_reads() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there may point at one read here.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None} or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
