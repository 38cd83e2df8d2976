"""`export`, `results import` and `report` from the command line; the HTML report in a browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import DATA


def cli(run, store, *args, lang="en"):
    return run("--banks", str(DATA), "--db", str(store), "--lang", lang, *args)


def test_export_csv_to_stdout(run, cohort):
    result = cli(run, cohort, "export", "--format", "csv", "--level", "attempt", "--out", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffAttempt id,Trainee,Employee no.,Mode,Exam,Started,Finished")
    assert len(result.stdout.strip().splitlines()) == 37
    assert re.fullmatch(r"Wrote 36 attempts to - in \d+\.\d s\.", result.stderr.strip())


def test_export_to_a_file_with_filters(run, cohort, tmp_path):
    out = tmp_path / "e003.csv"
    result = cli(run, cohort, "export", "--format", "csv", "--who", "E003", "--since", "2026-10-08", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"Wrote 10 answer rows to {re.escape(str(out))} in \d+\.\d s\.", result.stderr.strip())
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary file is left


def test_unknown_who_is_a_clear_error(run, cohort):
    result = cli(run, cohort, "export", "--format", "json", "--who", "学员O3", "--out", "-")
    assert result.exit_code == 2
    assert result.output.startswith("error: --who 学员O3: no trainee has this name, employee number or id")
    assert "学员03" in result.output


def test_bad_date_is_a_clear_error(run, cohort):
    result = cli(run, cohort, "report", "--since", "10/08/2026")
    assert (result.exit_code, result.output) == (2, "error: --since 10/08/2026: not a date — write it as YYYY-MM-DD.\n")


def test_export_json_then_import_twice(run, cohort, tmp_path):
    export = tmp_path / "all.json"
    assert cli(run, cohort, "export", "--format", "json", "--out", str(export)).exit_code == 0
    trainer = tmp_path / "trainer.sqlite3"
    first = cli(run, trainer, "results", "import", str(export))
    assert first.exit_code == 0
    assert first.stdout.startswith(f"{export}: 36 attempts added (180 answers), 0 brought up to date, 0 already here")
    second = cli(run, trainer, "results", "import", str(export))
    assert "0 attempts added (0 answers), 0 brought up to date, 36 already here" in second.stdout


def test_import_of_a_missing_file(run, tmp_path):
    result = run("--db", str(tmp_path / "t.sqlite3"), "--lang", "en", "results", "import", str(tmp_path / "no.json"))
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_report_in_the_terminal_and_as_json(run, cohort):
    result = cli(run, cohort, "report")
    assert result.exit_code == 0
    assert result.stdout.startswith("Training results report · all results\n12 trainees · 36 attempts (36 finished)")
    assert "Cronbach" in result.stdout and "Trainees, who needs help first" in result.stdout
    data = json.loads(cli(run, cohort, "report", "--json").stdout)
    assert data["cohort"]["attempts"] == 36 and len(data["items"]) == 6
    assert {"facility", "sd", "discrimination", "efficiency"} <= set(data["items"][0]["figures"])


def test_html_report_is_self_contained(run, cohort, tmp_path):
    page = tmp_path / "report.html"
    result = cli(run, cohort, "report", "--html", str(page), lang="zh-CN")
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert html.count("<svg") == 2  # the score histogram and the item scatter; the bars are HTML
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing is fetched
    assert "题目分析" in html and "@media print" in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_html_report_renders_in_headless_chromium(run, cohort, tmp_path, lang):
    page = tmp_path / f"report-{lang}.html"
    assert cli(run, cohort, "report", "--html", str(page), lang=lang).exit_code == 0
    shot = tmp_path / f"report-{lang}.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars", "--window-size=1200,1600",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 1600)
    assert len(data) > 60_000  # charts, tables and text: a blank or broken page compresses to a few KB


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ralph_bin() -> Path | None:
    folder = os.environ.get("RALPH_BIN")
    candidates = [Path(folder)] if folder else []
    found = shutil.which("ralph")
    if found:
        candidates.append(Path(found).parent)
    return next((c for c in candidates if (c / "ralph").exists() and (c / "uvicorn").exists()), None)


@pytest.mark.skipif(ralph_bin() is None, reason="no LRS: install ralph-malph[cli,lrs] and set RALPH_BIN to its bin folder")
def test_posting_to_a_real_lrs_and_reading_back(run, cohort, tmp_path):
    import base64
    import urllib.request

    folder = ralph_bin()
    app_dir = tmp_path / "lrs"
    (app_dir / "data").mkdir(parents=True)
    env = {**os.environ, "RALPH_APP_DIR": str(app_dir), "RALPH_RUNSERVER_BACKEND": "fs",
           "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(app_dir / "data")}
    subprocess.run([str(folder / "ralph"), "auth", "-u", "trainer", "-p", "secret", "-s", "all",
                    "-M", "mailto:trainer@example.com", "-w"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([str(folder / "uvicorn"), "ralph.api:app", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/xAPI/"
    auth = "Basic " + base64.b64encode(b"trainer:secret").decode()
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(urllib.request.Request(url + "statements", headers={
                    "Authorization": auth, "X-Experience-API-Version": "1.0.3"}), timeout=2)
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        result = cli(run, cohort, "export", "--format", "xapi", "--who", "E005", "--to", url, "--user", "trainer",
                     "--password", "secret")
        assert result.exit_code == 0, result.output
        assert "Sent 21 statements" in result.stderr  # 3 exams x (5 answers + completed + passed/failed)
        again = cli(run, cohort, "export", "--format", "xapi", "--who", "E005", "--to", url, "--user", "trainer",
                    "--password", "secret")
        assert again.exit_code == 0, again.output  # the same statement ids: the LRS keeps one copy
        request = urllib.request.Request(url + "statements?limit=100", headers={
            "Authorization": auth, "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as response:
            stored = json.loads(response.read())["statements"]
        assert len(stored) == 21
        registrations = {s["context"]["registration"] for s in stored}
        assert len(registrations) == 3
        answered = [s for s in stored if s["verb"]["id"].endswith("answered")]
        assert all(s["object"]["definition"]["type"].endswith("cmi.interaction") for s in answered)
        bad = cli(run, cohort, "export", "--format", "xapi", "--who", "E005", "--to", url, "--user", "trainer",
                  "--password", "wrong")
        assert bad.exit_code == 3 and "answered 401" in bad.output  # the LRS refused: an I/O failure (README, exit codes)
    finally:
        server.terminate()
        server.wait(timeout=10)
