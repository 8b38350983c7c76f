"""The domain: plain functions over a Session. Services never import FastAPI; they raise
the errors in `errors.py`, which the web layer turns into pages."""
