"""Statistics for the database's query planner.

SQLite never gathers them on its own. Without them it guesses, and it may read a province's red
tasks through the lights' indexes instead of one district's through the lead-unit index: at
100,000 tasks a district's task list took 150 ms that way against 10 ms with statistics. The daily
sweep refreshes them. `analysis_limit` makes ANALYZE sample each index instead of reading it
whole, so the refresh costs milliseconds at a million rows. PostgreSQL's autovacuum keeps its own
statistics.
"""
from django.db import connection

SAMPLED_ROWS = 1000


def refresh_planner_statistics() -> bool:
    """ANALYZE on SQLite, sampling each index; nothing on PostgreSQL. Says whether it ran."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={SAMPLED_ROWS}")
        cursor.execute("ANALYZE")
    return True
