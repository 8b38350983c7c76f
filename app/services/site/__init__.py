"""The site itself: its pages that build trust, its settings, and its first admin."""
