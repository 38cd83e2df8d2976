"""Benchmark: trainers' report and exports on a store of 1,000,000 answers, against the engine's own shell.

    python benchmarks/trainer_results.py [--keep PATH] [--runs 5] [--pg URL]

Builds (or reuses, with --keep) the store of benchmarks/progress_store.py (1,000 trainees x 50
attempts x 20 answers), then runs every command as a whole process, each measured in a fresh
parent so its peak memory is its own, and each beside its baseline in the same run — the two
alternate, so a busy machine slows both alike:

  report        against a plain GROUP BY scan of the answers in the engine's shell   target <= 3x
  export csv    against the shell's own CSV dump of the same join (the same rows)     target <= 1.5x
  export xlsx (100,000 answers), report --html, --help (start-up)                      for the record

Ratios are printed on wall time and on CPU time (user + system of the process and its children).
The verdict reads CPU time where the engine runs inside the process (SQLite: the steadier measure
on a shared machine) and wall time where it runs in a server (PostgreSQL: its work is not the
client's CPU). Every command stays under 500 MB.

Engines: `engines()` lists them; each names its shell's two baseline commands and how the app
is pointed at the store. SQLite is always there; PostgreSQL (psql) joins when a server is given
(--pg URL, or $ETIQUETTE_QUIZ_TEST_PG): the store is copied into a fresh schema there first
(copy_to_postgres) and dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.progress_store import build  # noqa: E402
from etiquette_quiz.store import Store  # noqa: E402

# The GROUP BY every answer row must be read for (bank leads no index), and the join the CSV export writes.
GROUP_BY = "SELECT bank, COUNT(*), AVG(fraction) FROM answers GROUP BY bank"
JOIN = ("SELECT a.id, a.trainee_id, a.trainee, a.employee_no, a.mode, a.exam_id, a.started_at, s.position, "
        "s.question_key, s.bank, s.content_hash, s.response, s.fraction, s.points, s.max_points, s.seconds, "
        "s.forbidden, s.answered_at FROM attempts a JOIN answers s ON s.attempt_id = a.id "
        "ORDER BY a.started_at, a.id, s.position")

MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); out = sys.argv[1]; "
           "sink = subprocess.DEVNULL if out == '-' else open(out, 'wb'); "
           "code = subprocess.run(sys.argv[2:], stdout=sink, stderr=subprocess.DEVNULL).returncode; "
           "wall = time.perf_counter() - t; r = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(wall, r.ru_utime + r.ru_stime, r.ru_maxrss, code)")


@dataclass(frozen=True)
class Run:
    """One process: wall seconds, CPU seconds, peak memory in MB."""

    wall: float
    cpu: float
    memory: float


@dataclass(frozen=True)
class Engine:
    """A store engine: its shell's baseline commands, and the app's option to use the store."""

    name: str
    store: str  # what --db takes
    in_process: bool  # the engine's work is the process's CPU time (SQLite), or a server's (PostgreSQL)
    group_by: list[str]  # the shell running GROUP_BY
    csv_dump: Callable[[Path], list[str]]  # the shell writing JOIN as CSV with a header to this file (stdout)


def sqlite_engine(path: Path) -> Engine:
    """The embedded store and the sqlite3 shell."""
    shell = shutil.which("sqlite3")
    if shell is None:
        raise SystemExit("the sqlite3 shell is needed for the baselines (apt-get install sqlite3)")
    return Engine("sqlite", str(path), True, [shell, str(path), GROUP_BY + ";"],
                  lambda out: [shell, "-csv", "-header", str(path), JOIN + ";"])


def postgres_engine(url: str) -> Engine:
    """A PostgreSQL copy of the store and the psql shell."""
    psql = shutil.which("psql")
    if psql is None:
        raise SystemExit("the psql shell is needed for the PostgreSQL baselines (apt-get install postgresql-client)")
    return Engine("postgresql", url, False, [psql, url, "-Atc", GROUP_BY],
                  lambda out: [psql, url, "-c", f"\\copy ({JOIN}) TO STDOUT CSV HEADER"])


TABLES = ("trainees", "attempts", "answers", "reviews")


def copy_to_postgres(path: Path, server: str) -> str:
    """A fresh schema on the server holding the SQLite store's rows; returns its URL."""
    import sqlite3
    import uuid

    import psycopg

    from etiquette_quiz.store import Store

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


def engines(path: Path, server: str | None) -> Iterator[Engine]:
    """The engines to measure: SQLite on the built store; PostgreSQL on a copy of it when a server is given."""
    yield sqlite_engine(path)
    if not server:
        print("postgresql: no server (--pg URL or $ETIQUETTE_QUIZ_TEST_PG): skipped")
        return
    started = time.perf_counter()
    url = copy_to_postgres(path, server)
    print(f"(the store copied to PostgreSQL in {time.perf_counter() - started:.0f} s)")
    try:
        yield postgres_engine(url)
    finally:
        import psycopg

        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {url.rsplit('%3D', 1)[1]} CASCADE")


def measure(command: list[str], env: dict[str, str], out: str = "-") -> Run:
    """Wall time, CPU time and peak memory of one process (its standard output to `out`)."""
    fields = subprocess.run([sys.executable, "-c", MEASURE, out, *command], env=env, capture_output=True, text=True,
                            check=True).stdout.split()
    assert fields[3] == "0", f"{command} failed"
    return Run(float(fields[0]), float(fields[1]), int(fields[2]) / 1024)


def paired(app: list[str], baseline: list[str], env: dict[str, str], runs: int, app_out: str = "-",
           baseline_out: str = "-") -> tuple[Run, Run]:
    """Medians of `runs` alternating runs of the app command and its baseline."""
    apps, bases = [], []
    for _ in range(runs):
        apps.append(measure(app, env, app_out))
        bases.append(measure(baseline, env, baseline_out))
    return median(apps), median(bases)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.memory for r in runs))


def line(name: str, run: Run, note: str = "") -> None:
    print(f"  {name:44s} {run.wall:6.2f} s wall {run.cpu:6.2f} s CPU {run.memory:6.0f} MB  {note}")


def ratio(name: str, app: Run, base: Run, target: float, by_cpu: bool) -> None:
    wall, cpu = app.wall / base.wall, app.cpu / base.cpu
    verdict = "met" if (cpu if by_cpu else wall) <= target else "MISSED"
    print(f"  {name:44s} {wall:5.2f}x wall  {cpu:5.2f}x CPU   (target <= {target}x on {'CPU' if by_cpu else 'wall'}: "
          f"{verdict})")


def bench_engine(engine: Engine, env: dict[str, str], folder: Path, runs: int) -> None:
    exe = [sys.executable, "-m", "etiquette_quiz", "--db", engine.store]
    measure(exe + ["report"], env)  # upgrade the store, warm the bank cache and the page cache
    print(f"{engine.name}: medians of {runs} runs, each command beside its baseline")
    report, group_by = paired(exe + ["report"], engine.group_by, env, runs)
    line("report", report)
    line(f"baseline: {engine.name} shell, GROUP BY scan", group_by)
    ratio("report / GROUP BY scan", report, group_by, 3.0, engine.in_process)
    csv_out, shell_out = folder / "app.csv", folder / "shell.csv"
    export, dump = paired(exe + ["export", "--format", "csv", "--out", str(csv_out)], engine.csv_dump(shell_out),
                          env, runs, baseline_out=str(shell_out))
    rows = sum(1 for _ in shell_out.open("rb")) - 1
    line(f"export csv ({rows:,} answers)", export, f"{rows / export.wall:,.0f} rows/s")
    line(f"baseline: {engine.name} shell, CSV dump of the join", dump, f"{rows / dump.wall:,.0f} rows/s")
    ratio("export csv / shell CSV dump", export, dump, 1.5, engine.in_process)
    others = {
        "report --html": exe + ["report", "--html", str(folder / "r.html")],
        "export xlsx (100,000 answers)": exe + ["export", "--format", "xlsx", "--since", "2026-01-01", "--until",
                                                "2026-01-05", "--out", str(folder / "a.xlsx")],
    }
    for name, command in others.items():
        line(name, median([measure(command, env) for _ in range(max(1, runs // 2))]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the store at this path")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", default=os.environ.get("ETIQUETTE_QUIZ_TEST_PG"), help="a PostgreSQL server URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        path = args.keep or folder / "million.sqlite3"
        if not path.exists():
            build(path, 1000, 50, 20)
        Store(path).close()  # bring a kept store up to date before measuring or copying it
        env = {**os.environ, "ETIQUETTE_QUIZ_HOME": str(folder), "COLUMNS": "100"}
        line("--help (start-up)", median([measure([sys.executable, "-m", "etiquette_quiz", "--help"], env)
                                          for _ in range(args.runs)]))
        for engine in engines(path, args.pg):
            bench_engine(engine, env, folder, args.runs)


if __name__ == "__main__":
    main()
