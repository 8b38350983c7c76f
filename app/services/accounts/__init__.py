"""Members' accounts: joining, signing in, sessions, one-time links by mail, roles."""
