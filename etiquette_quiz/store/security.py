"""Trainers and trainees apart on a PostgreSQL store: grants and row-level security.

`etiquette-quiz --db postgresql://admin@server/quiz store init --trainer-role quiz_trainer
--trainee-role quiz_trainee` (run by the database's owner) creates the two group roles if
needed, remembers them in `store_roles`, and sets:

  trainers  read everything; add and bring up to date (results import, their own practice);
  trainees  see only their own trainee record, attempts, answers and review schedules; start
            attempts and add answers to their own attempts while these are in progress (an
            exam's answers may change until it is handed in, its log is only added to); never
            change a finished attempt, its answers, or what an attempt is (its plan, exam, seed,
            start time, deadline, trainee).

Each person logs in as their own PostgreSQL role, a member of one of the groups (`createuser
--pwprompt -g quiz_trainee zhang`). A trainee record belongs to the login that created it
(`trainees.db_login`, filled in by the server, not by the client). Rows are told apart by their
columns, so tables added by later migrations are covered when they say whose they are: a
`trainee_id` column (the trainee's), an `attempt_id` column (the attempt's); other new tables
are readable by trainers only. Trainers' overrides of marks (`answer_overrides`) are written by
trainers only; a trainee reads those of their own attempts. The grants are applied again after
every migration.

The owner of the tables (who ran the migrations) is not subject to these rules. Grading happens
on the trainee's machine, so these rules stop a trainee from rewriting history, not from
sending a wrong mark for the question in front of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UserError

if TYPE_CHECKING:
    from . import Store

ROLES_TABLE = "store_roles"
# What an attempt is: fixed when it starts (merge.py's _FIXED, who took it, an exam's clock and rules).
FIXED_ATTEMPT_COLUMNS = frozenset({
    "id", "trainee", "employee_no", "mode", "exam_id", "title", "seed", "lang", "plan", "bank_versions",
    "time_limit", "pass_mark", "feedback", "started_at", "trainee_id", "deadline", "clock", "navigation", "review",
})
PUBLIC_TABLES = frozenset({"schema_version", ROLES_TABLE})  # no one's results: everyone reads them
# Rows of an attempt that only trainers write (a trainee reads those of their own attempts).
TRAINER_WRITTEN = frozenset({"answer_overrides"})


def quote_name(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def init_roles(store: Store, trainer_role: str | None, trainee_role: str | None) -> tuple[str, str]:
    """Create (if needed) and remember the trainer and trainee roles, then grant; returns the roles in force."""
    if store.engine != "postgresql":
        raise UserError("error.store-init-sqlite")
    known = recorded_roles(store)
    trainer = trainer_role or (known[0] if known else None)
    trainee = trainee_role or (known[1] if known else None)
    if not trainer or not trainee:
        raise UserError("error.store-init-roles")
    if trainer == trainee:
        raise UserError("error.store-init-same-role", role=trainer)
    with store.write() as db:
        for role in (trainer, trainee):
            exists = db.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone()
            if not exists:
                db.execute(f"CREATE ROLE {quote_name(role)} NOLOGIN")
        db.execute(f"CREATE TABLE IF NOT EXISTS {ROLES_TABLE} (kind TEXT PRIMARY KEY, role TEXT NOT NULL)")
        for kind, role in (("trainer", trainer), ("trainee", trainee)):
            db.execute(f"INSERT INTO {ROLES_TABLE} (kind, role) VALUES (?, ?) "
                       "ON CONFLICT (kind) DO UPDATE SET role = excluded.role", (kind, role))
    refresh_grants(store)
    return trainer, trainee


def recorded_roles(store: Store) -> tuple[str, str] | None:
    """The (trainer, trainee) roles `store init` set up, or None."""
    if store.engine != "postgresql":
        return None
    if not store.db.execute("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                            "AND tablename = ?)", (ROLES_TABLE,)).fetchone()[0]:
        return None
    roles = dict(store.db.execute(f"SELECT kind, role FROM {ROLES_TABLE}").fetchall())
    if "trainer" not in roles or "trainee" not in roles:
        return None
    return roles["trainer"], roles["trainee"]


def refresh_grants(store: Store) -> None:
    """Apply the grants and row-level security policies to every table (after `store init` and migrations)."""
    roles = recorded_roles(store)
    if roles is None:
        return
    trainer, trainee = quote_name(roles[0]), quote_name(roles[1])
    with store.write() as db:
        db.execute(f"GRANT USAGE ON SCHEMA {quote_name(_schema(store))} TO {trainer}, {trainee}")
        db.execute("ALTER TABLE trainees ADD COLUMN IF NOT EXISTS db_login TEXT NOT NULL DEFAULT current_user")
        for table, columns in _tables(store).items():
            for statement in _table_rules(table, columns, trainer, trainee):
                db.execute(statement)


def _schema(store: Store) -> str:
    name: str = store.db.execute("SELECT current_schema()").fetchone()[0]
    return name


def _tables(store: Store) -> dict[str, list[str]]:
    """The store's tables in the current schema and their columns."""
    tables: dict[str, list[str]] = {}
    rows = store.db.execute(
        """SELECT c.table_name, c.column_name FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
           WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
           ORDER BY c.table_name, c.ordinal_position""").fetchall()
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def _table_rules(table: str, columns: list[str], trainer: str, trainee: str) -> list[str]:
    """The GRANT, REVOKE and policy statements of one table."""
    name = quote_name(table)
    rules = [f"REVOKE ALL ON {name} FROM {trainer}, {trainee}"]
    if table in PUBLIC_TABLES:
        return [*rules, f"GRANT SELECT ON {name} TO {trainer}, {trainee}"]
    rules += [
        # Trainers manage the store: correct records, and remove a trainee with their results on request.
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {trainer}",
        f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
        *(f"DROP POLICY IF EXISTS {policy} ON {name}" for policy in ("trainer_all", "trainee_read", "trainee_add",
                                                                       "trainee_change")),
        f"CREATE POLICY trainer_all ON {name} TO {trainer} USING (true) WITH CHECK (true)",
    ]
    own_trainee = "trainee_id IN (SELECT id FROM trainees)"  # trainees' own policy narrows that subquery
    if table == "trainees":
        own = "db_login = current_user"
        changeable = "name, employee_no"
        rules += [f"GRANT SELECT, INSERT, UPDATE ({changeable}) ON {name} TO {trainee}",
                  _policy(name, "trainee_read", "SELECT", trainee, using=own),
                  _policy(name, "trainee_add", "INSERT", trainee, check=own),
                  _policy(name, "trainee_change", "UPDATE", trainee, using=own, check=own)]
    elif table == "attempts":
        changeable = ", ".join(c for c in columns if c not in FIXED_ATTEMPT_COLUMNS)
        rules += [f"GRANT SELECT, INSERT, UPDATE ({changeable}) ON {name} TO {trainee}",
                  _policy(name, "trainee_read", "SELECT", trainee, using=own_trainee),
                  _policy(name, "trainee_add", "INSERT", trainee, check=f"{own_trainee} AND state = 'in_progress'"),
                  _policy(name, "trainee_change", "UPDATE", trainee, using=f"{own_trainee} AND state = 'in_progress'",
                          check=own_trainee)]
    elif table in TRAINER_WRITTEN:
        rules += [f"GRANT SELECT ON {name} TO {trainee}",
                  _policy(name, "trainee_read", "SELECT", trainee, using="attempt_id IN (SELECT id FROM attempts)")]
    elif "attempt_id" in columns:
        # Rows of an attempt (answers, an exam's log): added while the attempt is in progress; an
        # exam's answer may be changed until it is handed in; a log is only ever added to.
        in_progress = "attempt_id IN (SELECT id FROM attempts WHERE state = 'in_progress')"
        answers_change = table == "answers"
        rules += [f"GRANT SELECT, INSERT{', UPDATE' if answers_change else ''} ON {name} TO {trainee}",
                  _policy(name, "trainee_read", "SELECT", trainee, using="attempt_id IN (SELECT id FROM attempts)"),
                  _policy(name, "trainee_add", "INSERT", trainee, check=in_progress)]
        if answers_change:
            rules.append(_policy(name, "trainee_change", "UPDATE", trainee, using=in_progress, check=in_progress))
    elif "trainee_id" in columns:
        # A trainee's own running state (review schedules): theirs to read and keep up to date.
        rules += [f"GRANT SELECT, INSERT, UPDATE ON {name} TO {trainee}",
                  _policy(name, "trainee_read", "SELECT", trainee, using=own_trainee),
                  _policy(name, "trainee_add", "INSERT", trainee, check=own_trainee),
                  _policy(name, "trainee_change", "UPDATE", trainee, using=own_trainee, check=own_trainee)]
    return rules


def _policy(table: str, policy: str, command: str, role: str, using: str | None = None,
            check: str | None = None) -> str:
    clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
    return f"CREATE POLICY {policy} ON {table} FOR {command} TO {role}{clauses}"
