"""`bank export`: loaded banks -> spreadsheets, GIFT, Moodle XML, Aiken or Markdown.

What a format cannot carry is collected as `Loss`es: one per question for what that question
loses (an `order` question in GIFT, a `script` that becomes an essay), one per bank for what no
question of that format keeps (rules, translations, difficulty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Bank

EXTENSIONS = {"xlsx": ".xlsx", "csv": ".csv", "gift": ".gift.txt", "moodle-xml": ".xml", "aiken": ".aiken.txt",
              "md": ".md"}
FORMAT_NAMES = {"xlsx": "Excel", "csv": "CSV", "gift": "GIFT", "moodle-xml": "Moodle XML", "aiken": "Aiken",
                "md": "Markdown"}


# What a format may fail to carry; each a phrase in i18n.
LOSSES = {
    "order": "loss.order", "fill-blanks": "loss.fill-blanks", "script": "loss.script",
    "script-essay": "loss.script-essay", "type": "loss.type",
    "all-or-nothing": "loss.all-or-nothing", "fraction": "loss.fraction", "scenario": "loss.scenario",
    "feedback": "loss.feedback", "explain": "loss.explain", "newlines": "loss.newlines",
    "cloze-translation": "loss.cloze-translation", "translations": "loss.translations", "rules": "loss.rules",
    "rule-ids": "loss.rule-ids", "difficulty": "loss.difficulty", "points": "loss.points", "tags": "loss.tags",
    "examples": "loss.examples",
}


@dataclass(frozen=True)
class Loss:
    """Something a format could not carry: for one question (`question` set) or for the whole bank."""

    bank: str
    question: str | None
    what: tuple[str, ...]  # loss codes (i18n: loss.<code>)
    skipped: bool = False  # the question was left out of the file
    detail: str = ""

    def format(self, lang: str, fmt: str) -> str:
        """'bank/question: FORMAT cannot carry …' in `lang`."""
        from ..i18n import t

        where = f"{self.bank}/{self.question}" if self.question else self.bank
        sep = t("list.sep", lang)
        what = sep.join(t(LOSSES[code], lang) for code in self.what)
        if self.detail:
            what += f" ({self.detail})"
        key = "loss.skipped" if self.skipped else "loss.line"
        return t(key, lang, where=where, format=FORMAT_NAMES[fmt], what=what)


@dataclass
class Exported:
    """One file written: the bank(s) in it, how many questions, and what was lost."""

    path: str
    banks: list[str]
    questions: int
    losses: list[Loss] = field(default_factory=list)
    extra_files: list[str] = field(default_factory=list)


def bank_losses(bank: Bank, kinds: tuple[str, ...]) -> list[Loss]:
    """One loss per bank for each of `kinds` the bank uses and the format never carries."""
    from .table import bank_languages

    used = {
        "translations": len(bank_languages(bank)) > 1,
        "rules": bool(bank.rules),
        "difficulty": any(q.difficulty != 2 for q in bank.questions),
        "points": any(q.points != 1 for q in bank.questions),
        "tags": any(q.tags for q in bank.questions),
        "examples": any(q.examples is not None or q.tolerance is not None for q in bank.questions),
    }
    return [Loss(bank.id, None, (kind,)) for kind in kinds if used.get(kind)]


def output_paths(banks: list[Bank], fmt: str, out: str | None) -> list[str]:
    """Where each bank goes: `out` as the file for one bank, as a folder for several; default `<id><ext>`."""
    ext = EXTENSIONS[fmt]
    if out == "-":
        return ["-"] * len(banks)
    if out is None:
        return [f"{bank.id}{ext}" for bank in banks]
    target = Path(out)
    if len(banks) == 1 and not target.is_dir() and not out.endswith(("/", "\\")):
        return [out]
    return [str(target / f"{bank.id}{ext}") for bank in banks]


def export_bank(bank: Bank, fmt: str, path: str, lang: str) -> Exported:
    """Write one bank in `fmt`; `lang` is the language of the spreadsheet headers."""
    if fmt in ("xlsx", "csv"):
        from .table import bank_layout

        layout = bank_layout(bank, lang)
        if fmt == "xlsx":
            from .template import example_rows
            from .xlsx import write_workbook

            header, examples = example_rows(lang)
            write_workbook(path, layout, examples, header)
            return Exported(path, [bank.id], len(bank.questions))
        from .csvfile import write_csv

        written = write_csv(path, layout)
        return Exported(path, [bank.id], len(bank.questions), extra_files=written[1:])
    if fmt == "gift":
        from .gift import write_gift

        return write_gift(bank, path)
    if fmt == "moodle-xml":
        from .moodle import write_moodle

        return write_moodle(bank, path)
    if fmt == "aiken":
        from .aiken import write_aiken

        return write_aiken(bank, path)
    from .text import write_markdown

    return write_markdown(bank, path, lang)


def resolve_banks(names: list[str], extra_dirs: list[Path]) -> list[Bank]:
    """Banks named by file (or folder) path or by id among the loaded ones; invalid files are refused."""
    from ..banks import load_library, load_paths
    from ..errors import InvalidInput, UserError

    out: list[Bank] = []
    library = None
    for name in names:
        path = Path(name)
        if path.exists():
            result = load_paths([path])
            broken = sorted({p.path for p in result.errors})
            if broken:
                raise InvalidInput("error.export-invalid", path=broken[0])
            files = {f.path for f in result.files}
            out += [b for b in result.library.banks if b.path in files]
            continue
        if library is None:
            library = load_library(extra_dirs).library
        bank = library.bank(name)
        if bank is None:
            raise UserError("error.export-unknown-bank", value=name, known=", ".join(b.id for b in library.banks))
        out.append(bank)
    return list({bank.id: bank for bank in out}.values())
