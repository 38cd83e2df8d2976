"""The spreadsheet layout (one row per question), read from and written to .xlsx, .xls and .csv.

Sheets: 题目 (questions), 题库信息 (the bank's id, title, language, version, description),
规则 (rules), 出处 (sources), 说明 (a guide, never read). Headers are matched by name, with the
aliases other exam systems use; English headers (`bank template --lang en`) are read too.
Translations sit in columns with a language suffix: `题干[en]`, `选项A[en]`, `答案[en]`.

Inside a cell: several answers or phrases are split by `|` (groups: blanks, `must` groups,
forbidden phrases) and `;` (interchangeable variants within a group); a `\\` before either
keeps it as text. Choice answers are letters (`B`, `ACD`, `A,C,D`, `A、C、D`, `A;C;D`).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import (
    Alternatives,
    Bank,
    ChoiceBody,
    FillBody,
    MatchBody,
    OrderBody,
    Question,
    QuestionType,
    Scoring,
    ScriptBody,
    Text,
    Tolerance,
    TrueFalseBody,
)
from .draft import (
    ID_RE,
    Draft,
    Origin,
    QuestionDraft,
    assign_question_ids,
    rule_id_from_text,
)

# -- names -----------------------------------------------------------------------------------

TYPE_LABELS: dict[str, tuple[str, str]] = {  # type -> (zh-CN, en)
    "single": ("单选题", "single"), "multi": ("多选题", "multi"), "truefalse": ("判断题", "truefalse"),
    "order": ("排序题", "order"), "fill": ("填空题", "fill"), "script": ("话术题", "script"),
    "match": ("匹配题", "match"),
}
_TYPE_ALIASES: dict[str, str] = {
    **{alias: "single" for alias in ("单选题", "单选", "单项选择题", "单项选择", "单择题", "single", "singlechoice",
                                     "multiplechoice", "choice", "radio")},
    **{alias: "multi" for alias in ("多选题", "多选", "多项选择题", "多项选择", "不定项选择题", "不定项选择", "不定项",
                                    "multi", "multiple", "multipleanswer", "multipleresponse", "checkbox")},
    **{alias: "truefalse" for alias in ("判断题", "判断", "是非题", "对错题", "truefalse", "tf", "trueorfalse",
                                        "boolean")},
    **{alias: "order" for alias in ("排序题", "排序", "order", "ordering", "sequence")},
    **{alias: "fill" for alias in ("填空题", "填空", "fill", "fillin", "fillintheblank", "fillintheblanks", "blank",
                                   "blanks", "cloze", "shortanswer")},
    **{alias: "script" for alias in ("话术题", "话术", "情景题", "情景话术题", "情景话术", "script")},
    **{alias: "match" for alias in ("匹配题", "匹配", "连线题", "连线", "配对题", "配对", "match", "matching")},
}
# Essay-style types of other systems: their answer cell is a reference answer, not key phrases.
_ESSAY_ALIASES = frozenset({"简答题", "简答", "问答题", "问答", "主观题", "论述题", "essay"})
DIFFICULTY_LABELS: dict[int, tuple[str, str]] = {1: ("简单", "easy"), 2: ("中等", "medium"), 3: ("困难", "hard")}
_DIFFICULTY_ALIASES: dict[str, int] = {
    **{a: 1 for a in ("1", "简单", "容易", "易", "较易", "低", "初级", "★", "easy", "low", "e")},
    **{a: 2 for a in ("2", "中等", "一般", "中", "适中", "中级", "★★", "medium", "normal", "moderate", "m")},
    **{a: 3 for a in ("3", "困难", "难", "较难", "高", "高级", "★★★", "hard", "difficult", "high", "h")},
}
SCORING_LABELS: dict[str, tuple[str, str]] = {
    "partial": ("部分得分", "partial"), "all-or-nothing": ("全对得分", "all-or-nothing"),
}
_SCORING_ALIASES: dict[str, str] = {
    **{a: "partial" for a in ("部分得分", "按比例得分", "按比例", "部分给分", "少选得分", "partial", "partialcredit")},
    **{a: "all-or-nothing" for a in ("全对得分", "全部正确得分", "全对才得分", "全对", "all-or-nothing", "allornothing",
                                     "all")},
}
TRUE_WORDS = frozenset({"正确", "对", "√", "✓", "✔", "是", "t", "true", "y", "yes", "1", "对的", "right", "correct"})
FALSE_WORDS = frozenset({"错误", "错", "×", "✗", "✘", "x", "否", "f", "false", "n", "no", "0", "错的", "wrong",
                         "incorrect"})
_MATCHING_NAMES: dict[str, str] = {
    "繁体": "traditional", "traditional": "traditional", "同音": "homophones", "homophones": "homophones",
    "插字": "insertions", "insertions": "insertions", "词形": "word_forms", "word_forms": "word_forms",
    "wordforms": "word_forms",
}
MATCHING_LABELS = {"traditional": ("繁体", "traditional"), "homophones": ("同音", "homophones"),
                   "insertions": ("插字", "insertions"), "word_forms": ("词形", "word_forms")}


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


QUESTION_COLUMNS: tuple[Column, ...] = (
    Column("id", "题号", "ID", ("编号", "题目编号", "试题编号", "题目id", "试题id", "questionid", "试题编码")),
    Column("type", "题型", "Type", ("题目类型", "试题类型", "类型", "questiontype")),
    Column("prompt", "题干", "Prompt", ("题目", "题目内容", "试题", "试题内容", "问题", "题面", "试题题干", "question",
                                         "stem", "questiontext")),
    Column("scenario", "情景", "Scenario", ("场景", "情境", "情景描述")),
    Column("answer", "答案", "Answer", ("正确答案", "正确选项", "标准答案", "参考答案", "答案选项", "correctanswer", "key",
                                         "correct")),
    Column("never", "禁用语", "Forbidden phrases", ("禁语", "服务禁语", "禁用话术", "forbidden", "never")),
    Column("model", "参考话术", "Model answer", ("标准话术", "示范话术", "示范回答", "参考回答", "model")),
    Column("explain", "解析", "Explanation", ("答案解析", "试题解析", "整体解析", "题目解析", "解释", "explain", "rationale",
                                              "generalfeedback")),
    Column("difficulty", "难度", "Difficulty", ("难易程度", "题目难度", "难易度", "难度等级", "level")),
    Column("points", "分值", "Points", ("分数", "试题分数", "题目分值", "score", "marks", "mark")),
    Column("scoring", "评分方式", "Scoring", ("计分方式", "评分规则")),
    Column("tags", "标签", "Tags", ("章节", "题目分类", "知识点", "知识点名称", "分类", "一级纲要", "二级纲要", "所属范围", "tag",
                                     "category")),
    Column("rules", "规则", "Rules", ("规则id", "题目依据", "依据", "rule")),
    Column("feedback", "选项解析", "Option feedback", ("选项反馈", "choicefeedback")),
    Column("should", "加分话术", "Nice to say", ("建议话术", "should")),
    Column("accept", "应判对的回答", "Answers to accept", ("应判对", "accept")),
    Column("reject", "应判错的回答", "Answers to reject", ("应判错", "reject")),
    Column("matching", "匹配设置", "Matching", ("匹配方式",)),
)
# The columns of the template, in order; the rest are written only when a bank uses them.
TEMPLATE_KEYS = ("id", "type", "prompt", "scenario", "OPTIONS", "answer", "never", "model", "explain", "difficulty",
                 "points", "scoring", "tags", "rules", "feedback")
EXTRA_KEYS = ("should", "accept", "reject", "matching")
INFO_COLUMNS: tuple[Column, ...] = (
    Column("bank", "题库ID", "Bank ID", ("题库编号", "bankid", "bank", "id")),
    Column("title", "标题", "Title", ("题库名称", "题库标题", "名称", "bankname", "name")),
    Column("language", "语言", "Language", ("lang",)),
    Column("version", "版本", "Version", ("版本号",)),
    Column("description", "说明", "Description", ("描述", "简介", "题库说明")),
)
RULE_COLUMNS: tuple[Column, ...] = (
    Column("id", "规则ID", "Rule ID", ("规则编号", "编号", "ruleid", "id")),
    Column("text", "规则内容", "Rule", ("规则", "内容", "text", "ruletext")),
    Column("source", "出处", "Source", ("来源", "依据", "source")),
    Column("quote", "原文", "Quote", ("手册原文", "原文引用", "quote")),
)
SOURCE_COLUMNS: tuple[Column, ...] = (
    Column("id", "出处ID", "Source ID", ("来源ID", "出处编号", "编号", "sourceid", "id")),
    Column("title", "标题", "Title", ("名称", "文件名", "name")),
    Column("url", "网址", "URL", ("链接", "link", "url")),
)
SHEETS: dict[str, tuple[str, str]] = {  # role -> (zh-CN name, en name)
    "questions": ("题目", "Questions"), "info": ("题库信息", "Bank"), "rules": ("规则", "Rules"),
    "sources": ("出处", "Sources"), "guide": ("说明", "Guide"),
}
_SHEET_ALIASES: dict[str, str] = {
    "题目": "questions", "试题": "questions", "题库": "questions", "questions": "questions", "question": "questions",
    "题库信息": "info", "bank": "info", "bankinfo": "info", "info": "info",
    "规则": "rules", "rules": "rules", "出处": "sources", "来源": "sources", "sources": "sources",
    "说明": "guide", "guide": "guide", "instructions": "guide", "readme": "guide", "填写说明": "guide",
}
OPTION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A spreadsheet runs a cell starting with one of these as a formula; CSV cells get a quote first.
FORMULA_GUARD = frozenset("=+-@\t\r")
MIN_OPTIONS = 8  # 选项A–H in the template


def sheet_name(role: str, lang: str) -> str:
    zh, en = SHEETS[role]
    return zh if lang.startswith("zh") else en


def sheet_role(name: str) -> str | None:
    return _SHEET_ALIASES.get(_norm(name))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column names)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# -- headers ---------------------------------------------------------------------------------

_REQUIRED_MARKS = re.compile(r"\((?:必填|选填|可选|非必填|勿删|必选|optional|required)\)|\*")
_LANG_SUFFIX = re.compile(r"^(.*?)\[([a-z]{2,3}(?:[-_][a-z0-9]{2,8})*)\]$")
_HINT = re.compile(r"^(.+?)\((.*)\)$")
_OPTION_HEADER = re.compile(r"^(?:选项|选择项|备选项|option|choice)?([a-z])(?:选项)?$")
_OPTION_NUMBER = re.compile(r"^(?:选项|选择项|备选项|option|choice)(\d{1,2})$")
_COMBINED_OPTIONS = frozenset({"选项", "选项内容", "备选项", "备选答案", "选择项", "options", "choices"})


@dataclass(frozen=True)
class HeaderCell:
    """What one header cell names: a field (`key`), an option letter, or both with a language."""

    key: str  # a column key, "option", "options" (all in one cell), or "" (unknown)
    lang: str | None = None
    letter: str | None = None
    hint: str = ""  # what the header says in parentheses, e.g. 题型（0单选，1判断，2多选）


def _alias_table(columns: Sequence[Column]) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in columns:
        for name in (column.zh, column.en, column.key, *column.aliases):
            table.setdefault(_norm(name), column.key)
    return table


_QUESTION_ALIASES = _alias_table(QUESTION_COLUMNS)


def parse_header(text: str, aliases: dict[str, str] | None = None) -> HeaderCell:
    """A header cell's meaning: '选项 A（必填）' -> option A; '题干[en]' -> prompt in English."""
    aliases = _QUESTION_ALIASES if aliases is None else aliases
    name = _REQUIRED_MARKS.sub("", _norm(text))
    lang = None
    found = _LANG_SUFFIX.match(name)
    if found:
        from ..banks import canonical_language

        name, lang = found.group(1), canonical_language(found.group(2).replace("_", "-"))
    hint = ""
    if name not in aliases:
        found = _HINT.match(name)
        if found:
            name, hint = found.group(1), found.group(2)
    if name in aliases:
        return HeaderCell(aliases[name], lang, None, hint)
    if aliases is _QUESTION_ALIASES:
        found = _OPTION_HEADER.match(name)
        if found:
            return HeaderCell("option", lang, found.group(1).upper())
        found = _OPTION_NUMBER.match(name)
        if found and 1 <= int(found.group(1)) <= 26:
            return HeaderCell("option", lang, OPTION_LETTERS[int(found.group(1)) - 1])
        if name in _COMBINED_OPTIONS:
            return HeaderCell("options", lang)
    return HeaderCell("", lang, None, hint)


# -- cells -----------------------------------------------------------------------------------


@dataclass
class Sheet:
    """A sheet as read: the grid from A1, its name (None for CSV) and cells to refuse."""

    file: str
    name: str | None
    rows: list[list[Any]]
    formula_cells: set[tuple[int, int]] = field(default_factory=set)  # formulas with no saved result
    role: str | None = None  # what the sheet holds, when its name cannot say (CSV files)

    @property
    def kind(self) -> str:
        return self.role or sheet_role(self.name or "") or ""

    def origin(self, row: int, col: int) -> Origin:
        return Origin(self.file, self.name, f"{col_letter(col)}{row + 1}")


@dataclass(frozen=True)
class Cell:
    text: str
    origin: Origin
    raw: Any = None  # the value as the workbook holds it (a bool for TRUE/FALSE cells)


def cell_text(value: Any) -> str | None:
    """A cell as the text the trainer typed: 3.0 -> '3', TRUE -> 'TRUE'; None for empty or a date."""
    if value is None:
        return None
    cls = value.__class__
    if cls is str:
        text = value.strip()
        return text or None
    if cls is bool:
        return "TRUE" if value else "FALSE"
    if cls is float:
        if value.is_integer():
            return str(int(value))
        return format(value, ".15g")
    if cls is int:
        return str(value)
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return None
    text = str(value).strip()
    return text or None


def _is_date(value: Any) -> bool:
    return isinstance(value, (_dt.date, _dt.time, _dt.timedelta))


def split_escaped(text: str, separators: str) -> list[str]:
    """Split on any of `separators` except where a backslash escapes it; items are stripped."""
    if "\\" not in text:
        return [part.strip() for part in re.split("[" + re.escape(separators) + "]", text)]
    parts, current, i = [], [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and (text[i + 1] in separators or text[i + 1] == "\\"):
            current.append(text[i + 1])
            i += 2
            continue
        if char in separators:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current).strip())
    return parts


def escape(text: str, separators: str = "|;｜；") -> str:
    """The inverse of split_escaped for one item."""
    if not any(c in text for c in separators + "\\"):
        return text
    return "".join("\\" + c if c in separators or c == "\\" else c for c in text)


GROUP_SEPS = "|｜\n"
VARIANT_SEPS = ";；"


def parse_groups(text: str) -> list[list[str]]:
    """'三;3|对不起;抱歉' -> [['三', '3'], ['对不起', '抱歉']] (empty items dropped)."""
    groups = []
    for group in split_escaped(text, GROUP_SEPS):
        variants = [v for v in split_escaped(group, VARIANT_SEPS) if v] if group else []
        if variants:
            groups.append(variants)
    return groups


def _raw_groups(text: str) -> list[str]:
    """The groups of a cell before the variants are split (still escaped)."""
    out, current, i = [], [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if char in GROUP_SEPS:
            out.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    out.append("".join(current))
    return [item.strip() for item in out if item.strip()]


def join_groups(groups: Iterable[Iterable[str]]) -> str:
    return "|".join(";".join(escape(v) for v in group) for group in groups)


_LETTER_SEPS = re.compile(r"[\s,，、;；/|｜和及与]+")


def parse_letters(text: str) -> list[str] | None:
    """'A、C、D' -> ['A', 'C', 'D']; full-width and lower-case letters too; None when not letters."""
    cleaned = _LETTER_SEPS.sub("", unicodedata.normalize("NFKC", text).upper())
    if cleaned and all("A" <= c <= "Z" for c in cleaned):
        return list(cleaned)
    return None


def parse_truefalse(text: str) -> bool | None:
    word = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower().strip("。.!！")
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_type(text: str, hint: str = "") -> str | None:
    """A type label in any of the usual spellings ('单项选择题', 'Multi'); a code given in the header's hint."""
    name = _norm(text).strip("。.")
    if name in _TYPE_ALIASES:
        return _TYPE_ALIASES[name]
    if name in _ESSAY_ALIASES:
        return "essay"
    if hint and name.isdigit():  # 题型（0单选，1判断，2多选）
        for code, label in re.findall(r"(\d+)\s*[:：=\-]?\s*([^\d,，、;；/]+)", hint):
            if code == name:
                return parse_type(label)
    return None


def parse_difficulty(text: str) -> int | None:
    return _DIFFICULTY_ALIASES.get(_norm(text).replace("星", "★"))


def parse_scoring(text: str) -> str | None:
    return _SCORING_ALIASES.get(_norm(text))


def parse_points(text: str) -> int | float | None:
    cleaned = re.sub(r"\s*(分|points?|pts?)$", "", unicodedata.normalize("NFKC", text).strip().lower())
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def parse_matching(text: str) -> dict[str, Any] | None:
    """'繁体=否;插字=0' -> {'traditional': False, 'insertions': 0}; None when unreadable."""
    out: dict[str, Any] = {}
    for item in re.split(r"[;；,，\n]+", text):
        if not item.strip():
            continue
        found = re.match(r"\s*([^=:：＝]+?)\s*[=:：＝]\s*(\S+)\s*$", item)
        if not found or _norm(found.group(1)) not in _MATCHING_NAMES:
            return None
        name = _MATCHING_NAMES[_norm(found.group(1))]
        if name == "insertions":
            if not found.group(2).isdigit():
                return None
            out[name] = int(found.group(2))
        else:
            value = parse_truefalse(found.group(2))
            if value is None:
                return None
            out[name] = value
    return out or None


_ARROW = re.compile(r"\s*(?:->|→|=>|－>|—>|⟶)\s*")
_FEEDBACK_LINE = re.compile(r"^\s*([A-Za-zＡ-Ｚａ-ｚ])\s*[:：.、．)）]\s*(.*)$", re.S)
_UNLESS = re.compile(r"[(（]\s*(?:除外|例外|unless)\s*[:：]\s*(.*?)\s*[)）]\s*$", re.I | re.S)
_TWO_UNDERSCORES = re.compile(r"(?<!_)__(?!_)")
_BRACKET_BLANK = re.compile(r"[（(]\s*[)）]|【\s*】|\[\s*\]")


def fill_blanks(prompt: str) -> str:
    """A fill prompt's blanks as ___: '__', '（）', '【】' (only when it has no ___ already)."""
    if re.search(r"_{3,}", prompt):
        return prompt
    prompt = _TWO_UNDERSCORES.sub("___", prompt)
    if re.search(r"_{3,}", prompt):
        return prompt
    return _BRACKET_BLANK.sub("___", prompt)


def parse_feedback(text: str) -> list[tuple[str, str]] | None:
    """'B：这是禁语。\\nD：…' (or 'B:…;D:…') -> [('B', '这是禁语。'), ('D', '…')]; None when unreadable."""
    lines = text.split("\n")
    if len(lines) == 1:
        lines = re.split(r"[;；]\s*(?=[A-Za-zＡ-Ｚ]\s*[:：])", text)
    out: list[tuple[str, str]] = []
    for line in lines:
        found = _FEEDBACK_LINE.match(line)
        if found:
            letter = unicodedata.normalize("NFKC", found.group(1)).upper()
            out.append((letter, found.group(2).strip()))
        elif out and line.strip():
            out[-1] = (out[-1][0], out[-1][1] + "\n" + line.strip())
        elif line.strip():
            return None
    return out


# -- reading ---------------------------------------------------------------------------------


class RowView:
    """One data row: cells by (key, language), options by letter."""

    def __init__(self, sheet: Sheet, row: int, headers: list[HeaderCell], bank_lang: str) -> None:
        self.sheet = sheet
        self.row = row
        self.bank_lang = bank_lang
        self.cells: dict[tuple[str, str], Cell] = {}
        self.options: dict[str, dict[str, Cell]] = {}  # lang -> letter -> cell
        self.hints: dict[str, str] = {}
        self.dates: list[tuple[Origin, Any]] = []
        self.formulas: list[Origin] = []
        values = sheet.rows[row]
        for col, header in enumerate(headers):
            if not header.key or col >= len(values):
                continue
            raw = values[col]
            origin = sheet.origin(row, col)
            if (row, col) in sheet.formula_cells:
                self.formulas.append(origin)
                continue
            if _is_date(raw):
                self.dates.append((origin, raw))
                continue
            text = cell_text(raw)
            if text is None:
                continue
            lang = header.lang or bank_lang
            cell = Cell(text, origin, raw)
            if header.key == "option":
                self.options.setdefault(lang, {})[header.letter or ""] = cell
            elif header.key == "options":
                for letter, option in zip(OPTION_LETTERS, _split_options(text)):
                    self.options.setdefault(lang, {})[letter] = Cell(option, origin)
            else:
                self.cells[(header.key, lang)] = cell
                if header.hint:
                    self.hints[header.key] = header.hint

    def get(self, key: str, lang: str | None = None) -> Cell | None:
        return self.cells.get((key, lang or self.bank_lang))

    def languages(self, key: str) -> list[str]:
        """The languages `key` has cells in, the bank's first."""
        found = [lang for (k, lang) in self.cells if k == key]
        return sorted(found, key=lambda lang: lang != self.bank_lang)

    @property
    def is_blank(self) -> bool:
        return not self.cells and not self.options and not self.dates and not self.formulas

    @property
    def origin(self) -> Origin:
        return self.sheet.origin(self.row, 0)


_OPTION_PREFIX = re.compile(r"^\s*[(（]?\s*([A-Za-zＡ-Ｚ])\s*[)）.．、:：\-—]\s*")


def _split_options(text: str) -> list[str]:
    """All options in one cell: one per line, or split by '|' or '$;$'; 'A. ' prefixes dropped."""
    for separator in ("$;$", "\n", "|", "｜"):
        if separator in text:
            parts = text.split(separator)
            break
    else:
        parts = [text]
    return [_OPTION_PREFIX.sub("", part).strip() for part in parts if part.strip()]


def _text_value(cells: dict[str, Cell]) -> Any:
    """Per-language cells -> a plain text (one language) or a {language: text} mapping."""
    if len(cells) == 1:
        return next(iter(cells.values())).text
    return {lang: cell.text for lang, cell in cells.items()}


class QuestionSheetReader:
    """Builds the questions of one sheet (or CSV file) into a Draft."""

    def __init__(self, draft: Draft, sheet: Sheet, header_row: int, headers: list[HeaderCell],
                 default_type: str | None, rule_lookup: Callable[[str, Origin, int], str | None]) -> None:
        self.draft = draft
        self.sheet = sheet
        self.header_row = header_row
        self.headers = headers
        self.default_type = default_type
        self.rule_lookup = rule_lookup
        self.lang = draft.language

    def read(self) -> int:
        """Read every data row; returns how many questions it found."""
        found = 0
        for row in range(self.header_row + 1, len(self.sheet.rows)):
            view = RowView(self.sheet, row, self.headers, self.lang)
            if view.is_blank:
                continue  # blank rows between questions, and the many trailing ones Excel keeps
            found += 1
            self.question(view)
        return found

    def question(self, row: RowView) -> None:
        draft = self.draft
        question = QuestionDraft(None, row.origin)
        index = draft.add_question(question)
        ok = True
        for origin in row.formulas:
            draft.error(origin, "import-formula-no-value", index)
            ok = False
        for origin, raw in row.dates:
            draft.error(origin, "import-date-cell", index, value=str(raw))
            ok = False
        data: dict[str, Any] = {}
        fields = question.fields
        id_cell = row.get("id")
        if id_cell is not None:
            data["id"] = id_cell.text.lower() if ID_RE.match(id_cell.text.lower()) else id_cell.text
            fields[("id",)] = id_cell.origin
        qtype = self.question_type(row, index)
        if qtype is None:
            return
        data["type"] = qtype if qtype != "essay" else "script"
        fields[("type",)] = (row.get("type") or row).origin
        ok = self.common(row, data, fields, index) and ok
        body = self.body(qtype, row, data, fields, index)
        if body is None or not ok:
            return
        question.data = data

    def question_type(self, row: RowView, index: int) -> str | None:
        cell = row.get("type")
        if cell is not None:
            qtype = parse_type(cell.text, row.hints.get("type", ""))
            if qtype is None:
                self.draft.error(cell.origin, "import-unknown-type", index, value=cell.text,
                                 types="、".join(zh for zh, _ in TYPE_LABELS.values()))
            return qtype
        if self.default_type:
            return self.default_type
        qtype = infer_type(row.get("answer").text if row.get("answer") else None, bool(row.options.get(self.lang)),
                           any(_ARROW.search(c.text) for c in row.options.get(self.lang, {}).values()),
                           bool(re.search(r"_{2,}|[（(]\s*[)）]", row.get("prompt").text)) if row.get("prompt") else False)
        if qtype is None:
            self.draft.error(row.origin, "import-no-type", index)
        return qtype

    def texts(self, row: RowView, key: str, path: tuple, fields: dict) -> Any:
        """A text field in every language it has, recording each cell's origin."""
        cells = {lang: row.cells[(key, lang)] for lang in row.languages(key)}
        if not cells:
            return None
        fields[path] = cells.get(self.lang, next(iter(cells.values()))).origin
        for lang, cell in cells.items():
            fields[path + (lang,)] = cell.origin
        return _text_value(cells)

    def common(self, row: RowView, data: dict, fields: dict, index: int) -> bool:
        draft, ok = self.draft, True
        rules = row.get("rules")
        if rules is not None:
            names = []
            for part in re.split(r"[;；,，、\n]+", rules.text):
                if part.strip():
                    found = self.rule_lookup(part.strip(), rules.origin, index)
                    if found is None:
                        ok = False
                    else:
                        names.append(found)
            if len(names) == 1:
                data["rule"] = names[0]
                fields[("rule",)] = rules.origin
            elif names:
                data["rules"] = list(dict.fromkeys(names))
                fields[("rules",)] = rules.origin
        cell = row.get("difficulty")
        if cell is not None:
            level = parse_difficulty(cell.text)
            if level is None:
                draft.error(cell.origin, "import-bad-difficulty", index, value=cell.text)
                ok = False
            else:
                data["difficulty"] = level
                fields[("difficulty",)] = cell.origin
        cell = row.get("points")
        if cell is not None:
            points = parse_points(cell.text)
            if points is None:
                draft.error(cell.origin, "import-bad-points", index, value=cell.text)
                ok = False
            else:
                data["points"] = points
                fields[("points",)] = cell.origin
        cell = row.get("tags")
        tags = []
        for (key, _), tag_cell in row.cells.items():  # several grouping columns (章节, 知识点) all become tags
            if key == "tags":
                tags += [t.strip() for t in re.split(r"[;；,，、|｜\n]+", tag_cell.text) if t.strip()]
                fields.setdefault(("tags",), tag_cell.origin)
        if tags:
            data["tags"] = list(dict.fromkeys(tags))
        for key in ("scenario", "prompt"):
            value = self.texts(row, key, (key,), fields)
            if value is not None:
                data[key] = value
        if "prompt" not in data:
            draft.error(row.origin, "import-no-prompt", index)
            ok = False
        return ok

    def finish(self, row: RowView, data: dict, fields: dict, index: int) -> bool:
        """Fields every type may carry, written after the body: explain, examples, matching."""
        value = self.texts(row, "explain", ("explain",), fields)
        if value is not None:
            data["explain"] = value
        examples = {}
        for key in ("accept", "reject"):
            cells = [row.cells[(key, lang)] for lang in row.languages(key)]
            items = [line.strip() for cell in cells for line in cell.text.split("\n") if line.strip()]
            if items:
                examples[key] = items
                fields[("examples", key)] = cells[0].origin
        if examples and data["type"] in ("fill", "script"):
            data["examples"] = examples
        cell = row.get("matching")
        if cell is not None and data["type"] in ("fill", "script"):
            settings = parse_matching(cell.text)
            if settings is None:
                self.draft.error(cell.origin, "import-bad-matching", index, value=cell.text)
                return False
            data["matching"] = settings
            fields[("matching",)] = cell.origin
        return True

    def body(self, qtype: str, row: RowView, data: dict, fields: dict, index: int) -> bool | None:
        draft = self.draft
        answer = row.get("answer")
        options = row.options.get(self.lang, {})
        if options and qtype in ("truefalse", "fill", "script", "essay") and not (
                qtype == "truefalse" and answer is not None and parse_letters(answer.text)):
            draft.warn(next(iter(options.values())).origin, "import-options-ignored", index, kind=data["type"])
        handler = {
            "single": self.choice_body, "multi": self.choice_body, "truefalse": self.truefalse_body,
            "order": self.order_body, "fill": self.fill_body, "script": self.script_body, "essay": self.script_body,
            "match": self.match_body,
        }[qtype]
        if not handler(qtype, row, data, fields, index):
            return None
        if not self.finish(row, data, fields, index):
            return None
        cell = row.get("scoring")
        if cell is not None and qtype in ("multi", "order"):
            scoring = parse_scoring(cell.text)
            if scoring is None:
                draft.error(cell.origin, "import-bad-scoring", index, value=cell.text)
                return None
            if scoring != "partial":
                data["scoring"] = scoring
                fields[("scoring",)] = cell.origin
        return True

    def option_texts(self, row: RowView, letters: Iterable[str]) -> dict[str, Any]:
        out = {}
        for letter in letters:
            cells = {lang: row.options[lang][letter] for lang in sorted(row.options, key=lambda l: l != self.lang)
                     if letter in row.options[lang]}
            out[letter] = _text_value(cells)
        return out

    def _option_origin(self, row: RowView, letter: str) -> Origin:
        return row.options[self.lang][letter].origin

    def _require_answer(self, row: RowView, data: dict, index: int) -> Cell | None:
        answer = row.get("answer")
        if answer is None:
            column = next((col for col, h in enumerate(self.headers) if h.key == "answer" and h.lang is None), None)
            origin = row.origin if column is None else self.sheet.origin(row.row, column)
            self.draft.error(origin, "import-no-answer", index, kind=data["type"])
        return answer

    def _translations_match(self, row: RowView, index: int) -> bool:
        """Options in another language must fill the same letters as the bank language's."""
        own = set(row.options.get(self.lang, {}))
        for lang, cells in row.options.items():
            if lang != self.lang and set(cells) != own:
                extra = sorted(set(cells) ^ own)
                origin = next(iter(cells.values())).origin
                self.draft.error(origin, "import-translation-options", index, lang=lang, letters="".join(extra))
                return False
        return True

    def choice_body(self, qtype: str, row: RowView, data: dict, fields: dict, index: int) -> bool:
        draft = self.draft
        options = row.options.get(self.lang, {})
        answer = self._require_answer(row, data, index)
        if answer is None:
            return False
        letters = parse_letters(answer.text)
        if letters is None:
            draft.error(answer.origin, "import-answer-not-letters", index, kind=qtype, value=answer.text)
            return False
        ok = True
        for letter in dict.fromkeys(letters):
            if letter not in options:
                draft.error(answer.origin, "import-answer-no-option", index, kind=qtype, answer=answer.text,
                            letter=letter)
                ok = False
        if len(set(letters)) != len(letters):
            draft.error(answer.origin, "import-answer-repeated", index, value=answer.text)
            ok = False
        if qtype == "single" and len(letters) > 1:
            draft.error(answer.origin, "import-single-several", index, value=answer.text)
            ok = False
        if not ok or not self._translations_match(row, index):
            return False
        feedback = self.feedback(row, options, index)
        if feedback is None:
            return False
        texts = self.option_texts(row, options)
        correct_letters = [letter for letter in options if letter in letters]  # in column order
        wrong_letters = [letter for letter in options if letter not in letters]

        def choice(letter: str) -> Any:
            if letter in feedback:
                return {"text": texts[letter], "feedback": feedback[letter][0]}
            return texts[letter]

        if qtype == "single":
            data["correct"] = choice(correct_letters[0])
            fields[("correct",)] = self._option_origin(row, correct_letters[0])
        else:
            data["correct"] = [choice(letter) for letter in correct_letters]
            fields[("correct",)] = answer.origin
            for n, letter in enumerate(correct_letters):
                fields[("correct", n)] = self._option_origin(row, letter)
        data["wrong"] = [choice(letter) for letter in wrong_letters]
        fields[("wrong",)] = answer.origin
        for n, letter in enumerate(wrong_letters):
            fields[("wrong", n)] = self._option_origin(row, letter)
        for letter, (_, origin) in feedback.items():
            group, n = (("correct", correct_letters.index(letter)) if letter in correct_letters
                        else ("wrong", wrong_letters.index(letter)))
            path = ("correct", "feedback") if qtype == "single" and group == "correct" else (group, n, "feedback")
            fields[path] = origin
        return True

    def feedback(self, row: RowView, options: dict[str, Cell], index: int) -> dict[str, tuple[Any, Origin]] | None:
        """Option feedback by letter, merged across languages: letter -> (text value, origin)."""
        per_lang: dict[str, dict[str, str]] = {}
        origins: dict[str, Origin] = {}
        for lang in row.languages("feedback"):
            cell = row.cells[("feedback", lang)]
            parsed = parse_feedback(cell.text)
            if parsed is None:
                self.draft.error(cell.origin, "import-bad-feedback", index, value=cell.text[:40])
                return None
            for letter, text in parsed:
                if letter not in options:
                    self.draft.error(cell.origin, "import-feedback-no-option", index, letter=letter)
                    return None
                per_lang.setdefault(letter, {})[lang] = text
                origins.setdefault(letter, cell.origin)
        return {letter: (texts[self.lang] if len(texts) == 1 and self.lang in texts else texts, origins[letter])
                for letter, texts in per_lang.items()}

    def truefalse_body(self, qtype: str, row: RowView, data: dict, fields: dict, index: int) -> bool:
        answer = self._require_answer(row, data, index)
        if answer is None:
            return False
        value = True if answer.raw is True else False if answer.raw is False else parse_truefalse(answer.text)
        options = row.options.get(self.lang, {})
        letters = parse_letters(answer.text)
        if value is None and letters and len(letters) == 1 and letters[0] in options:
            value = parse_truefalse(options[letters[0]].text)  # A 正确 / B 错误, answer A
        if value is None:
            self.draft.error(answer.origin, "import-bad-truefalse", index, value=answer.text)
            return False
        data["answer"] = value
        fields[("answer",)] = answer.origin
        return True

    def order_body(self, qtype: str, row: RowView, data: dict, fields: dict, index: int) -> bool:
        options = row.options.get(self.lang, {})
        if not self._translations_match(row, index):
            return False
        answer = row.get("answer")
        letters = list(options)
        if answer is not None:
            given = parse_letters(answer.text)
            if given is None or sorted(given) != sorted(options):
                self.draft.error(answer.origin, "import-order-answer", index, value=answer.text,
                                 letters="".join(options))
                return False
            letters = given
        texts = self.option_texts(row, letters)
        data["steps"] = [texts[letter] for letter in letters]
        fields[("steps",)] = answer.origin if answer is not None else row.origin
        for n, letter in enumerate(letters):
            fields[("steps", n)] = self._option_origin(row, letter)
        return True

    def alternatives(self, row: RowView, key: str, index: int, forbidden: bool = False) -> tuple[list, Origin] | None:
        """A '|'/';' cell in every language, merged item by item: [{zh-CN: [...], en: [...]}, ...]."""
        langs = row.languages(key)
        if not langs:
            return [], row.origin
        per_lang: dict[str, list] = {}
        for lang in langs:
            cell = row.cells[(key, lang)]
            per_lang[lang] = [_forbidden_item(g) for g in _raw_groups(cell.text)] if forbidden \
                else parse_groups(cell.text)
        first = row.cells[(key, langs[0])]
        counts = {lang: len(items) for lang, items in per_lang.items()}
        if len(set(counts.values())) > 1:
            lang = next(lang for lang in langs if counts[lang] != counts[langs[0]])
            self.draft.error(row.cells[(key, lang)].origin, "import-translation-count", index, lang=lang,
                             count=counts[lang], own=counts[langs[0]])
            return None
        merged = []
        for n in range(counts[langs[0]]):
            items = {lang: per_lang[lang][n] for lang in langs}
            if forbidden:
                merged.append(_merge_forbidden(items))
            else:
                merged.append(_alternatives_value(items))
        return merged, first.origin

    def fill_body(self, qtype: str, row: RowView, data: dict, fields: dict, index: int) -> bool:
        answer = self._require_answer(row, data, index)
        if answer is None:
            return False
        found = self.alternatives(row, "answer", index)
        if found is None:
            return False
        blanks, origin = found
        if not blanks:
            self.draft.error(answer.origin, "import-no-answer", index, kind=qtype)
            return False
        prompt = data["prompt"]
        data["prompt"] = {lang: fill_blanks(text) for lang, text in prompt.items()} if isinstance(prompt, dict) \
            else fill_blanks(prompt)
        data["blanks"] = blanks
        fields[("blanks",)] = origin
        return True

    def script_body(self, qtype: str, row: RowView, data: dict, fields: dict, index: int) -> bool:
        answer = row.get("answer")
        if qtype == "essay" and row.get("model") is None and answer is not None:
            # 简答题 of other systems: the answer cell holds a reference answer.
            data["model"] = self.texts(row, "answer", ("model",), fields)
            self.draft.error(answer.origin, "import-essay-no-must", index)
            return False
        if answer is None:
            self.draft.error(row.origin, "import-script-no-must", index)
            return False
        found = self.alternatives(row, "answer", index)
        if found is None:
            return False
        data["must"], fields[("must",)] = found
        found = self.alternatives(row, "should", index)
        if found is None:
            return False
        if found[0]:
            data["should"], fields[("should",)] = found
        found = self.alternatives(row, "never", index, forbidden=True)
        if found is None:
            return False
        if found[0]:
            data["never"], fields[("never",)] = found
        model = self.texts(row, "model", ("model",), fields)
        if model is None:
            self.draft.error(row.origin, "import-script-no-model", index)
            return False
        data["model"] = model
        return True

    def match_body(self, qtype: str, row: RowView, data: dict, fields: dict, index: int) -> bool:
        if not self._translations_match(row, index):
            return False
        pairs, decoys = [], []
        pair_origins, decoy_origins = [], []
        for letter, cell in row.options.get(self.lang, {}).items():
            sides: dict[str, tuple[str, str]] = {}
            for lang in sorted(row.options, key=lambda l: l != self.lang):
                option = row.options[lang].get(letter)
                if option is None:
                    continue
                parts = _ARROW.split(option.text, maxsplit=1)
                if len(parts) != 2 or not parts[1]:
                    self.draft.error(option.origin, "import-match-arrow", index, value=option.text)
                    return False
                sides[lang] = (parts[0].strip(), parts[1].strip())
            lefts = {lang: left for lang, (left, _) in sides.items() if left}
            rights = {lang: right for lang, (_, right) in sides.items()}
            right = rights[self.lang] if len(rights) == 1 else rights
            if not lefts:
                decoys.append(right)
                decoy_origins.append(cell.origin)
            elif len(lefts) != len(rights):
                self.draft.error(cell.origin, "import-match-arrow", index, value=cell.text)
                return False
            else:
                pairs.append([lefts[self.lang] if len(lefts) == 1 else lefts, right])
                pair_origins.append(cell.origin)
        data["pairs"] = pairs
        fields[("pairs",)] = row.origin
        for n, origin in enumerate(pair_origins):
            fields[("pairs", n)] = origin
        if decoys:
            data["wrong"] = decoys
            for n, origin in enumerate(decoy_origins):
                fields[("wrong", n)] = origin
        return True


def _alternatives_value(items: dict[str, list[str]]) -> Any:
    if len(items) == 1:
        variants = next(iter(items.values()))
        return variants[0] if len(variants) == 1 else variants
    return {lang: variants[0] if len(variants) == 1 else variants for lang, variants in items.items()}


def _forbidden_item(raw: str) -> tuple[list[str], list[str] | None]:
    found = _UNLESS.search(raw)
    unless = None
    if found:
        unless = [v for v in split_escaped(found.group(1), VARIANT_SEPS) if v]
        raw = raw[:found.start()]
    return [v for v in split_escaped(raw, VARIANT_SEPS) if v], unless


def _merge_forbidden(items: dict[str, tuple[list[str], list[str] | None]]) -> Any:
    phrase = _alternatives_value({lang: item[0] for lang, item in items.items()})
    unless = {lang: item[1] for lang, item in items.items() if item[1]}
    if not unless:
        return phrase
    return {"phrase": phrase, "unless": _alternatives_value(unless)}


def infer_type(answer: str | None, has_options: bool, has_arrows: bool, has_blank: bool) -> str | None:
    """A question's type from what it has, when no type is given (pasted text, sheets without 题型)."""
    if has_arrows:
        return "match"
    if answer is None:
        return None
    if has_options:
        letters = parse_letters(answer)
        if letters:
            return "single" if len(letters) == 1 else "multi"
    if parse_truefalse(answer) is not None and not has_blank:
        return "truefalse"
    if not has_options:
        return "fill"
    return None


def find_header(sheet: Sheet, aliases: dict[str, str] | None = None, needed: str = "prompt",
                scan: int = 12) -> tuple[int, list[HeaderCell]] | None:
    """The header row (within the first `scan` rows: some layouts put titles above it) and its cells."""
    for row in range(min(scan, len(sheet.rows))):
        cells = [parse_header(cell_text(v) or "", aliases) for v in sheet.rows[row]]
        if any(c.key == needed for c in cells):
            return row, cells
    return None


def read_records(sheet: Sheet, columns: Sequence[Column], needed: str) -> tuple[list[dict[str, tuple[str, Origin]]],
                                                                                 list[tuple[Origin, str]]]:
    """Rows of a small sheet (题库信息, 规则, 出处) as {key or key[lang]: (text, origin)}; unknown headers."""
    aliases = _alias_table(columns)
    found = find_header(sheet, aliases, needed)
    if found is None:
        return [], []
    header_row, headers = found
    unknown = [(sheet.origin(header_row, col), cell_text(sheet.rows[header_row][col]) or "")
               for col, h in enumerate(headers) if not h.key and cell_text(sheet.rows[header_row][col])]
    records = []
    for row in range(header_row + 1, len(sheet.rows)):
        record: dict[str, tuple[str, Origin]] = {}
        for col, header in enumerate(headers):
            if not header.key or col >= len(sheet.rows[row]):
                continue
            text = cell_text(sheet.rows[row][col])
            if text is not None:
                name = header.key if header.lang is None else f"{header.key}[{header.lang}]"
                record[name] = (text, sheet.origin(row, col))
        if record:
            records.append(record)
    return records, unknown


def _record_text(record: dict[str, tuple[str, Origin]], key: str, lang: str) -> tuple[Any, Origin] | None:
    values = {}
    origin = None
    for name, (text, cell_origin) in record.items():
        if name == key:
            values[lang] = text
            origin = origin or cell_origin
        elif name.startswith(key + "["):
            values[name[len(key) + 1:-1]] = text
            origin = origin or cell_origin
    if not values:
        return None
    ordered = dict(sorted(values.items(), key=lambda item: item[0] != lang))
    return (ordered[lang] if len(ordered) == 1 and lang in ordered else ordered), origin  # type: ignore[return-value]


def read_workbook(draft: Draft, sheets: list[Sheet], default_name: str) -> None:
    """Fill `draft` from the sheets of a workbook (or a CSV file and its sibling files)."""
    from ..banks import LANG_RE, canonical_language
    from .draft import bank_id_from_name

    roles: dict[str, list[Sheet]] = {}
    for sheet in sheets:
        roles.setdefault(sheet.kind, []).append(sheet)
    info = roles.get("info", [])
    bank: dict[str, Any] = {}
    if info:
        records, unknown = read_records(info[0], INFO_COLUMNS, "bank")
        if not records:
            records, unknown = read_records(info[0], INFO_COLUMNS, "title")
        record = records[0] if records else {}
        language = record.get("language")
        if language and LANG_RE.match(language[0].replace("_", "-")):
            bank["language"] = canonical_language(language[0].replace("_", "-"))
            draft.bank_fields[("language",)] = language[1]
        elif language:
            draft.error(language[1], "import-bad-language", value=language[0])
        lang = bank.get("language", "zh-CN")
        if "bank" in record:
            text, origin = record["bank"]
            bank["bank"] = text.lower() if ID_RE.match(text.lower()) else text
            draft.bank_fields[("bank",)] = origin
        for key in ("title", "description"):
            found = _record_text(record, key, lang)
            if found:
                bank[key], draft.bank_fields[(key,)] = found
        if "version" in record:
            text, origin = record["version"]
            number = parse_points(text)
            if isinstance(number, int) and number >= 1:
                bank["version"] = number
                draft.bank_fields[("version",)] = origin
            else:
                draft.error(origin, "import-bad-version", value=text)
        for origin, header in unknown:
            draft.warn(origin, "import-unknown-column", value=header)
    draft.bank = {"bank": bank.pop("bank", None), "title": bank.pop("title", None), **bank}
    if draft.bank["bank"] is None:
        draft.bank["bank"] = bank_id_from_name(default_name)
        draft.generated_bank_id = True
    if draft.bank["title"] is None:
        draft.bank["title"] = default_name
    lang = draft.language
    for sheet in roles.get("sources", []):
        records, _ = read_records(sheet, SOURCE_COLUMNS, "id")
        sources = draft.bank.setdefault("sources", [])
        for record in records:
            if "id" not in record:
                draft.error(next(iter(record.values()))[1], "import-source-no-id")
                continue
            item: dict[str, Any] = {"id": record["id"][0]}
            draft.bank_fields[("sources", len(sources))] = record["id"][1]
            draft.bank_fields[("sources", len(sources), "id")] = record["id"][1]
            found = _record_text(record, "title", lang)
            if found:
                item["title"], draft.bank_fields[("sources", len(sources), "title")] = found
            if "url" in record:
                item["url"] = record["url"][0]
            sources.append(item)
    rule_texts: dict[str, str] = {}
    for sheet in roles.get("rules", []):
        records, unknown = read_records(sheet, RULE_COLUMNS, "text")
        rules = draft.bank.setdefault("rules", [])
        for origin, header in unknown:
            draft.warn(origin, "import-unknown-column", value=header)
        for record in records:
            text = _record_text(record, "text", lang)
            if text is None:
                draft.error(next(iter(record.values()))[1], "import-rule-no-text")
                continue
            index = len(rules)
            if "id" in record:
                rule_id, id_origin = record["id"]
                rule_id = rule_id.lower() if ID_RE.match(rule_id.lower()) else rule_id
            else:
                rule_id, id_origin = rule_id_from_text(_first(text[0], lang)), text[1]
            item = {"id": rule_id, "text": text[0]}
            draft.bank_fields[("rules", index)] = id_origin
            draft.bank_fields[("rules", index, "id")] = id_origin
            draft.bank_fields[("rules", index, "text")] = text[1]
            if "source" in record:
                item["source"], draft.bank_fields[("rules", index, "source")] = record["source"]
            quote = _record_text(record, "quote", lang)
            if quote:
                item["quote"], draft.bank_fields[("rules", index, "quote")] = quote
            rules.append(item)
            rule_texts[_norm(_first(text[0], lang))] = rule_id
    if not draft.bank.get("rules"):
        draft.bank.pop("rules", None)
    if not draft.bank.get("sources"):
        draft.bank.pop("sources", None)

    rule_ids = [r["id"] for r in draft.bank.get("rules", [])]

    def rule_lookup(value: str, origin: Origin, index: int) -> str | None:
        lowered = value.lower()
        if lowered in rule_ids:
            return lowered
        if _norm(value) in rule_texts:
            return rule_texts[_norm(value)]
        if ID_RE.match(lowered):
            from ..banks import suggest

            draft.error(origin, "import-unknown-rule", index, value=value, suggestion=suggest(lowered, rule_ids))
            return None
        # A rule written out in the question's row (题目依据): it becomes a rule of the bank.
        new_id = rule_id_from_text(value)
        rules = draft.bank.setdefault("rules", [])
        draft.bank_fields[("rules", len(rules))] = origin
        rules.append({"id": new_id, "text": value})
        rule_ids.append(new_id)
        rule_texts[_norm(value)] = new_id
        return new_id

    question_sheets = roles.get("questions", []) + [s for s in roles.get("", [])]
    read_any = False
    for sheet in question_sheets:
        found = find_header(sheet)
        if found is None:
            if sheet.kind == "questions":
                draft.error(sheet.origin(0, 0), "import-no-header")
            continue
        header_row, headers = found
        for col, header in enumerate(headers):
            text = cell_text(sheet.rows[header_row][col])
            if not header.key and text:
                draft.warn(sheet.origin(header_row, col), "import-unknown-column", value=text)
        default_type = parse_type(sheet.name or "") if not sheet.kind else None
        reader = QuestionSheetReader(draft, sheet, header_row, headers,
                                     default_type if default_type != "essay" else None, rule_lookup)
        read_any = reader.read() > 0 or read_any
    if not read_any and not any(p.severity == "error" for p in draft.problems):
        draft.error(draft.origin, "import-no-questions")
    assign_question_ids(draft)


def _first(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return value.get(lang) or next(iter(value.values()))
    return value


# -- writing ---------------------------------------------------------------------------------


def _order_key(question_id: str, index: int) -> str:
    import hashlib

    return hashlib.sha256(f"{question_id}:{index}".encode()).hexdigest()


def choice_layout(question: Question) -> list[tuple[str, int]]:
    """The options of a choice question in the order written: ('c', i) or ('w', i).

    Correct choices are spread among the wrong ones by a hash of the id, so the answer
    column is not always 'A', yet the order never changes between exports; each group keeps
    its own order, so the import reads back the same lists.
    """
    assert isinstance(question.body, ChoiceBody)
    total = len(question.body.correct) + len(question.body.wrong)
    slots = sorted(range(total), key=lambda i: _order_key(question.id, i))[:len(question.body.correct)]
    chosen = set(slots)
    out: list[tuple[str, int]] = []
    c = w = 0
    for position in range(total):
        if position in chosen:
            out.append(("c", c))
            c += 1
        else:
            out.append(("w", w))
            w += 1
    return out


def bank_languages(bank: Bank) -> list[str]:
    """Every language the bank's texts use, the bank's own first."""
    from ..banks import texts_of

    found: dict[str, None] = {bank.language: None}
    for value in (bank.title, bank.description):
        if value is not None:
            found.update(dict.fromkeys(value.languages))
    for rule in bank.rules:
        found.update(dict.fromkeys(rule.text.languages))
    for question in bank.questions:
        for _, text in texts_of(question):
            found.update(dict.fromkeys(text.languages))
    return list(found)


def _in(value: Text | Alternatives | None, lang: str) -> Any:
    """The value in exactly `lang`, or None (no fallback to the bank language)."""
    if value is None:
        return None
    for code, item in value.values:
        if code == lang:
            return item
    return None


@dataclass
class Layout:
    """A bank as the rows of each sheet (strings), ready for the xlsx or csv writer."""

    lang: str  # the header language
    questions_header: list[str]
    questions: list[list[str]]
    info_header: list[str]
    info: list[list[str]]
    rules_header: list[str]
    rules: list[list[str]]
    sources_header: list[str]
    sources: list[list[str]]
    option_count: int


def bank_layout(bank: Bank, lang: str) -> Layout:
    """The rows of every sheet for `bank`, headers in `lang` (zh-CN or en)."""
    zh = lang.startswith("zh")
    langs = bank_languages(bank)
    own, others = bank.language, langs[1:]
    options = max([MIN_OPTIONS] + [_option_count(q) for q in bank.questions])
    rows: list[dict[tuple[str, str | None], str]] = []
    used: set[str] = set()
    for question in bank.questions:
        row: dict[tuple[str, str | None], str] = {}
        for code in [own] + others:
            for key, value in _question_cells(question, code, zh).items():
                if value:
                    row[(key, None if code == own else code)] = value
                    used.add(key)
        rows.append(row)
    keys: list[str] = []
    for key in TEMPLATE_KEYS:
        if key == "OPTIONS":
            keys += [f"option:{OPTION_LETTERS[i]}" for i in range(options)]
        else:
            keys.append(key)
    keys += [key for key in EXTRA_KEYS if key in used]
    columns: list[tuple[str, str | None]] = [(key, None) for key in keys]
    for code in others:
        columns += [(key, code) for key in keys if any((key, code) in row for row in rows)]
    header = [_column_header(key, code, zh) for key, code in columns]
    question_rows = [[row.get(column, "") for column in columns] for row in rows]

    info_columns = [c for c in INFO_COLUMNS]
    info_header = [c.header(lang) for c in info_columns]
    info_row = [bank.id, str(bank.title), bank.language, str(bank.version),
                "" if bank.description is None else str(bank.description)]
    for code in others:
        for key, value in (("title", bank.title), ("description", bank.description)):
            if _in(value, code):
                info_header.append(f"{_column(INFO_COLUMNS, key).header(lang)}[{code}]")
                info_row.append(_in(value, code))
    rules_header = [c.header(lang) for c in RULE_COLUMNS]
    rule_rows = [[r.id, str(r.text), r.source or "", "" if r.quote is None else str(r.quote)] for r in bank.rules]
    for code in others:
        for key, attr in (("text", "text"), ("quote", "quote")):
            if any(_in(getattr(r, attr), code) for r in bank.rules):
                rules_header.append(f"{_column(RULE_COLUMNS, key).header(lang)}[{code}]")
                for rule, out in zip(bank.rules, rule_rows):
                    out.append(_in(getattr(rule, attr), code) or "")
    sources_header = [c.header(lang) for c in SOURCE_COLUMNS]
    source_rows = [[s.id, str(s.title), s.url or ""] for s in bank.sources]
    for code in others:
        if any(_in(s.title, code) for s in bank.sources):
            sources_header.append(f"{_column(SOURCE_COLUMNS, 'title').header(lang)}[{code}]")
            for source, out in zip(bank.sources, source_rows):
                out.append(_in(source.title, code) or "")
    return Layout(lang, header, question_rows, info_header, [info_row], rules_header, rule_rows, sources_header,
                  source_rows, options)


def _column(columns: Sequence[Column], key: str) -> Column:
    return next(c for c in columns if c.key == key)


def _column_header(key: str, code: str | None, zh: bool) -> str:
    if key.startswith("option:"):
        name = ("选项" if zh else "Option ") + key[-1]
    else:
        column = _column(QUESTION_COLUMNS, key)
        name = column.zh if zh else column.en
    return name if code is None else f"{name}[{code}]"


def question_headers(lang: str, options: int = MIN_OPTIONS) -> list[str]:
    """The template's question headers in `lang`."""
    zh = lang.startswith("zh")
    out = []
    for key in TEMPLATE_KEYS:
        if key == "OPTIONS":
            out += [_column_header(f"option:{OPTION_LETTERS[i]}", None, zh) for i in range(options)]
        else:
            out.append(_column_header(key, None, zh))
    return out


def _option_count(question: Question) -> int:
    body = question.body
    if isinstance(body, ChoiceBody):
        return len(body.correct) + len(body.wrong)
    if isinstance(body, OrderBody):
        return len(body.steps)
    if isinstance(body, MatchBody):
        return len(body.pairs) + len(body.decoys)
    return 0


def _alt_cell(groups: Iterable[Alternatives], lang: str) -> str:
    return join_groups(_in(group, lang) or () for group in groups) if any(_in(g, lang) for g in groups) else ""


def _question_cells(question: Question, lang: str, zh: bool) -> dict[str, str]:
    """The cells of one question in one language ({} entries for what does not vary by language)."""
    own = lang == question.prompt.languages[0]
    body = question.body
    cells: dict[str, str] = {}
    if own:
        cells["id"] = question.id
        cells["type"] = TYPE_LABELS[question.type.value][0 if zh else 1]
        cells["difficulty"] = DIFFICULTY_LABELS[question.difficulty][0 if zh else 1]
        points = question.points
        cells["points"] = str(int(points)) if float(points).is_integer() else repr(points)
        cells["tags"] = ";".join(escape(t, ";；") for t in question.tags)
        cells["rules"] = ";".join(question.rules)
    cells["prompt"] = _in(question.prompt, lang) or ""
    cells["scenario"] = _in(question.scenario, lang) or ""
    cells["explain"] = _in(question.explain, lang) or ""
    if isinstance(body, ChoiceBody):
        layout = choice_layout(question)
        feedback = []
        answer = ""
        for n, (group, i) in enumerate(layout):
            choice = (body.correct if group == "c" else body.wrong)[i]
            letter = OPTION_LETTERS[n]
            cells[f"option:{letter}"] = _in(choice.text, lang) or ""
            if group == "c":
                answer += letter
            if choice.feedback is not None and _in(choice.feedback, lang):
                feedback.append(f"{letter}：{_in(choice.feedback, lang)}" if zh else f"{letter}: {_in(choice.feedback, lang)}")
        if own:
            cells["answer"] = answer
            if body.scoring is Scoring.ALL_OR_NOTHING and question.type is QuestionType.MULTI:
                cells["scoring"] = SCORING_LABELS["all-or-nothing"][0 if zh else 1]
            elif question.type is QuestionType.MULTI:
                cells["scoring"] = SCORING_LABELS["partial"][0 if zh else 1]
        cells["feedback"] = "\n".join(feedback)
    elif isinstance(body, TrueFalseBody):
        if own:
            cells["answer"] = ("正确" if body.answer else "错误") if zh else ("TRUE" if body.answer else "FALSE")
    elif isinstance(body, OrderBody):
        for n, step in enumerate(body.steps):
            cells[f"option:{OPTION_LETTERS[n]}"] = _in(step, lang) or ""
        if own:
            cells["scoring"] = SCORING_LABELS[body.scoring.value][0 if zh else 1]
    elif isinstance(body, FillBody):
        cells["answer"] = _alt_cell(body.blanks, lang)
    elif isinstance(body, ScriptBody):
        cells["answer"] = _alt_cell(body.must, lang)
        cells["should"] = _alt_cell(body.should, lang)
        cells["model"] = _in(body.model, lang) or ""
        never = []
        for forbidden in body.never:
            phrase = _in(forbidden.phrase, lang)
            if phrase is None:
                continue
            item = ";".join(escape(v) for v in phrase)
            unless = _in(forbidden.unless, lang)
            if unless:
                item += ("（除外：" if zh else " (unless: ") + ";".join(escape(v) for v in unless) + ("）" if zh else ")")
            never.append(item)
        cells["never"] = "|".join(never)
    elif isinstance(body, MatchBody):
        n = 0
        for pair in body.pairs:
            cells[f"option:{OPTION_LETTERS[n]}"] = f"{_in(pair.left, lang) or ''} -> {_in(pair.right, lang) or ''}"
            n += 1
        for decoy in body.decoys:
            cells[f"option:{OPTION_LETTERS[n]}"] = f"-> {_in(decoy, lang) or ''}"
            n += 1
    if own and question.type.value in ("fill", "script"):
        if question.examples is not None:
            cells["accept"] = "\n".join(question.examples.accept)
            cells["reject"] = "\n".join(question.examples.reject)
        if question.tolerance is not None:
            cells["matching"] = matching_cell(question.tolerance, zh)
    return cells


def matching_cell(tolerance: Tolerance, zh: bool) -> str:
    parts = []
    for name, (zh_label, en_label) in MATCHING_LABELS.items():
        value = getattr(tolerance, name)
        shown = str(value) if name == "insertions" else (("是" if value else "否") if zh else ("yes" if value else "no"))
        parts.append(f"{zh_label if zh else en_label}={shown}")
    return ";".join(parts)
