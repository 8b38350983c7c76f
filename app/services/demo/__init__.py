"""The demo inquiry that `commonground seed-demo` loads."""
