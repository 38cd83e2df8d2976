"""The trainer's `bank` commands and the global options, through typer's runner."""

from __future__ import annotations

import json

import pytest
import yaml

from .conftest import CORPUS, DATA

SAMPLE = str(DATA / "sample-bank.yaml")


def test_version(run):
    from etiquette_quiz import __version__

    result = run("--version")
    assert (result.exit_code, result.output) == (0, f"etiquette-quiz {__version__}\n")


def test_help_lists_commands_and_global_options(run):
    result = run("--help")
    assert result.exit_code == 0
    for word in ("--banks DIR", "--lang LANG", "--debug", "--version", "bank"):
        assert word in result.output


def test_every_command_has_help_text(run):
    from etiquette_quiz.cli import app, bank_app

    for typer_app in (app, bank_app):
        for command in typer_app.registered_commands:
            assert command.callback.__doc__, command.callback.__name__


def test_validate_a_valid_bank(run):
    result = run("--lang", "en", "bank", "validate", SAMPLE)
    assert (result.exit_code, result.output) == (
        0, "OK: 1 file checked — 1 bank, 0 exams, 8 questions.\n")


def test_validate_a_folder_with_bank_and_exam(run):
    result = run("--lang", "zh-CN", "bank", "validate", str(DATA))
    assert (result.exit_code, result.output) == (0, "通过：已检查 2 个文件 — 1 个题库、1 套考试、8 道题。\n")


def test_validate_without_paths_checks_every_loaded_bank(run):
    result = run("--lang", "en", "bank", "validate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")


def test_extra_banks_folder_may_replace_a_bundled_bank(run):
    result = run("--lang", "en", "--banks", str(DATA), "bank", "validate")
    assert result.exit_code == 0, result.output


def test_exact_error_output_in_english_and_chinese(run, monkeypatch):
    monkeypatch.chdir(CORPUS)
    path = "unknown-rule.yaml"
    result = run("--lang", "en", "bank", "validate", path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:5:5: warning: no question tests the rule `greet` — add a question with `rule: greet`, or remove the rule",
        f"{path}:10:11: error: the rule `greeet` is not defined in this bank's `rules` — did you mean `greet`?",
        "1 error, 1 warning in 1 file.",
    ]
    result = run("--lang", "zh-CN", "bank", "validate", path)
    assert result.output.splitlines()[1] == (
        f"{path}:10:11: 错误: 本题库的 `rules` 中没有规则 `greeet` — 您是不是想写 `greet`？")


def test_locale_chooses_the_message_language(run, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    result = run("bank", "validate", str(CORPUS / "unknown-key.yaml"))
    assert "题目中有未知的键 `promt` — 您是不是想写 `prompt`？" in result.output


def test_json_format_for_ci(run, monkeypatch):
    monkeypatch.chdir(CORPUS.parent)
    path = "corpus/unknown-key.yaml"
    result = run("--lang", "en", "bank", "validate", "--format", "json", path)
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "ok": False, "files": 1, "errors": 1, "warnings": 0,
        "problems": [{
            "file": path, "line": 11, "column": 5, "severity": "error", "code": "unknown-key",
            "message": "unknown key `promt` in a question", "fix": "did you mean `prompt`?",
        }],
    }


def test_strict_turns_warnings_into_failure(run):
    path = str(CORPUS / "warn-no-explain.yaml")
    assert run("--lang", "en", "bank", "validate", path).exit_code == 0
    result = run("--lang", "en", "bank", "validate", "--strict", path)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Warnings count as errors (--strict)."


def test_missing_path_is_one_sentence_and_a_usage_error(run):
    result = run("--lang", "en", "bank", "validate", "nope.yaml")
    assert result.exit_code == 2
    assert result.output == "error: nope.yaml: no such file or folder — check the path and try again.\n"


def test_unknown_interface_language(run):
    result = run("--lang", "fr", "bank", "validate")
    assert result.exit_code == 2
    assert result.output == "error: --lang fr: unknown interface language — use zh-CN or en.\n"


def test_debug_shows_the_traceback_of_a_user_error(run):
    from etiquette_quiz.problems import UserError

    with pytest.raises(UserError, match="no such file or folder"):
        run("--debug", "bank", "validate", "nope.yaml")


def test_a_real_bug_still_raises(run, monkeypatch):
    import etiquette_quiz.banks.library as library

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(library, "check_files", broken)
    with pytest.raises(RuntimeError, match="bug"):
        run("bank", "validate", SAMPLE)


def test_schema_accepts_valid_files_and_rejects_typos(run):
    jsonschema = pytest.importorskip("jsonschema")
    result = run("bank", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    from etiquette_quiz.banks import bundled_banks_dir

    for path in [DATA / "sample-bank.yaml", DATA / "sample-exam.yaml", *sorted(bundled_banks_dir().glob("*.yaml"))]:
        errors = list(validator.iter_errors(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)))
        assert errors == [], f"{path}: {errors[0].message}"
    for name in ("unknown-key", "key-not-for-type", "bad-scoring", "unknown-type"):
        document = yaml.load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        assert not validator.is_valid(document), name


def test_schema_keys_match_the_loader():
    from etiquette_quiz.banks import keys as banks
    from etiquette_quiz.banks.schema import json_schema

    bank_schema, exam_schema = json_schema()["oneOf"]
    definitions = json_schema()["definitions"]
    assert set(bank_schema["properties"]) == set(banks.BANK_KEYS)
    assert set(exam_schema["properties"]) == set(banks.EXAM_KEYS)
    assert set(definitions["section"]["properties"]) == set(banks.SECTION_KEYS)
    assert set(definitions["question"]["properties"]) == set(banks.ALL_QUESTION_KEYS)
    assert set(bank_schema["properties"]["rules"]["items"]["properties"]) == set(banks.RULE_KEYS)
    assert set(bank_schema["properties"]["sources"]["items"]["properties"]) == set(banks.SOURCE_KEYS)


def test_stats_table(run):
    result = run("--lang", "en", "bank", "stats", SAMPLE)
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert lines[:5] == [
        "Questions per bank and type",
        "                                        true or",
        "Bank    single choice  multiple choice    false  put in order  fill in  what to say  match up  Total",
        "─" * 100,
        "sample              2                1        1             1        1            1         1      8",
    ]
    assert "sample        1        7        0            2      2         0" in lines
    # UX-15: hundreds of rules are summed up, not listed, unless asked for
    assert not any("ring-three" in line for line in lines)
    assert "Questions per rule, over 2 rules: fewest 4, median 4, most 4" in result.output
    assert lines[-1] == "Every rule has at least one question."
    listed = run("--lang", "en", "bank", "stats", "--per-rule", SAMPLE)
    assert "sample  ring-three          4" in [line.rstrip() for line in listed.output.splitlines()]
