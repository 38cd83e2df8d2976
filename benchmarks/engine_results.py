"""Benchmark: `report` and the CSV export on 1,000,000 answers, on SQLite and on PostgreSQL, each against
its engine's own shell (issue 16, item 5).

    python benchmarks/engine_results.py [--pg URL] [--keep PATH] [--runs 3]

Builds (or reuses, with --keep) the store of benchmarks/progress_store.py (1,000 trainees x 50
attempts x 20 answers) and copies it into a fresh schema of the PostgreSQL database at --pg
(default: $ETIQUETTE_QUIZ_TEST_PG; without one only SQLite is measured). Then, as whole
processes, medians of --runs, in the same run:
  report            vs  the shell's plain GROUP BY scan of the answers      target: ratio <= 3
  export csv        vs  the shell's own CSV dump of the same join           target: ratio <= 1.5
The shells are `sqlite3` and `psql` (a run without one says so and skips its ratio).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.progress_store import build, median_process  # noqa: E402
from etiquette_quiz.store import Store  # noqa: E402
from etiquette_quiz.store.queries import ANSWER_ROW_COLUMNS  # noqa: E402

GROUP_BY = "SELECT question_key, COUNT(*), AVG(fraction) FROM answers GROUP BY question_key"
JOIN = (f"SELECT {', '.join(ANSWER_ROW_COLUMNS)} FROM attempts a JOIN answers s ON s.attempt_id = a.id "
        "ORDER BY a.started_at, a.id, s.position")
TABLES = ("trainees", "attempts", "answers", "reviews")


def copy_to_postgres(path: Path, server: str) -> str:
    """A fresh schema on the server holding the SQLite store's rows; returns its URL."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in server else "?"
    url = f"{server}{separator}options=-csearch_path%3D{schema}"
    Store(url).close()  # the schema, by the store's own migrations
    source = sqlite3.connect(path)
    with psycopg.connect(url) as conn:
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}"):
                    copy.write_row(row)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return url


def measure(name: str, db: str, shell: list[str] | None, dump: list[str] | None, env: dict[str, str],
            folder: Path, runs: int) -> None:
    exe = [sys.executable, "-m", "etiquette_quiz", "--db", db]
    median_process(exe + ["report"], env, 1)  # warm the bank cache and the engine's cache
    print(f"{name}:")
    jobs = (("report", exe + ["report"], shell, "GROUP BY", 3),
            ("export csv (1,000,000)", exe + ["export", "--format", "csv", "--level", "answer", "--out",
                                             str(folder / "a.csv")], dump, "CSV dump", 1.5))
    for job, command, baseline, what, target in jobs:
        seconds = median_process(command, env, runs)
        print(f"  {job:22s}  {seconds:6.2f} s", end="")
        if baseline is None:
            print("   (no shell: ratio skipped)")
            continue
        theirs = median_process(baseline, env, runs)
        print(f"   {what} in the shell {theirs:5.2f} s   ratio {seconds / theirs:4.1f}  (target <= {target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default=os.environ.get("ETIQUETTE_QUIZ_TEST_PG"), help="a PostgreSQL server URL")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the SQLite store at this path")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = args.keep or folder / "million.sqlite3"
        if not path.exists():
            build(path, 1000, 50, 20)
        Store(path).close()  # bring an older kept store up to date before copying it
        env = {**os.environ, "ETIQUETTE_QUIZ_HOME": str(folder), "COLUMNS": "100"}
        sqlite_shell = shutil.which("sqlite3")
        measure("SQLite", str(path),
                [sqlite_shell, str(path), GROUP_BY] if sqlite_shell else None,
                [sqlite_shell, "-csv", str(path), JOIN + ";"] if sqlite_shell else None, env, folder, args.runs)
        if not args.pg:
            print("PostgreSQL: no server (--pg URL or ETIQUETTE_QUIZ_TEST_PG); skipped")
            return
        started = time.perf_counter()
        url = copy_to_postgres(path, args.pg)
        print(f"(copied to PostgreSQL in {time.perf_counter() - started:.0f} s)")
        psql = shutil.which("psql")
        try:
            measure("PostgreSQL", url, [psql, url, "-Atc", GROUP_BY] if psql else None,
                    [psql, url, "-c", f"\\copy ({JOIN}) TO '{folder / 'psql.csv'}' CSV"] if psql else None, env,
                    folder, args.runs)
        finally:
            import psycopg

            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {url.rsplit('%3D', 1)[1]} CASCADE")


if __name__ == "__main__":
    main()
