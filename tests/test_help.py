"""`--help` speaks the interface language and never cuts a command's description (UX-11, issue 13.5)."""

from __future__ import annotations

import inspect

import pytest
import typer

from etiquette_quiz.cli import app
from etiquette_quiz.cli.help import first_sentence
from etiquette_quiz.i18n import HELP_ZH
from etiquette_quiz.ui.layout import text_width


def commands(group=None, path=()):
    """(path, click command) for the program and every command and group under it."""
    group = group or typer.main.get_command(app)
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from commands(command, (*path, name))


def english_texts() -> set[str]:
    texts = {"Usage:", "Arguments:", "Options:", "Commands:", "default: ", "env var: ", "required",
             "Show this message and exit."}
    for _, command in commands():
        texts.add(inspect.cleandoc(command.help or ""))
        texts |= {param.help for param in command.params if getattr(param, "help", None)}
    return texts


def test_every_help_text_has_a_chinese_translation_and_none_is_stale():
    texts = english_texts()
    assert sorted(texts - set(HELP_ZH)) == []
    assert sorted(set(HELP_ZH) - texts) == []


@pytest.mark.parametrize("path", [p for p, _ in commands()], ids=lambda p: " ".join(p) or "etiquette-quiz")
def test_help_is_chinese_with_lang_and_under_a_chinese_locale(run, monkeypatch, path):
    zh = run("--lang", "zh-CN", *path, "--help")
    assert zh.exit_code == 0
    assert zh.output.startswith("用法：")
    assert "Show this message" not in zh.output and "显示本帮助并退出。" in zh.output
    assert all(text_width(line) <= 80 for line in zh.output.splitlines()), zh.output  # the runner is 80 wide
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run(*path, "--help").output.startswith("用法：")
    assert run("--lang", "en", *path, "--help").output.startswith("Usage:")


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_the_command_list_gives_each_first_sentence_whole(run, lang):
    output = run("--lang", lang, "--help").output
    listing = " ".join(output.split("命令：" if lang == "zh-CN" else "Commands:")[1].split())
    assert "..." not in listing  # click's cut ("the rule...")
    for path, command in commands():
        if len(path) == 1:
            help_text = inspect.cleandoc(command.help or "")
            sentence = first_sentence(HELP_ZH[help_text] if lang == "zh-CN" else help_text)
            assert sentence.endswith((".", "。")) or "\n\n" not in help_text
            assert "".join(sentence.split()) in "".join(listing.split()), sentence


def test_english_help_imports_neither_the_string_tables_nor_the_line_breaker():
    """`--help` stays as fast as `import typer`: English help reads the texts already in the code."""
    import subprocess
    import sys

    code = ("import sys; sys.argv = ['etiquette-quiz', '--help']\n"
            "from etiquette_quiz.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m in ('etiquette_quiz.i18n', 'etiquette_quiz.ui.layout', 'rich')))")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
