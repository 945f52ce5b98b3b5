"""Ingest: bytes from wires, feeds, pages and editors become stored articles."""
