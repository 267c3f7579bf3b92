"""The store's schema as an ordered list of migrations; PRAGMA user_version is the schema version.

A migration is applied once, in its own transaction, in order. A new release appends a migration and never
edits an old one, so a store written by any earlier version can be brought up to date in place.
"""

from __future__ import annotations

import sqlite3

# 'QGRF' as a big-endian integer: marks a SQLite file as a quotegraph store (PRAGMA application_id).
APPLICATION_ID = 0x51475246

_V1 = """
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE stories (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL DEFAULT '',
  first_date TEXT,
  last_date TEXT,
  documents INTEGER NOT NULL DEFAULT 0,
  statements INTEGER NOT NULL DEFAULT 0,
  norm REAL NOT NULL DEFAULT 0
);
CREATE INDEX stories_last_date ON stories(last_date);
CREATE INDEX stories_documents ON stories(documents, last_date);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL UNIQUE,
  title TEXT,
  source TEXT,
  authors TEXT NOT NULL DEFAULT '[]',
  published TEXT,
  date TEXT,
  url TEXT,
  publisher TEXT,
  outlet TEXT,
  language TEXT,
  text TEXT NOT NULL,
  blocks TEXT NOT NULL DEFAULT '[]',
  extractor_version TEXT NOT NULL,
  story INTEGER REFERENCES stories(id),
  ingested_at TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_story ON documents(story, date);

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  named INTEGER NOT NULL,
  norm TEXT NOT NULL,
  surname TEXT,
  given TEXT NOT NULL DEFAULT '',
  descriptors TEXT NOT NULL DEFAULT '[]',
  merged_into INTEGER REFERENCES entities(id),
  mentions INTEGER NOT NULL DEFAULT 0,
  documents INTEGER NOT NULL DEFAULT 0,
  statements INTEGER NOT NULL DEFAULT 0,
  first_date TEXT,
  last_date TEXT
);
CREATE INDEX entities_surname ON entities(surname) WHERE merged_into IS NULL AND surname IS NOT NULL;
CREATE INDEX entities_statements ON entities(statements) WHERE merged_into IS NULL;

CREATE TABLE aliases (
  entity INTEGER NOT NULL REFERENCES entities(id),
  norm TEXT NOT NULL,
  alias TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (entity, norm)
) WITHOUT ROWID;
CREATE INDEX aliases_norm ON aliases(norm);

CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  document INTEGER NOT NULL REFERENCES documents(id),
  local_id TEXT NOT NULL,
  entity INTEGER NOT NULL REFERENCES entities(id),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '[]',
  descriptors TEXT NOT NULL DEFAULT '[]',
  spans TEXT NOT NULL DEFAULT '[]',
  UNIQUE (document, local_id)
);
CREATE INDEX mentions_entity ON mentions(entity, document);

CREATE TABLE statement_groups (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL,
  speaker INTEGER REFERENCES entities(id),
  first_date TEXT,
  first_document INTEGER REFERENCES documents(id),
  statements INTEGER NOT NULL DEFAULT 0,
  documents INTEGER NOT NULL DEFAULT 0,
  outlets INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE statements (
  id INTEGER PRIMARY KEY,
  document INTEGER NOT NULL REFERENCES documents(id),
  local_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  speaker INTEGER REFERENCES entities(id),
  speaker_local TEXT,
  speaker_name TEXT,
  speaker_named INTEGER,
  speaker_text TEXT,
  speaker_start INTEGER,
  speaker_end INTEGER,
  cue_text TEXT,
  cue_lemma TEXT,
  cue_start INTEGER,
  cue_end INTEGER,
  channel TEXT,
  addressee_name TEXT,
  addressee_local TEXT,
  addressee INTEGER REFERENCES entities(id),
  confidence REAL,
  extractor_version TEXT NOT NULL,
  date TEXT,
  text_hash INTEGER NOT NULL,
  group_id INTEGER REFERENCES statement_groups(id),
  UNIQUE (document, local_id)
);
CREATE INDEX statements_speaker ON statements(speaker, date);
CREATE INDEX statements_group ON statements(group_id);
CREATE INDEX statements_date ON statements(date);
CREATE INDEX statements_hash ON statements(text_hash);

CREATE TABLE statement_bands (
  band INTEGER NOT NULL,
  statement INTEGER NOT NULL,
  PRIMARY KEY (band, statement)
) WITHOUT ROWID;

CREATE TABLE story_features (
  feature TEXT NOT NULL,
  story INTEGER NOT NULL,
  weight REAL NOT NULL,
  PRIMARY KEY (feature, story)
) WITHOUT ROWID;
CREATE INDEX story_features_story ON story_features(story);

CREATE TABLE terms (
  term TEXT PRIMARY KEY,
  df INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
  entity INTEGER NOT NULL REFERENCES entities(id),
  other INTEGER REFERENCES entities(id),
  alias TEXT,
  document TEXT,
  note TEXT,
  created_at TEXT NOT NULL
);

CREATE VIRTUAL TABLE statements_fts USING fts5(
  text, content='statements', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
  INSERT INTO statements_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
  INSERT INTO statements_fts(statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
"""

# v2: an exact, case-insensitive outlet filter that can use an index (`outlet LIKE ?` cannot). The key is
# computed in Python (outlet_key), so non-ASCII outlet names fold too; the index also orders by date.
_V2 = """
ALTER TABLE documents ADD COLUMN outlet_key TEXT;
UPDATE documents SET outlet_key = quotegraph_outlet_key(outlet) WHERE outlet IS NOT NULL;
CREATE INDEX documents_outlet_key ON documents(outlet_key, date);
"""

# v3: the act of each statement (speech, thought, finding), and each entity's count of speech statements
# (the speaker lists count what people said). Statements stored before acts existed were all
# listed as things said, so they become 'speech'; re-ingesting their articles into a new store gives their acts.
_V3 = """
ALTER TABLE statements ADD COLUMN act TEXT NOT NULL DEFAULT 'speech';
CREATE INDEX statements_act ON statements(act, date) WHERE act != 'speech';
ALTER TABLE entities ADD COLUMN speech INTEGER NOT NULL DEFAULT 0;
UPDATE entities SET speech = statements;
CREATE INDEX entities_speech ON entities(speech) WHERE merged_into IS NULL;
"""

# v4: reactions, a response statement linked to the statement or speaker it answers, with the cue that
# shows it (offsets in the response's document) and the stance toward the target.
_V4 = """
CREATE TABLE reactions (
  id INTEGER PRIMARY KEY,
  statement INTEGER NOT NULL REFERENCES statements(id),
  document INTEGER NOT NULL REFERENCES documents(id),
  target_statement INTEGER REFERENCES statements(id),
  target_entity INTEGER REFERENCES entities(id),
  cue_text TEXT NOT NULL,
  cue_start INTEGER NOT NULL,
  cue_end INTEGER NOT NULL,
  stance TEXT NOT NULL CHECK (stance IN ('rejects', 'supports', 'other')),
  confidence REAL NOT NULL,
  CHECK (target_statement IS NOT NULL OR target_entity IS NOT NULL)
);
CREATE UNIQUE INDEX reactions_link ON reactions(statement, coalesce(target_statement, 0), coalesce(target_entity, 0));
CREATE INDEX reactions_document ON reactions(document);
CREATE INDEX reactions_target_statement ON reactions(target_statement) WHERE target_statement IS NOT NULL;
CREATE INDEX reactions_target_entity ON reactions(target_entity) WHERE target_entity IS NOT NULL;
"""

# v5: corrections beyond merge and split. Decisions gain kinds (rename, reassign, hide, unhide), the
# statement or name they act on, the last document stored when they were made (undo replays linking up
# to there before applying them) and an undone time. A statement can be hidden (kept, out of every list).
# A mention row keeps the entity the linker gave it (``linked``: undo replays linking and reuses those
# ids), and an alias split cuts the spans under that alias into a piece row (``split_from``: the
# ingested row's local id), the ingested row keeping its record as ingested in ``original``.
_V5 = """
CREATE TABLE decisions_v5 (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename', 'reassign', 'hide', 'unhide')),
  entity INTEGER REFERENCES entities(id),
  other INTEGER REFERENCES entities(id),
  statement INTEGER REFERENCES statements(id),
  alias TEXT,
  document TEXT,
  name TEXT,
  note TEXT,
  after_document INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  undone_at TEXT
);
INSERT INTO decisions_v5 (id, kind, entity, other, alias, document, note, after_document, created_at)
  SELECT id, kind, entity, other, alias, document, note, (SELECT coalesce(max(id), 0) FROM documents),
  created_at FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_v5 RENAME TO decisions;
ALTER TABLE statements ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mentions ADD COLUMN linked INTEGER;
UPDATE mentions SET linked = entity;
ALTER TABLE mentions ADD COLUMN split_from TEXT;
ALTER TABLE mentions ADD COLUMN original TEXT;
CREATE INDEX mentions_split_from ON mentions(document, split_from) WHERE split_from IS NOT NULL;
"""

# v6: the full-text tables declared again with their content table in double quotes. SQLite accepts
# content='statements' too, but Datasette finds a table's FTS index by matching content="statements" (or
# [statements]) in its declaration, and with the single quotes of v1 its search box silently matched every
# row. The triggers name the FTS tables, so they keep working; 'rebuild' re-reads the text from the tables.
# And an index for the addressee filter (`quotes --addressee`).
_V6 = """
DROP TABLE statements_fts;
CREATE VIRTUAL TABLE statements_fts USING fts5(
  text, content="statements", content_rowid="id", tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');
DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, text, content="documents", content_rowid="id", tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
CREATE INDEX statements_addressee ON statements(addressee, date) WHERE addressee IS NOT NULL;
"""

# v7: a speaker's statements newest first, as the statement linker reads them for every new statement of
# that speaker (the fragment check): with only (speaker, date), a speaker with 250,000 statements cost a
# sort of all of them per new statement (0.3-0.6 s in the generated 1,000,000-statement store).
_V7 = """
CREATE INDEX statements_speaker_id ON statements(speaker, id);
"""

# v8: the entities merged into one, as the reaction linker reads them for every article it links (the
# articles that name the same people); without it each lookup scanned the whole entities table.
_V8 = """
CREATE INDEX entities_merged_into ON entities(merged_into) WHERE merged_into IS NOT NULL;
"""

# Which named entities each story's articles mention (and how many mentions), kept exact by triggers
# whatever order articles, mentions and story assignments are written or undone in: the story linker asks
# "does this story mention entity E" of up to 20 stories per article, and over the mentions themselves
# that read every mention of a popular entity (0.07-0.4 s per story on a 1M-statement store).
_V9 = """
CREATE TABLE story_entities (
  story INTEGER NOT NULL,
  entity INTEGER NOT NULL,
  mentions INTEGER NOT NULL,
  PRIMARY KEY (story, entity)
) WITHOUT ROWID;
INSERT INTO story_entities (story, entity, mentions)
  SELECT d.story, m.entity, count(*) FROM mentions m JOIN documents d ON d.id = m.document
  WHERE d.story IS NOT NULL GROUP BY d.story, m.entity;
CREATE TRIGGER mentions_story_ai AFTER INSERT ON mentions BEGIN
  INSERT INTO story_entities (story, entity, mentions)
    SELECT story, NEW.entity, 1 FROM documents WHERE id = NEW.document AND story IS NOT NULL
    ON CONFLICT (story, entity) DO UPDATE SET mentions = mentions + 1;
END;
CREATE TRIGGER mentions_story_ad AFTER DELETE ON mentions BEGIN
  UPDATE story_entities SET mentions = mentions - 1
    WHERE entity = OLD.entity AND story = (SELECT story FROM documents WHERE id = OLD.document);
  DELETE FROM story_entities
    WHERE entity = OLD.entity AND mentions <= 0 AND story = (SELECT story FROM documents WHERE id = OLD.document);
END;
CREATE TRIGGER mentions_story_au AFTER UPDATE OF entity, document ON mentions BEGIN
  UPDATE story_entities SET mentions = mentions - 1
    WHERE entity = OLD.entity AND story = (SELECT story FROM documents WHERE id = OLD.document);
  DELETE FROM story_entities
    WHERE entity = OLD.entity AND mentions <= 0 AND story = (SELECT story FROM documents WHERE id = OLD.document);
  INSERT INTO story_entities (story, entity, mentions)
    SELECT story, NEW.entity, 1 FROM documents WHERE id = NEW.document AND story IS NOT NULL
    ON CONFLICT (story, entity) DO UPDATE SET mentions = mentions + 1;
END;
CREATE TRIGGER documents_story_au AFTER UPDATE OF story ON documents WHEN OLD.story IS NOT NEW.story BEGIN
  UPDATE story_entities
    SET mentions = mentions - (SELECT count(*) FROM mentions m WHERE m.document = NEW.id AND m.entity = story_entities.entity)
    WHERE story = OLD.story AND entity IN (SELECT entity FROM mentions WHERE document = NEW.id);
  DELETE FROM story_entities
    WHERE story = OLD.story AND mentions <= 0 AND entity IN (SELECT entity FROM mentions WHERE document = NEW.id);
  INSERT INTO story_entities (story, entity, mentions)
    SELECT NEW.story, entity, count(*) FROM mentions WHERE document = NEW.id AND NEW.story IS NOT NULL GROUP BY entity
    ON CONFLICT (story, entity) DO UPDATE SET mentions = mentions + excluded.mentions;
END;
CREATE TRIGGER documents_story_ad AFTER DELETE ON documents WHEN OLD.story IS NOT NULL BEGIN
  UPDATE story_entities
    SET mentions = mentions - (SELECT count(*) FROM mentions m WHERE m.document = OLD.id AND m.entity = story_entities.entity)
    WHERE story = OLD.story AND entity IN (SELECT entity FROM mentions WHERE document = OLD.id);
  DELETE FROM story_entities
    WHERE story = OLD.story AND mentions <= 0 AND entity IN (SELECT entity FROM mentions WHERE document = OLD.id);
END;
"""

# v10: which dated documents mention each entity, by date, kept exact by triggers like story_entities: the
# reaction linker looks for the articles within 60 days of one that name its people, nearest first, and over
# the mentions that read every mention of a popular entity and each article's date (0.5 s and more per
# article re-linked on a 1M-statement store); here it is one index range per name.
_V10 = """
CREATE TABLE entity_documents (
  entity INTEGER NOT NULL,
  document INTEGER NOT NULL,
  date TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  PRIMARY KEY (entity, document)
) WITHOUT ROWID;
CREATE INDEX entity_documents_date ON entity_documents(entity, date);
INSERT INTO entity_documents (entity, document, date, mentions)
  SELECT m.entity, m.document, d.date, count(*) FROM mentions m JOIN documents d ON d.id = m.document
  WHERE d.date IS NOT NULL GROUP BY m.entity, m.document;
CREATE TRIGGER mentions_dated_ai AFTER INSERT ON mentions BEGIN
  INSERT INTO entity_documents (entity, document, date, mentions)
    SELECT NEW.entity, NEW.document, date, 1 FROM documents WHERE id = NEW.document AND date IS NOT NULL
    ON CONFLICT (entity, document) DO UPDATE SET mentions = mentions + 1;
END;
CREATE TRIGGER mentions_dated_ad AFTER DELETE ON mentions BEGIN
  UPDATE entity_documents SET mentions = mentions - 1 WHERE entity = OLD.entity AND document = OLD.document;
  DELETE FROM entity_documents WHERE entity = OLD.entity AND document = OLD.document AND mentions <= 0;
END;
CREATE TRIGGER mentions_dated_au AFTER UPDATE OF entity, document ON mentions BEGIN
  UPDATE entity_documents SET mentions = mentions - 1 WHERE entity = OLD.entity AND document = OLD.document;
  DELETE FROM entity_documents WHERE entity = OLD.entity AND document = OLD.document AND mentions <= 0;
  INSERT INTO entity_documents (entity, document, date, mentions)
    SELECT NEW.entity, NEW.document, date, 1 FROM documents WHERE id = NEW.document AND date IS NOT NULL
    ON CONFLICT (entity, document) DO UPDATE SET mentions = mentions + 1;
END;
CREATE TRIGGER documents_dated_au AFTER UPDATE OF date ON documents WHEN OLD.date IS NOT NEW.date BEGIN
  DELETE FROM entity_documents
    WHERE document = NEW.id AND entity IN (SELECT entity FROM mentions WHERE document = NEW.id);
  INSERT INTO entity_documents (entity, document, date, mentions)
    SELECT entity, NEW.id, NEW.date, count(*) FROM mentions WHERE document = NEW.id AND NEW.date IS NOT NULL
    GROUP BY entity
    ON CONFLICT (entity, document) DO UPDATE SET date = excluded.date, mentions = excluded.mentions;
END;
CREATE TRIGGER documents_dated_ad AFTER DELETE ON documents BEGIN
  DELETE FROM entity_documents
    WHERE document = OLD.id AND entity IN (SELECT entity FROM mentions WHERE document = OLD.id);
END;
"""

# v11: each story's count of shown statements kept exact by triggers, as story_entities is: refreshing a
# story counted every statement of every article in it, 0.8 s a batch for the biggest story of the 1M-statement
# benchmark store (60k articles). The count holds for any one-row change: a statement written, removed, hidden
# or shown, or moved; an article moved between stories, renumbered or removed; a story row made (anew, for an
# id articles still name).
_SHOWN = "(SELECT count(*) FROM statements WHERE document = {doc} AND NOT hidden)"
_V11 = f"""
CREATE TRIGGER statements_story_ai AFTER INSERT ON statements WHEN NOT NEW.hidden BEGIN
  UPDATE stories SET statements = statements + 1 WHERE id = (SELECT story FROM documents WHERE id = NEW.document);
END;
CREATE TRIGGER statements_story_ad AFTER DELETE ON statements WHEN NOT OLD.hidden BEGIN
  UPDATE stories SET statements = statements - 1 WHERE id = (SELECT story FROM documents WHERE id = OLD.document);
END;
CREATE TRIGGER statements_story_au AFTER UPDATE OF hidden, document ON statements
WHEN OLD.hidden IS NOT NEW.hidden OR OLD.document IS NOT NEW.document BEGIN
  UPDATE stories SET statements = statements - (NOT OLD.hidden)
    WHERE id = (SELECT story FROM documents WHERE id = OLD.document);
  UPDATE stories SET statements = statements + (NOT NEW.hidden)
    WHERE id = (SELECT story FROM documents WHERE id = NEW.document);
END;
CREATE TRIGGER documents_statements_ai AFTER INSERT ON documents WHEN NEW.story IS NOT NULL BEGIN
  UPDATE stories SET statements = statements + {_SHOWN.format(doc="NEW.id")} WHERE id = NEW.story;
END;
CREATE TRIGGER documents_statements_au AFTER UPDATE OF story, id ON documents
WHEN OLD.story IS NOT NEW.story OR OLD.id IS NOT NEW.id BEGIN
  UPDATE stories SET statements = statements - {_SHOWN.format(doc="OLD.id")} WHERE id = OLD.story;
  UPDATE stories SET statements = statements + {_SHOWN.format(doc="NEW.id")} WHERE id = NEW.story;
END;
CREATE TRIGGER documents_statements_ad AFTER DELETE ON documents WHEN OLD.story IS NOT NULL BEGIN
  UPDATE stories SET statements = statements - {_SHOWN.format(doc="OLD.id")} WHERE id = OLD.story;
END;
CREATE TRIGGER stories_statements_ai AFTER INSERT ON stories BEGIN
  UPDATE stories SET statements = (SELECT count(*) FROM statements st JOIN documents d ON d.id = st.document
    WHERE d.story = NEW.id AND NOT st.hidden) WHERE id = NEW.id;
END;
UPDATE stories SET statements = (SELECT count(*) FROM statements st JOIN documents d ON d.id = st.document
  WHERE d.story = stories.id AND NOT st.hidden);
"""

# Index i holds the script that takes the store from version i to version i + 1.
MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11]
SCHEMA_VERSION = len(MIGRATIONS)


def outlet_key(outlet: str | None) -> str | None:
    """The outlet as filters compare it: case-folded, whitespace collapsed ('Le  Monde' == 'le monde')."""
    if outlet is None:
        return None
    return " ".join(outlet.casefold().split()) or None


def migrate(conn: sqlite3.Connection, current: int) -> None:
    """Apply every migration after ``current`` (DDL is transactional in SQLite).

    A new store (version 0) is built in one transaction: a reader that opens it while it is being made
    sees either no tables or the whole schema, never v1's full-text table that v6 drops and declares again
    (a reader caught between the two failed with "vtable constructor failed"). An existing store takes one
    transaction per step, so a long step (v6's rebuild) keeps what the earlier ones did. The version is read
    again under the write lock: another process may have migrated (or created) the store between our first
    look and the lock, and its steps must not be applied twice."""
    conn.create_function("quotegraph_outlet_key", 1, outlet_key, deterministic=True)
    steps = (
        [range(0, SCHEMA_VERSION)]
        if current == 0
        else [range(v, v + 1) for v in range(current, SCHEMA_VERSION)]
    )
    for step in steps:
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            for version in step:
                if found > version:
                    continue
                for statement in _split(MIGRATIONS[version]):
                    conn.execute(statement)
            if found < step.stop:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {step.stop}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _split(script: str) -> list[str]:
    """Statements of a script, keeping trigger bodies (which hold ';') whole."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
