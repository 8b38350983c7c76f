"""Inquiry rounds: a question put to the sector for a time window, and the answer the
organisers publish after it (Decidim's participatory processes, Pol.is's conversations
with a report).

- state.py: a round's state, derived from its dates (draft, open, closed, reported), and
  the one rule that says whether an idea's totals are hidden;
- curation.py: what moderators do to a round (create, edit, open early, extend, close,
  publish the report), each audited;
- reading.py: rounds and their ideas as pages show them;
- report.py: the published report's figures, recounted from the tables;
- notices.py: the mail a round sends (opened, closing soon, report published).
"""
