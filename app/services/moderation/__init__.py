"""Moderation: official answers, hiding, pinning, reports, members, and the audit trail."""
