"""Scale: the per-article stages on a Dask cluster, writing a partitioned Parquet dataset."""
