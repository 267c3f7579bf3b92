"""Cleaning: boilerplate out, metadata in; plain text (``text``) and HTML pages (``webpage``)."""
