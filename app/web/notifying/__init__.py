"""Following, notifications and their settings, unsubscribing, and the Atom feeds."""
