"""Which profiles changed since a watermark, whoever changed them, in whichever process.

Database triggers on `profile`, and on `person` for a change of organisation (installed
by migration 0009, and again by every
`storage.db.migrate`, since SQLite's batch migrations rebuild a table without its
triggers) write one `profilechange` row per person changed: on SQLite with the highest
`seq` + 1 (one writer at a time, so `seq` follows the commits), on PostgreSQL with the id
of the writing transaction. A reader keeps a watermark and asks for what changed since:

* SQLite: rows with `seq` > the watermark; the new watermark is the highest seen.
* PostgreSQL: transaction ids do not follow the commits, so the reader first takes the
  oldest transaction still running (`pg_snapshot_xmin`), then reads the rows with `seq` ≥
  the watermark, and keeps that oldest-running id as the new watermark: everything below
  it had finished before the rows were read, everything from it on is read again next
  time (a few rows, at most those of transactions running during the last read).
"""

from __future__ import annotations

from sqlalchemy import text

SQLITE_TRIGGERS = {
    "profile_changed_insert": """CREATE TRIGGER IF NOT EXISTS profile_changed_insert AFTER INSERT ON profile BEGIN
         INSERT OR REPLACE INTO profilechange (person_id, seq)
         VALUES (NEW.person_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM profilechange));
       END""",
    "profile_changed_update": """CREATE TRIGGER IF NOT EXISTS profile_changed_update AFTER UPDATE ON profile BEGIN
         INSERT OR REPLACE INTO profilechange (person_id, seq)
         VALUES (OLD.person_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM profilechange));
         INSERT OR REPLACE INTO profilechange (person_id, seq)
         VALUES (NEW.person_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM profilechange));
       END""",
    "profile_changed_delete": """CREATE TRIGGER IF NOT EXISTS profile_changed_delete AFTER DELETE ON profile BEGIN
         INSERT OR REPLACE INTO profilechange (person_id, seq)
         VALUES (OLD.person_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM profilechange));
       END""",
    "person_organisation_changed": """CREATE TRIGGER IF NOT EXISTS person_organisation_changed
       AFTER UPDATE OF organisation_id ON person BEGIN
         INSERT OR REPLACE INTO profilechange (person_id, seq)
         VALUES (NEW.id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM profilechange));
       END""",
}

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION profile_changed() RETURNS trigger AS $$
DECLARE
  xid bigint := pg_current_xact_id()::text::bigint;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO profilechange (person_id, seq) VALUES (OLD.person_id, xid)
    ON CONFLICT (person_id) DO UPDATE SET seq = EXCLUDED.seq;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO profilechange (person_id, seq) VALUES (NEW.person_id, xid)
    ON CONFLICT (person_id) DO UPDATE SET seq = EXCLUDED.seq;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
"""

POSTGRES_PERSON_FUNCTION = """
CREATE OR REPLACE FUNCTION person_organisation_changed() RETURNS trigger AS $$
BEGIN
  IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id THEN
    INSERT INTO profilechange (person_id, seq) VALUES (NEW.id, pg_current_xact_id()::text::bigint)
    ON CONFLICT (person_id) DO UPDATE SET seq = EXCLUDED.seq;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
"""


def install_triggers(conn) -> None:
    """Create the triggers that fill `profilechange` (idempotent; the table must exist)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(POSTGRES_FUNCTION))
        exists = conn.execute(text("SELECT 1 FROM pg_trigger WHERE tgname = 'profile_changed' "
                                   "AND tgrelid = 'profile'::regclass")).first()
        if not exists:
            conn.execute(text("CREATE TRIGGER profile_changed AFTER INSERT OR UPDATE OR DELETE ON profile "
                              "FOR EACH ROW EXECUTE FUNCTION profile_changed()"))
        conn.execute(text(POSTGRES_PERSON_FUNCTION))
        exists = conn.execute(text("SELECT 1 FROM pg_trigger WHERE tgname = 'person_organisation_changed' "
                                   "AND tgrelid = 'person'::regclass")).first()
        if not exists:
            conn.execute(text("CREATE TRIGGER person_organisation_changed AFTER UPDATE OF organisation_id ON person "
                              "FOR EACH ROW EXECUTE FUNCTION person_organisation_changed()"))
    else:
        for sql in SQLITE_TRIGGERS.values():
            conn.execute(text(sql))


def drop_triggers(conn) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("DROP TRIGGER IF EXISTS profile_changed ON profile"))
        conn.execute(text("DROP FUNCTION IF EXISTS profile_changed()"))
        conn.execute(text("DROP TRIGGER IF EXISTS person_organisation_changed ON person"))
        conn.execute(text("DROP FUNCTION IF EXISTS person_organisation_changed()"))
    else:
        for name in SQLITE_TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def start_watermark(session) -> int:
    """The watermark for an index built from what this session reads now: taken before the
    profiles are read, so a change committed meanwhile is read (again) at the next `since`."""
    if session.get_bind().dialect.name == "postgresql":
        return int(session.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar())
    return int(session.execute(text("SELECT COALESCE(MAX(seq), 0) FROM profilechange")).scalar())


def since(session, watermark: int) -> tuple[int, list[int]]:
    """(new watermark, person ids whose profile changed since `watermark`)."""
    if session.get_bind().dialect.name == "postgresql":
        oldest = int(session.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar())
        rows = session.execute(text("SELECT person_id FROM profilechange WHERE seq >= :w"), {"w": watermark}).all()
        return max(oldest, watermark), [r[0] for r in rows]
    rows = session.execute(text("SELECT person_id, seq FROM profilechange WHERE seq > :w"), {"w": watermark}).all()
    return max([watermark] + [r[1] for r in rows]), [r[0] for r in rows]
