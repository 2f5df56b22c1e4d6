"""Reads on a PostgreSQL streaming replica (DATABASE_REPLICA_URL): the router, the health check and
the middleware that decides, per request, whether its reads may go there. See docs/scale.md."""
