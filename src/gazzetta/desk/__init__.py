"""The desk: what editors and operators do beyond editing rows (publishing, history, sources' health)."""
