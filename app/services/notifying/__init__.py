"""Telling members: follows, notifications, the mail they cause, the outbox, feeds."""
