"""Per-article extraction: read -> clean -> analyze -> attribute -> resolve, run by the pipeline."""
