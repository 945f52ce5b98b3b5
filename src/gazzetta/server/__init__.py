"""Serving: the production server command, health check and static files."""
