"""The per-file cache of parsed banks: reads only what a run needs, never serves stale content."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


def entries(cache):
    return sorted(p for p in cache.glob("*.json") if p.name != "index.json")


def test_a_damaged_cache_entry_is_rebuilt_with_a_warning(folder, tmp_path):
    cache = tmp_path / "cache"
    load_library_cached([folder], [], cache)
    assert entries(cache)
    for entry in entries(cache):
        data = entry.read_bytes()
        entry.write_bytes(data.replace("示例题库".encode(), "改掉的题库".encode()))  # the checksum no longer fits
    result = load_library_cached([folder], [], cache)
    assert result.library.bank("sample").title.get("zh-CN") == "示例题库" and result.problems == []
    damaged = sorted(Path(args["file"]).name for code, args in result.notices if code == "cache.entry-damaged")
    assert damaged == ["sample-bank.yaml"] and len(result.notices) == 1  # the exam holds no such text
    again = load_library_cached([folder], [], cache)  # rebuilt: quiet from now on
    assert again.notices == []


class Planted:
    """What a hostile user would leave in a writable cache folder: unpickling it runs a command."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_never_runs(folder, tmp_path):
    import pickle

    cache = tmp_path / "cache"
    marker = tmp_path / "planted-pickle-ran"
    load_library_cached([folder], [], cache)
    payload = pickle.dumps(Planted(marker))
    for entry in entries(cache):
        entry.write_bytes(payload)
        entry.with_suffix(".pickle").write_bytes(payload)  # the name the old cache read
    result = load_library_cached([folder], [], cache)
    assert not marker.exists()
    assert result.library.bank("sample") is not None


def test_names_in_the_index_cannot_reach_outside_the_folder(folder, tmp_path):
    import json
    import pickle

    cache = tmp_path / "cache"
    marker = tmp_path / "outside-ran"
    load_library_cached([folder], [], cache)
    outside = tmp_path / "evil"
    for suffix in ("", ".json", ".pickle"):
        outside.with_name("evil" + suffix).write_bytes(pickle.dumps(Planted(marker)))
    index = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    for entry in index["files"].values():
        entry["blob"] = "../evil"
    (cache / "index.json").write_text(json.dumps(index), encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = load_library_cached([folder], [], cache)
    assert not marker.exists() and sorted(tmp_path.iterdir()) == before
    assert result.library.bank("sample") is not None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owner and mode bits are POSIX")
def test_a_cache_folder_others_can_write_is_emptied_and_made_private(folder, tmp_path):
    cache = tmp_path / "cache"
    load_library_cached([folder], [], cache)
    planted = cache / "planted.json"
    planted.write_text("{}", encoding="utf-8")
    cache.chmod(0o777)
    result = load_library_cached([folder], [], cache)
    assert [code for code, _ in result.notices] == ["cache.made-private"]
    assert cache.stat().st_mode & 0o777 == 0o700 and not planted.exists()
    assert result.library.bank("sample") is not None
    assert load_library_cached([folder], [], cache).notices == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owner and mode bits are POSIX")
def test_a_cache_folder_of_another_user_is_not_used(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    load_library_cached([folder], [], cache)
    monkeypatch.setattr(bankcache.os, "getuid", lambda: os.stat(cache).st_uid + 1)  # as if someone else ran it
    no_parsing_calls = []
    real = bankcache.load_file
    monkeypatch.setattr(bankcache, "load_file", lambda *a, **k: no_parsing_calls.append(a) or real(*a, **k))
    result = load_library_cached([folder], [], cache)
    assert [code for code, _ in result.notices] == ["cache.not-used"]
    assert len(no_parsing_calls) == 2 and result.library.bank("sample") is not None  # read afresh, both files


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owner and mode bits are POSIX")
def test_an_entry_others_may_write_is_not_read(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    load_library_cached([folder], [], cache)
    for entry in entries(cache):
        entry.chmod(0o666)
    parsed = []
    real = bankcache.load_file
    monkeypatch.setattr(bankcache, "load_file", lambda *a, **k: parsed.append(a) or real(*a, **k))
    load_library_cached([folder], [], cache)
    assert parsed  # parsed again rather than trusted


def test_the_codec_round_trips_every_bundled_document_and_problem():
    import json

    from etiquette_quiz.banks import load_file
    from etiquette_quiz.banks.codec import decode_result, encode_result

    files = sorted(bundled_banks_dir().glob("*.yaml")) + sorted(CORPUS.glob("*.yaml")) + sorted(DATA.glob("*.yaml"))
    for path in files:
        result = load_file(path)
        back = decode_result(json.loads(json.dumps(encode_result(result))))
        assert back.document == result.document, path
        assert back.problems == result.problems, path
        assert (back.positions, back.declared, back.id_position) == (result.positions, result.declared,
                                                                      result.id_position), path
        if back.document is not None and hasattr(back.document, "questions"):
            assert [q.content_hash for q in back.document.questions] == [q.content_hash for q in result.document.questions]


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1],  # not a list of 7
    lambda data: [data[0] + 1] + data[1:],  # another codec version
    lambda data: data[:2] + [["bank", ["x"]]] + data[3:],  # a bank of the wrong shape
    lambda data: data[:2] + [["bank", data[2][1][:3] + [7] + data[2][1][4:]]] + data[3:],  # a language that is a number
])
def test_data_of_the_wrong_shape_is_a_codec_error(damage):
    from etiquette_quiz.banks import load_file
    from etiquette_quiz.banks.codec import CodecError, decode_result, encode_result

    data = encode_result(load_file(DATA / "sample-bank.yaml"))
    with pytest.raises(CodecError):
        decode_result(damage(data))


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


def test_the_decoders_set_every_field_of_the_model():
    """A field added to the model must be added to banks/codec.py (and CODEC_VERSION raised), or cached
    banks would lack it: the decoders bypass __init__ and its defaults."""
    import json
    from dataclasses import fields, is_dataclass

    from etiquette_quiz.banks import load_file
    from etiquette_quiz.banks.codec import decode_result, encode_result

    seen: dict[type, set[str]] = {}

    def walk(value):
        if is_dataclass(value) and not isinstance(value, type):
            seen.setdefault(type(value), set()).update(k for k in vars(value) if k != "content_hash")
            for f in fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)

    for path in sorted(bundled_banks_dir().glob("*.yaml")) + sorted(DATA.glob("*.yaml")):
        walk(decode_result(json.loads(json.dumps(encode_result(load_file(path))))).document)
    assert len(seen) >= 12
    for cls, names in seen.items():
        assert names == {f.name for f in fields(cls)}, cls.__name__
