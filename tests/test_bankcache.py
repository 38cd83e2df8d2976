"""The per-file cache of parsed banks: reads only what a run needs, never serves stale content."""

from __future__ import annotations

import os
import shutil

import pytest

import etiquette_quiz.banks.cache as bankcache
from etiquette_quiz.banks import bundled_banks_dir, load_library
from etiquette_quiz.banks.cache import Wanted, load_library_cached

from .conftest import CORPUS, DATA


@pytest.fixture
def folder(tmp_path):
    banks = tmp_path / "banks"
    shutil.copytree(DATA, banks)
    return banks


def no_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed a file the cache holds")

    monkeypatch.setattr(bankcache, "load_file", refuse)


def test_second_run_reads_the_cache_and_matches_a_fresh_load(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_library_cached([folder], [], cache)
    assert (cache / "index.json").exists()
    no_parsing(monkeypatch)
    second = load_library_cached([folder], [], cache)
    assert second.library.bank("sample") == first.library.bank("sample")
    assert [e.id for e in second.library.exams] == ["sample-exam"]


def test_an_edited_file_is_parsed_again(folder, tmp_path):
    cache = tmp_path / "cache"
    load_library_cached([folder], [], cache)
    bank = folder / "sample-bank.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("示例题库", "改过的题库"), encoding="utf-8")
    os.utime(bank, ns=(1, 1))  # even with an old time stamp, the size or inode gives it away
    again = load_library_cached([folder], [], cache)
    assert again.library.bank("sample").title.get("zh-CN") == "改过的题库"


def test_only_the_wanted_banks_are_read(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    bundled = [bundled_banks_dir()]
    load_library_cached(bundled + [folder], bundled, cache)
    no_parsing(monkeypatch)
    result = load_library_cached(bundled + [folder], bundled, cache, Wanted(banks=frozenset({"grooming"}), exams=frozenset()))
    assert [b.id for b in result.library.banks] == ["grooming"]
    result = load_library_cached(bundled + [folder], bundled, cache, Wanted(banks=frozenset(), exams=frozenset({"new-hire"})))
    assert sorted(b.id for b in result.library.banks) == ["business-cards", "forbidden-phrases", "grooming",
                                                           "phone-scripts", "posture"]
    assert [e.id for e in result.library.exams] == ["new-hire"]


def test_a_damaged_cache_entry_is_rebuilt(folder, tmp_path):
    cache = tmp_path / "cache"
    load_library_cached([folder], [], cache)
    for blob in cache.glob("*.pickle"):
        blob.write_bytes(b"not a pickle")
    result = load_library_cached([folder], [], cache)
    assert result.library.bank("sample") is not None and result.problems == []


def test_problems_of_broken_files_survive_the_cache(tmp_path, monkeypatch):
    folder = tmp_path / "broken"
    folder.mkdir()
    shutil.copy(CORPUS / "unknown-key.yaml", folder)
    cache = tmp_path / "cache"
    first = load_library_cached([folder], [], cache)
    no_parsing(monkeypatch)
    second = load_library_cached([folder], [], cache)
    assert [(p.code, p.line) for p in second.errors] == [(p.code, p.line) for p in first.errors] == [("unknown-key", 11)]


def test_cached_bundled_library_equals_the_uncached_one(tmp_path):
    bundled = [bundled_banks_dir()]
    cached = load_library_cached(bundled, bundled, tmp_path / "cache").library
    fresh = load_library().library
    assert cached.banks == fresh.banks and cached.exams == fresh.exams
