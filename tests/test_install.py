"""A plain, non-editable `pip install .` into a fresh venv works from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(os.environ.get("ETIQUETTE_QUIZ_OFFLINE") == "1", reason="needs the package index")
def test_wheel_ships_the_bundled_banks(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("etiquette_quiz-*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    bundled = {Path(n).name for n in names if n.startswith("etiquette_quiz/bundled_banks/")}
    assert {p.name for p in (ROOT / "banks").glob("*.yaml")} <= bundled
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "etiquette_quiz").rglob("*.py")}
    assert modules <= set(names), f"missing from the wheel: {sorted(modules - set(names))}"

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["ETIQUETTE_QUIZ_HOME"] = str(tmp_path / "home")
    result = subprocess.run([str(bin_dir / "etiquette-quiz"), "--lang", "en", "bank", "validate"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: ")
    where = subprocess.run([str(python), "-c", "import etiquette_quiz.banks as b; print(b.bundled_banks_dir())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert str(env_dir) in where  # the installed copy, not this checkout
    version = subprocess.run([str(python), "-m", "etiquette_quiz", "--version"], cwd=elsewhere, env=env,
                             capture_output=True, text=True, check=True)
    assert version.stdout.startswith("etiquette-quiz ")
    # Every module imports from the installed copy (the terminal, exports and report ones too).
    every = "import pkgutil, importlib, etiquette_quiz as p; [importlib.import_module(m.name) for m in " \
            "pkgutil.walk_packages(p.__path__, 'etiquette_quiz.') if not m.name.endswith('__main__')]"
    subprocess.run([str(python), "-c", every], cwd=elsewhere, env=env, check=True, capture_output=True)
    report = subprocess.run([str(bin_dir / "etiquette-quiz"), "--lang", "en", "report"], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("Training results report")
