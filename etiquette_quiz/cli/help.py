"""`--help` in the interface language, with every command's description whole.

The English help is the text in the code (docstrings and `help=`); the Chinese comes from the i18n
tables (`i18n.HELP_ZH`, keyed by the English text, as gettext does: an English text edited without its
translation shows in English, and tests/test_help.py names it). The help page is written
here rather than by click, whose wrapping counts characters where a Chinese character takes two
cells, and whose command list cuts each description at about 45 characters ("the rule...").
Only typer is imported at the top, so `--help` starts in about the time of `import typer`.
"""

from __future__ import annotations

import inspect
import os
import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

LANG_META = "etiquette-quiz.help-lang"  # ctx.meta key: the --lang given before the command, if any
FIRST_COLUMN = 30  # an option or command name longer than this puts its help on the next line


class HelpCommand(TyperCommand):
    """A command whose help speaks the interface language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The help page, through write_help."""
        write_help(self, ctx, formatter)


class HelpGroup(TyperGroup):
    """A command group whose help speaks the interface language and lists its commands in full.

    Its commands and groups, however they were declared (a plain typer.Typer, @app.command), become
    HelpCommand and HelpGroup as they are looked up, so every help page of the program is written here.
    """

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The help page, through write_help."""
        write_help(self, ctx, formatter)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, made to write its help in the interface language."""
        command = super().get_command(ctx, cmd_name)
        if type(command) is TyperCommand:  # same fields, one method more: only the class changes
            command.__class__ = HelpCommand
        elif type(command) is TyperGroup:
            command.__class__ = HelpGroup
        return command

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Note --lang before parsing: `--help` is answered while the options are read, before they are used."""
        if ctx.parent is None:
            ctx.meta[LANG_META] = requested_language(args)
        return super().parse_args(ctx, args)


def requested_language(args: list[str]) -> str | None:
    """The value of --lang among the command line's arguments."""
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args):
            return args[n + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def help_language(ctx: Any) -> str:
    """The interface language for a help page: the global options' (--lang, the config file, the locale) once
    they are read, as for a command's help; else --lang or the locale (the program's own `--help`)."""
    root = ctx.find_root()
    lang = getattr(root.obj, "lang", None)
    if lang:
        return str(lang)
    requested = root.meta.get(LANG_META)
    if requested:
        return "zh-CN" if requested.lower().startswith("zh") else "en"
    if not any("zh" in os.environ.get(name, "").lower() for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")):
        return "en"  # the common case decided without importing the string tables
    from ..i18n import detect_language

    return detect_language()


def help_text(command_or_param: Any) -> str:
    """The English help of a command or an option as written in the code: the key of its translation."""
    return inspect.cleandoc(command_or_param.help or "")


def first_sentence(text: str) -> str:
    """A description's first sentence, whole: what a command list shows."""
    paragraph = inspect.cleandoc(text).split("\n\n", 1)[0].replace("\n", " ")
    match = re.search(r"(?<=[.!?])\s|(?<=[。！？])", paragraph)
    return paragraph[: match.start()].strip() if match else paragraph.strip()


class _English:
    """English help: the code's own texts, wrapped by character count (click's way, right for English)."""

    @staticmethod
    def text(english: str) -> str:
        return english

    @staticmethod
    def width(text: str) -> int:
        return len(text)

    @staticmethod
    def wrap(text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


class _Chinese:
    """Chinese help: i18n.HELP_ZH's translations (English where one is missing), wrapped by display width."""

    def __init__(self) -> None:
        from ..i18n import HELP_ZH
        from ..ui.layout import text_width, wrap

        self.table = HELP_ZH
        self.width = text_width
        self.wrap = wrap

    def text(self, english: str) -> str:
        return self.table.get(english, english)


def write_help(command: Any, ctx: Any, formatter: Any) -> None:
    """Write `command`'s help page into click's formatter, in the interface language."""
    words: Any = _Chinese() if help_language(ctx) == "zh-CN" else _English()
    width = max(40, formatter.width)
    usage = " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])
    label = words.text("Usage:")
    label += "" if label.endswith("：") else " "
    lines = [label + line if n == 0 else " " * words.width(label) + line
             for n, line in enumerate(words.wrap(usage, width - words.width(label)))]
    for paragraph in words.text(help_text(command)).split("\n\n"):
        lines.append("")
        lines += ["  " + line for line in words.wrap(paragraph.replace("\n", " "), width - 2)]
    arguments: list[tuple[str, str, str]] = []
    options: list[tuple[str, str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        name, shown = record
        own = param.help or ""
        extras = shown[len(own):].strip() if shown.startswith(own) else ""
        for english in ("default: ", "env var: ", "required"):  # click's notes: "[default: 10; required]"
            extras = extras.replace(english, words.text(english))
        row = (name, words.text(help_text(param)), extras)
        (arguments if param.param_type_name == "argument" else options).append(row)
    sections = [("Arguments:", arguments), ("Options:", options)]
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, first_sentence(words.text(help_text(sub))), ""))
        sections.append(("Commands:", rows))
    for heading, rows in sections:
        if rows:
            lines += ["", words.text(heading)]
            lines += _definitions(rows, width, words)
    formatter.write("\n".join(lines) + "\n")


def _definitions(rows: list[tuple[str, str, str]], width: int, words: Any) -> list[str]:
    """Names and their help in two columns, the help wrapped to the width;
    the "[default: …]" note is never split: it goes on a line of its own when the last one is full."""
    first = min(FIRST_COLUMN, max(words.width(name) for name, _, _ in rows))
    indent = 2 + first + 2
    room = max(20, width - indent)
    out = []
    for name, described, extras in rows:
        wrapped = words.wrap(described, room) if described else [""]
        if extras and words.width(wrapped[-1]) + 2 + words.width(extras) <= room:
            wrapped[-1] = f"{wrapped[-1]}  {extras}".strip()
        elif extras:
            wrapped.append(extras)
        if words.width(name) <= first:
            out.append(("  " + name + " " * (first - words.width(name) + 2) + wrapped[0]).rstrip())
        else:
            out.append("  " + name)
            out.append(" " * indent + wrapped[0])
        out += [" " * indent + line for line in wrapped[1:]]
    return out
