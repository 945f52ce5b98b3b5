"""API tokens: created in the admin, stored hashed, scoped, shown once."""
