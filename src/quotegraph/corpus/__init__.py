"""The corpus: ingest extraction records into the store and link them across articles."""
