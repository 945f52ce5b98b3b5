"""Full text search over visible articles: one interface, an engine per database (see backends/)."""
