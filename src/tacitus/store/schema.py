"""Schema migrations, as registered functions applied in order.

Each migration is a function taking the open connection; ``@migration`` registers it under
its function name. :func:`apply_migrations` runs, inside one transaction each, the ones not
yet listed in the ``migrations`` table, so re-opening a database applies only new ones.
Never edit or reorder a released migration: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration, named after the function."""
    name = fn.__name__
    if any(n == name for n, _ in MIGRATIONS):
        raise ValueError(f"migration {name!r} is registered twice")
    MIGRATIONS.append((name, fn))
    return fn


def run_script(conn: sqlite3.Connection, sql: str) -> None:
    """Execute ``sql`` statement by statement.

    ``executescript`` would commit the surrounding transaction; this does not, so a
    migration stays atomic. Statements are split with ``sqlite3.complete_statement``,
    which keeps trigger bodies (``BEGIN ... END;``) whole.
    """
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            conn.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement: {buf.strip()[:80]!r}")


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- migrations ------------------------------------------------------------------------


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        -- seq is an explicit rowid so articles_fts (external content) survives VACUUM;
        -- id (Article.id) is the key every other table references.
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            content_hash TEXT UNIQUE,
            source TEXT,
            url TEXT,
            title TEXT,
            publisher TEXT,
            byline TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            paragraphs TEXT NOT NULL DEFAULT '[]',
            metadata TEXT NOT NULL DEFAULT '{}',
            removed TEXT NOT NULL DEFAULT '[]',
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles(published);

        CREATE TABLE rejections (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            content_hash TEXT,
            at TEXT NOT NULL
        );

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            type TEXT NOT NULL,
            date TEXT,
            date_end TEXT,
            date_precision TEXT NOT NULL DEFAULT 'unknown',
            country TEXT,
            place TEXT,
            place_precision TEXT NOT NULL DEFAULT 'unknown',
            latitude REAL,
            longitude REAL,
            killed_min INTEGER,
            killed_max INTEGER,
            injured_min INTEGER,
            injured_max INTEGER,
            targets TEXT NOT NULL DEFAULT '[]',
            victims TEXT NOT NULL DEFAULT '[]',
            weapons TEXT NOT NULL DEFAULT '[]',
            aggregate INTEGER NOT NULL DEFAULT 0,
            summary TEXT,
            confidence REAL,
            UNIQUE (article_id, key)
        );
        CREATE INDEX events_date ON events(date);
        CREATE INDEX events_country ON events(country COLLATE NOCASE);
        CREATE INDEX events_type ON events(type);

        CREATE TABLE event_sources (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (event_id, article_id)
        );
        CREATE INDEX event_sources_article ON event_sources(article_id);

        CREATE TABLE actors (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT,
            role TEXT,
            organisation TEXT,
            country TEXT
        );

        -- which articles mention an actor, and how sure the extractor was
        CREATE TABLE actor_mentions (
            actor_key TEXT NOT NULL REFERENCES actors(key) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            confidence REAL,
            PRIMARY KEY (actor_key, article_id)
        );
        CREATE INDEX actor_mentions_article ON actor_mentions(article_id);

        CREATE TABLE actor_aliases (
            actor_key TEXT NOT NULL REFERENCES actors(key) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            UNIQUE (actor_key, alias, article_id)
        );
        CREATE INDEX actor_aliases_article ON actor_aliases(article_id);

        CREATE TABLE event_actors (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            actor_key TEXT NOT NULL REFERENCES actors(key) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('perpetrator', 'claimed_by', 'suspect')),
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (event_id, actor_key, role)
        );
        CREATE INDEX event_actors_actor ON event_actors(actor_key);

        -- target: an actor key, a place or free text; for target_kind 'event' the
        -- event's integer id (as text)
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            source_key TEXT NOT NULL REFERENCES actors(key) ON DELETE CASCADE,
            type TEXT NOT NULL,
            target TEXT NOT NULL,
            target_kind TEXT NOT NULL DEFAULT 'actor'
                CHECK (target_kind IN ('actor', 'event', 'place', 'other')),
            description TEXT,
            confidence REAL
        );
        CREATE INDEX relations_article ON relations(article_id);
        CREATE INDEX relations_source ON relations(source_key);

        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            speaker TEXT NOT NULL,
            speaker_key TEXT REFERENCES actors(key) ON DELETE SET NULL,
            verb TEXT,
            text TEXT NOT NULL,
            start INTEGER,
            "end" INTEGER,
            is_responsibility INTEGER NOT NULL DEFAULT 0,
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            confidence REAL
        );
        CREATE INDEX claims_article ON claims(article_id);

        -- owner_id: events.id / relations.id / claims.id as text, or actors.key
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            owner_type TEXT NOT NULL CHECK (owner_type IN ('event', 'actor', 'relation', 'claim')),
            owner_id TEXT NOT NULL,
            field TEXT,
            sentence INTEGER,
            start INTEGER,
            "end" INTEGER,
            text TEXT
        );
        CREATE INDEX evidence_owner ON evidence(owner_type, owner_id);
        CREATE INDEX evidence_article ON evidence(article_id);

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='seq'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text)
            VALUES (new.seq, coalesce(new.title, ''), new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, coalesce(old.title, ''), old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, coalesce(old.title, ''), old.text);
            INSERT INTO articles_fts(rowid, title, text)
            VALUES (new.seq, coalesce(new.title, ''), new.text);
        END;
        """,
    )


def apply_migrations(
    conn: sqlite3.Connection,
    atomic: Callable[[], object],
    migrations: list[tuple[str, Migration]] | None = None,
) -> list[str]:
    """Apply registered migrations not yet recorded; return the names applied now.

    ``atomic`` is the store's transaction context manager: each migration and its
    bookkeeping row commit together or not at all.
    """
    todo = MIGRATIONS if migrations is None else migrations
    try:  # the common case, a database up to date, without taking the write lock
        done = {r[0] for r in conn.execute("SELECT name FROM migrations")}
        if all(name in done for name, _ in todo):
            return []
    except sqlite3.OperationalError:  # no migrations table yet
        pass
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    applied: list[str] = []
    for name, fn in todo:
        with atomic():  # type: ignore[attr-defined]
            # checked inside the transaction: another process may have just applied it
            done = conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone()
            if done:
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, utcnow())
            )
            applied.append(name)
    return applied


@migration
def m002_resolution(conn: sqlite3.Connection) -> None:
    """Cross-article resolution and review (``tacitus.resolve``).

    Per-article events stay as they are; an incident is a cluster of them. Judgements and
    corrections name events by their stable reference ``article_id#key`` (not the integer id,
    which changes when an article is re-extracted) and carry no foreign key, so they outlive
    the rows they judge and apply again when the article comes back. ``history`` is append-only.
    """
    run_script(
        conn,
        """
        -- AUTOINCREMENT: an incident id named in the history is never given to another
        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL
        );

        -- one row per event: its incident and the blocking key it was resolved with
        -- (country folded, days as proleptic ordinals; NULL when not resolvable)
        CREATE TABLE incident_events (
            event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
            incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            method TEXT NOT NULL CHECK (method IN ('new', 'auto', 'confirmed', 'manual')),
            score REAL,
            country TEXT,
            day_lo INTEGER,
            day_hi INTEGER,
            at TEXT NOT NULL
        );
        CREATE INDEX incident_events_incident ON incident_events(incident_id);
        CREATE INDEX incident_events_block ON incident_events(country, day_lo);
        CREATE INDEX incident_events_day ON incident_events(day_lo);
        CREATE TRIGGER incident_events_drop_empty AFTER DELETE ON incident_events
        WHEN NOT EXISTS (SELECT 1 FROM incident_events WHERE incident_id = old.incident_id)
        BEGIN
            DELETE FROM incidents WHERE id = old.incident_id;
        END;

        CREATE TABLE event_embeddings (
            event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        );

        -- pairs scored between "maybe" and "sure", waiting for an analyst
        CREATE TABLE merge_candidates (
            id INTEGER PRIMARY KEY,
            left_event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            right_event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            features TEXT NOT NULL DEFAULT '{}',
            at TEXT NOT NULL,
            UNIQUE (left_event, right_event)
        );

        -- an analyst's verdict on a pair of events (left_ref < right_ref)
        CREATE TABLE merge_judgements (
            left_ref TEXT NOT NULL,
            right_ref TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different')),
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (left_ref, right_ref)
        );
        CREATE INDEX merge_judgements_right ON merge_judgements(right_ref);

        -- field corrections; the latest per (event_ref, field) wins
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            event_ref TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            who TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX corrections_ref ON corrections(event_ref);

        -- canonical actor of each stored actor key (a cluster is named by its canonical key)
        CREATE TABLE actor_links (
            actor_key TEXT PRIMARY KEY REFERENCES actors(key) ON DELETE CASCADE,
            canonical_key TEXT NOT NULL,
            method TEXT NOT NULL,
            score REAL,
            at TEXT NOT NULL
        );
        CREATE INDEX actor_links_canonical ON actor_links(canonical_key);

        -- normalised name tokens of actors, the blocking index for name matching
        CREATE TABLE actor_tokens (
            token TEXT NOT NULL,
            actor_key TEXT NOT NULL REFERENCES actors(key) ON DELETE CASCADE,
            PRIMARY KEY (token, actor_key)
        );

        CREATE TABLE actor_judgements (
            left_key TEXT NOT NULL,
            right_key TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different')),
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (left_key, right_key)
        );

        -- Admiralty rating of a claim, by claim reference article_id#start-end
        CREATE TABLE claim_ratings (
            claim_ref TEXT PRIMARY KEY,
            reliability TEXT NOT NULL CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
            credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6),
            basis TEXT,
            method TEXT NOT NULL CHECK (method IN ('default', 'manual')),
            who TEXT,
            at TEXT NOT NULL
        );

        -- every change made by resolution or review, never updated or deleted
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            event_id INTEGER,
            event_ref TEXT,
            incident_id INTEGER,
            actor_key TEXT,
            claim_ref TEXT,
            field TEXT,
            old TEXT,
            new TEXT,
            note TEXT
        );
        CREATE INDEX history_event_ref ON history(event_ref);
        CREATE INDEX history_incident ON history(incident_id);
        CREATE INDEX history_actor ON history(actor_key);
        """,
    )


@migration
def m003_acled_coding(conn: sqlite3.Connection) -> None:
    """Every event carries ACLED's coding beside GTD's (issue 10): event and sub-event type,
    disorder type, actors and their categories, interaction; the admin hierarchy and ACLED's
    geo-precision of its place. ``type`` (GTD's attack type) may now be NULL: GTD codes no
    protest or riot. Place precisions move to the new vocabulary (city -> town, region ->
    province) and GTD's facility attacks are no longer split into arson."""
    # dropping a NOT NULL constraint changes no stored content: SQLite's documented way is
    # to edit the schema text (ALTER TABLE, "making other kinds of table schema changes")
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'type TEXT NOT NULL,', 'type TEXT,')"
        " WHERE type = 'table' AND name = 'events'"
    )
    conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    conn.execute("PRAGMA writable_schema = OFF")
    for column in ("acled_event_type TEXT", "acled_sub_event_type TEXT", "disorder_type TEXT",
                   "actor1 TEXT", "assoc_actor1 TEXT NOT NULL DEFAULT '[]'", "actor2 TEXT",
                   "assoc_actor2 TEXT NOT NULL DEFAULT '[]'", "inter1 TEXT", "inter2 TEXT",
                   "interaction TEXT", "admin1 TEXT", "admin2 TEXT", "geo_precision INTEGER"):
        conn.execute(f"ALTER TABLE events ADD COLUMN {column}")
    conn.execute("ALTER TABLE actors ADD COLUMN category TEXT")
    run_script(
        conn,
        """
        CREATE INDEX events_acled_type ON events(acled_event_type);
        UPDATE events SET place_precision = 'town' WHERE place_precision = 'city';
        UPDATE events SET place_precision = 'province' WHERE place_precision = 'region';
        UPDATE events SET type = 'infrastructure_attack' WHERE type = 'arson';
        """,
    )


@migration
def m004_rejection_codes(conn: sqlite3.Connection) -> None:
    """Each rejection keeps its coded reason (``tacitus.errors.Codes``) and whether it was an
    internal error (a bug) rather than bad input."""
    run_script(
        conn,
        """
        ALTER TABLE rejections ADD COLUMN code TEXT;
        ALTER TABLE rejections ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
        """,
    )


@migration
def m005_stable_incidents(conn: sqlite3.Connection) -> None:
    """Incidents that do not depend on ingestion order (``resolve.events``): each is named by
    its anchor (the stable reference ``article_id#key`` of its earliest member) and its id is
    derived from it. ``resolve_dirty`` lists events whose component lost a member (an article
    deleted or re-extracted), filled by a trigger, to be decided again."""
    run_script(
        conn,
        """
        ALTER TABLE incidents ADD COLUMN anchor TEXT;
        CREATE UNIQUE INDEX incidents_anchor ON incidents(anchor);
        CREATE TABLE resolve_dirty (event_id INTEGER PRIMARY KEY);
        CREATE TRIGGER events_dirty BEFORE DELETE ON events BEGIN
            INSERT OR IGNORE INTO resolve_dirty (event_id)
                SELECT mate.event_id FROM incident_events mine
                JOIN incident_events mate ON mate.incident_id = mine.incident_id
                WHERE mine.event_id = old.id AND mate.event_id != old.id;
            INSERT OR IGNORE INTO resolve_dirty (event_id)
                SELECT CASE WHEN left_event = old.id THEN right_event ELSE left_event END
                FROM merge_candidates WHERE left_event = old.id OR right_event = old.id;
            DELETE FROM resolve_dirty WHERE event_id = old.id;
        END;
        """,
    )


@migration
def m006_event_list_order(conn: sqlite3.Connection) -> None:
    """The order every event list uses (undated last, then date, then id) as an index, so a
    page of a large table reads only its rows."""
    conn.execute("CREATE INDEX events_list_order ON events((date IS NULL), date, id)")


@migration
def m007_jobs(conn: sqlite3.Connection) -> None:
    """Upload jobs of ``tacitus serve``, durable (``serve.jobs``): written before the server
    answers 202, resumed after a restart. ``payload`` is dropped when the job is done."""
    run_script(
        conn,
        """
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            filename TEXT,
            published TEXT,
            url TEXT,
            payload BLOB,
            size INTEGER NOT NULL DEFAULT 0,
            lane TEXT NOT NULL CHECK (lane IN ('small', 'large')),
            state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
            total INTEGER,
            done INTEGER NOT NULL DEFAULT 0,
            stored TEXT NOT NULL DEFAULT '[]',
            duplicates TEXT NOT NULL DEFAULT '[]',
            rejected TEXT NOT NULL DEFAULT '[]',
            events INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            created REAL NOT NULL,
            started REAL,
            finished REAL
        );
        CREATE INDEX jobs_queue ON jobs(state, lane, created);
        """,
    )


# an incident whose summary a change made stale: its stored row is dropped and its id noted,
# so a list never reads a stale summary (it builds the row instead) until it is written again
# (not INSERT OR IGNORE: inside a trigger the outer statement's conflict policy wins)
_STALE = (
    "INSERT INTO incident_summary_dirty (incident_id) SELECT DISTINCT i FROM ({ids})"
    " WHERE i IS NOT NULL AND i NOT IN (SELECT incident_id FROM incident_summary_dirty);"
    " DELETE FROM incident_summaries WHERE incident_id IN ({ids});"
)


def _stale(ids: str) -> str:
    return _STALE.format(ids=ids)


_OF_EVENT = "SELECT incident_id AS i FROM incident_events WHERE event_id = {}"
_OF_REF = ("SELECT ie.incident_id AS i FROM events e JOIN incident_events ie ON ie.event_id = e.id"
           " WHERE e.article_id = substr({0}.event_ref, 1, instr({0}.event_ref, '#') - 1)"
           " AND e.article_id || '#' || e.key = {0}.event_ref")
# (trigger, event on a table, the incidents it makes stale)
SUMMARY_TRIGGERS: tuple[tuple[str, str, str], ...] = (
    ("summary_member_in", "INSERT ON incident_events", "SELECT new.incident_id AS i"),
    ("summary_member_out", "DELETE ON incident_events", "SELECT old.incident_id AS i"),
    ("summary_member_moved", "UPDATE ON incident_events", "SELECT old.incident_id AS i UNION SELECT new.incident_id"),
    ("summary_event", "UPDATE ON events", _OF_EVENT.format("new.id")),
    ("summary_event_actor_in", "INSERT ON event_actors", _OF_EVENT.format("new.event_id")),
    ("summary_event_actor_out", "DELETE ON event_actors", _OF_EVENT.format("old.event_id")),
    ("summary_event_actor_up", "UPDATE ON event_actors",
     _OF_EVENT.format("old.event_id") + " UNION " + _OF_EVENT.format("new.event_id")),
    ("summary_actor_name", "UPDATE OF name ON actors",
     "SELECT ie.incident_id AS i FROM event_actors ea JOIN incident_events ie ON ie.event_id = ea.event_id"
     " WHERE ea.actor_key = new.key"),
    ("summary_source_in", "INSERT ON event_sources", _OF_EVENT.format("new.event_id")),
    ("summary_source_out", "DELETE ON event_sources", _OF_EVENT.format("old.event_id")),
    ("summary_article", "UPDATE OF published, publisher, seq ON articles",
     "SELECT ie.incident_id AS i FROM events e JOIN incident_events ie ON ie.event_id = e.id"
     " WHERE e.article_id = new.id UNION SELECT ie.incident_id FROM event_sources es"
     " JOIN incident_events ie ON ie.event_id = es.event_id WHERE es.article_id = new.id"),
    ("summary_correction_in", "INSERT ON corrections", _OF_REF.format("new")),
    ("summary_correction_out", "DELETE ON corrections", _OF_REF.format("old")),
)


def _summary_triggers() -> str:
    return "\n".join(f"CREATE TRIGGER {name} AFTER {on} BEGIN {_stale(ids)} END;"
                      for name, on, ids in SUMMARY_TRIGGERS)


@migration
def m008_incident_summaries(conn: sqlite3.Connection) -> None:
    """The list row of each incident (``/api/events``: date, country, place, type, tolls
    low/best/high, sources, reports; no evidence) stored as the JSON the API sends, with the
    list order's keys, so a page of incidents reads its rows by an index instead of building
    them from their reports. Triggers on everything a row is derived from (membership, the
    events, their actors and sources, the articles' dates and publishers, corrections) drop the
    row and note the incident in ``incident_summary_dirty``; ``Store.atomic`` writes the noted
    incidents' rows again before it commits (``resolve.incidents.refresh_summaries``)."""
    run_script(
        conn,
        f"""
        CREATE TABLE incident_summaries (
            incident_id INTEGER PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
            undated INTEGER NOT NULL,
            first TEXT,
            date TEXT,
            country TEXT,
            place TEXT,
            type TEXT,
            killed_low INTEGER,
            killed_best INTEGER,
            killed_high INTEGER,
            injured_low INTEGER,
            injured_best INTEGER,
            injured_high INTEGER,
            sources INTEGER NOT NULL,
            reports INTEGER NOT NULL,
            row TEXT NOT NULL
        );
        CREATE INDEX incident_summaries_order ON incident_summaries(undated, first, incident_id);
        CREATE TABLE incident_summary_dirty (incident_id INTEGER PRIMARY KEY);
        {_summary_triggers()}
        INSERT INTO incident_summary_dirty (incident_id) SELECT DISTINCT incident_id FROM incident_events;
        """,
    )
    from ..resolve.incidents import refresh_summaries

    refresh_summaries(conn)
