"""Idea pages: lists, proposing, the idea page, votes and the debate, and theme pages."""
