"""The server's schema, versioned: migrations run by the database owner, refused when newer.

Everything lives in the PostgreSQL schema ``reviewer``. ``changes`` is append-only: each row
is one immutable version of one review, with its own content-derived id (so a push repeated
after a cut is a no-op) and the id of the transaction that wrote it (``xid``, for pulls that
never skip a row committed late). Row-level security makes the server check who writes.
"""

from __future__ import annotations

from typing import Any

from reviewer.teamserver.connection import TeamServerError

SERVER_SCHEMA_VERSION = 3
VERDICTS_SINCE = 2  # the schema version whose changes can be final verdicts (the ``kind`` column)
SHAPES_SINCE = 3  # the schema version whose changes can be paragraphs' shapes

# MIGRATIONS[n] takes the schema from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE SCHEMA IF NOT EXISTS reviewer;
    CREATE TABLE reviewer.meta (key text PRIMARY KEY, value text NOT NULL);
    -- Who a role writes as: the administrator maps roles to reviewer names (default: the role's name).
    CREATE TABLE reviewer.members (
        role name PRIMARY KEY,
        reviewer text NOT NULL UNIQUE,
        read_only boolean NOT NULL DEFAULT false
    );
    CREATE TABLE reviewer.documents (
        doc_id text PRIMARY KEY CHECK (doc_id ~ '^[0-9a-f]{64}$'),
        title text NOT NULL,
        language text NOT NULL,
        claim_count integer NOT NULL,
        snapshot jsonb NOT NULL,
        added_by name NOT NULL DEFAULT current_user,
        added_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE reviewer.changes (
        seq bigserial PRIMARY KEY,
        change_id text NOT NULL UNIQUE,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        doc_id text NOT NULL,
        review_key text NOT NULL,
        reviewer text NOT NULL,
        base text,
        moment text NOT NULL,
        body jsonb,
        pushed_by name NOT NULL DEFAULT current_user,
        pushed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX changes_by_xid ON reviewer.changes (xid, seq);
    CREATE INDEX changes_by_document ON reviewer.changes (doc_id, xid, seq);
    CREATE INDEX changes_by_reviewer ON reviewer.changes (doc_id, reviewer);
    CREATE FUNCTION reviewer.me() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = reviewer, pg_temp
        AS $$ SELECT coalesce((SELECT reviewer FROM members WHERE role = session_user), session_user) $$;
    ALTER TABLE reviewer.changes ENABLE ROW LEVEL SECURITY;
    ALTER TABLE reviewer.changes FORCE ROW LEVEL SECURITY;
    CREATE POLICY everyone_reads ON reviewer.changes FOR SELECT USING (true);
    CREATE POLICY own_reviews_only ON reviewer.changes FOR INSERT
        WITH CHECK (reviewer = reviewer.me() AND pushed_by = session_user);
    ALTER TABLE reviewer.documents ENABLE ROW LEVEL SECURITY;
    ALTER TABLE reviewer.documents FORCE ROW LEVEL SECURITY;
    CREATE POLICY everyone_reads ON reviewer.documents FOR SELECT USING (true);
    CREATE POLICY added_as_oneself ON reviewer.documents FOR INSERT WITH CHECK (added_by = session_user);
    """,
    # 2: final verdicts travel too; their ``reviewer`` is the adjudicator, checked by the same policy.
    """
    ALTER TABLE reviewer.changes ADD COLUMN kind text NOT NULL DEFAULT 'review'
        CHECK (kind IN ('review', 'verdict'));
    """,
    # 3: paragraphs' shapes (the claims reviewers drew) travel too. A shape is the document's,
    # not one reviewer's: any writer may push one, and own_reviews_only (above) makes its
    # ``reviewer`` the pushing role's own name, so the server records who reshaped. Its key
    # names a paragraph of its own document.
    """
    ALTER TABLE reviewer.changes DROP CONSTRAINT changes_kind_check;
    ALTER TABLE reviewer.changes ADD CONSTRAINT changes_kind_check
        CHECK (kind IN ('review', 'verdict', 'shape'));
    ALTER TABLE reviewer.changes ADD CONSTRAINT shape_of_a_paragraph
        CHECK (kind <> 'shape' OR review_key = doc_id || ':shape:' || substring(review_key FROM '[0-9]+$'));
    """,
)

_TABLES = ("meta", "members", "documents", "changes")


def server_version(connection: Any) -> int | None:
    """The server's schema version, or None when the database has no reviewer schema yet."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('reviewer.meta') IS NOT NULL")
        row = cursor.fetchone()
        if not row or not row[0]:
            return None
        cursor.execute("SELECT value FROM reviewer.meta WHERE key = 'schema_version'")
        found = cursor.fetchone()
    return int(found[0]) if found else None


def check_version(connection: Any, where: str) -> int:
    """The server's schema version; TeamServerError when it has none or a newer one."""
    version = server_version(connection)
    if version is None:
        raise TeamServerError(
            f"team server {where} has no reviewer schema yet: its administrator (the database's"
            " owner) runs 'reviewer team join URL' first"
        )
    if version > SERVER_SCHEMA_VERSION:
        raise TeamServerError(
            f"team server {where} has schema version {version}, newer than this reviewer's"
            f" ({SERVER_SCHEMA_VERSION}): upgrade reviewer (pip install -U 'reviewer[team]')"
        )
    return version


def install_schema(connection: Any, where: str, reviewer: str) -> int | None:
    """Create or migrate the schema when this role may (the owner); return the version before.

    Serialised by an advisory lock, so two first joins at once do not both create it.
    Raises TeamServerError if the schema is missing or old and this role may not change it.
    """
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('reviewer schema'))")
        before = server_version(connection)
        if before is not None and before > SERVER_SCHEMA_VERSION:
            check_version(connection, where)
        if before is not None and before == SERVER_SCHEMA_VERSION:
            return before
        cursor.execute(
            "SELECT pg_catalog.pg_get_userbyid(datdba) = current_user FROM pg_database"
            " WHERE datname = current_database()"
        )
        row = cursor.fetchone()
        if not row or not row[0]:
            check_version(connection, where)  # raises: missing schema
            raise TeamServerError(
                f"team server {where} has schema version {before}: its administrator runs"
                " 'reviewer team join URL' to migrate it to this reviewer's"
                f" {SERVER_SCHEMA_VERSION}"
            )
        for step in range(before or 0, SERVER_SCHEMA_VERSION):
            cursor.execute(MIGRATIONS[step])
        cursor.execute(
            "INSERT INTO reviewer.meta VALUES ('schema_version', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(SERVER_SCHEMA_VERSION),),
        )
        cursor.execute(
            "INSERT INTO reviewer.members (role, reviewer) VALUES (current_user, %s) ON CONFLICT DO NOTHING",
            (reviewer,),
        )
    return before


def grant(connection: Any, role: str, *, reviewer: str | None, read_only: bool) -> None:
    """Let ``role`` in: read everything and, unless ``read_only``, push as ``reviewer`` (or the role)."""
    from psycopg import sql

    ident = sql.Identifier(role)
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA reviewer TO {}").format(ident))
        cursor.execute(sql.SQL("GRANT EXECUTE ON FUNCTION reviewer.me() TO {}").format(ident))
        for table in _TABLES:
            table_id = sql.Identifier("reviewer", table)
            cursor.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(table_id, ident))
            cursor.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(table_id, ident))
        if not read_only:
            for table in ("changes", "documents"):
                cursor.execute(
                    sql.SQL("GRANT INSERT ON {} TO {}").format(sql.Identifier("reviewer", table), ident)
                )
            cursor.execute(sql.SQL("GRANT USAGE ON SEQUENCE reviewer.changes_seq_seq TO {}").format(ident))
        cursor.execute(
            "INSERT INTO reviewer.members (role, reviewer, read_only) VALUES (%s, %s, %s)"
            " ON CONFLICT (role) DO UPDATE SET reviewer = excluded.reviewer, read_only = excluded.read_only",
            (role, reviewer or role, read_only),
        )
