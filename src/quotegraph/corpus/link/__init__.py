"""Linking across articles: entities, statement groups, stories."""
