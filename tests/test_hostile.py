"""Hostile input ends in a clean, located error: nothing executes, nothing explodes."""

from __future__ import annotations

import random
import time
import tracemalloc
from pathlib import Path

import pytest

from etiquette_quiz.banks import load_file
from etiquette_quiz.problems import ERROR

from .conftest import CORPUS, DATA


def codes(path: Path) -> set[str]:
    return {p.code for p in load_file(path).problems if p.severity == ERROR}


@pytest.mark.parametrize("tag", [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/new:os.system ["touch {marker}"]',
    '!!python/name:os.system',
    '!!python/module:os',
])
def test_unsafe_tags_are_errors_and_never_run(tmp_path, run, tag):
    marker = tmp_path / "pwned"
    bank = tmp_path / "evil.yaml"
    bank.write_text(f"bank: evil\ntitle: {tag.format(marker=marker)}\nquestions: []\n", encoding="utf-8")
    result = run("--lang", "en", "bank", "validate", str(bank))
    assert result.exit_code == 1
    assert "evil.yaml:2:8: error: the tag !!python/" in result.output
    assert not marker.exists()


def billion_laughs(levels: int = 9) -> str:
    lines = ["bank: lol", "title: lol", "questions: []", "lol:", '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"  {name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines.append(f"  z: *{previous}")
    return "\n".join(lines) + "\n"


def test_alias_bomb_fails_fast_with_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(), encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    result = load_file(bomb)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "alias-bomb" in {p.code for p in result.problems}
    assert elapsed < 2.0
    assert peak < 50 * 1024 * 1024


def test_reused_anchors_within_bounds_are_fine(tmp_path):
    bank = tmp_path / "anchors.yaml"
    bank.write_text(
        "bank: anchors\ntitle: t\nrules:\n  - {id: r, text: 规则}\nquestions:\n"
        "  - {id: a, type: single, rule: r, prompt: 问, correct: 对, wrong: &w [错, 不对], explain: 因为}\n"
        "  - {id: b, type: single, rule: r, prompt: 再问, correct: 是, wrong: *w, explain: 因为}\n",
        encoding="utf-8",
    )
    result = load_file(bank)
    assert [p for p in result.problems if p.severity == ERROR] == []
    assert len(result.document.questions) == 2


def test_binary_junk_is_a_clean_error(tmp_path, run):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(random.Random(7).randbytes(4096))
    result = run("--lang", "en", "bank", "validate", str(junk))
    assert result.exit_code == 1
    assert result.output.startswith(f"{junk}:")
    assert "not UTF-8" in result.output or "control character" in result.output


def test_nul_bytes_in_utf8_are_a_clean_error(tmp_path):
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"bank: x\ntitle: \x00\x01\nquestions: []\n")
    result = load_file(path)
    assert [(p.code, p.line) for p in result.problems] == [("yaml-control", 2)]


def test_five_megabyte_single_line_text_is_rejected_without_echoing_it(tmp_path, run):
    path = tmp_path / "long.yaml"
    path.write_text("bank: long\ntitle: " + "长" * 5_000_000 + "\nquestions: []\n", encoding="utf-8")
    result = run("--lang", "en", "bank", "validate", str(path))
    assert result.exit_code == 1
    assert "long.yaml:2:8: error: `title` is 5000000 characters long, over the limit of 10000" in result.output
    assert len(result.output) < 1000


def test_five_megabyte_line_of_syntax_junk_is_a_located_error(tmp_path, run):
    path = tmp_path / "junk-line.yaml"
    path.write_text("bank: x\n" + "a: b: " * 900_000 + "\n", encoding="utf-8")
    result = run("--lang", "en", "bank", "validate", str(path))
    assert result.exit_code == 1
    assert "junk-line.yaml:2:" in result.output
    assert len(result.output) < 1000


def test_deep_nesting_never_reaches_the_c_parser(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("bank: x\ntitle: t\nquestions: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert codes(path) == {"yaml-too-deep"}


def test_legacy_chinese_encoding_is_named(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("bank: gbk\ntitle: 仪容仪表\nquestions: []\n".encode("gbk"))
    (problem,) = load_file(path).problems
    assert (problem.code, problem.line) == ("encoding-not-utf8", 2)
    assert "GB18030" in problem.message("en")


def test_utf16_is_named(tmp_path):
    path = tmp_path / "utf16.yaml"
    path.write_bytes("bank: x\ntitle: 标题\nquestions: []\n".encode("utf-16"))
    (problem,) = load_file(path).problems
    assert problem.code == "encoding-utf16"


def test_utf8_with_bom_loads(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "sample-bank.yaml").read_bytes())
    result = load_file(path)
    assert result.problems == []
    assert result.document.id == "sample"


def test_mutated_files_never_raise():
    """Random byte edits of every corpus and sample file: the loader reports, it never crashes."""
    rng = random.Random(2024)
    sources = sorted(CORPUS.glob("*.yaml")) + [DATA / "sample-bank.yaml"]
    originals = [p.read_bytes() for p in sources]
    alphabet = b"[]{}:-,&*!|>'\"#%@`\n\t \x00\xff" + "：中文".encode()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "mutant.yaml"
        for _ in range(600):
            data = bytearray(rng.choice(originals))
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(data) + 1)
                choice = rng.random()
                if choice < 0.4 and data:
                    del data[at: at + rng.randint(1, 8)]
                elif choice < 0.8:
                    data[at:at] = bytes([rng.choice(alphabet)])
                else:
                    data[at:at] = data[rng.randrange(len(data) + 1):][:20]
            target.write_bytes(bytes(data))
            load_file(target)  # must not raise
