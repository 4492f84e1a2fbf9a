"""API tokens: create, authenticate, revoke."""
