"""The public reading site: editions, sections, stories and article pages."""
