"""The words and marks trainers write in cells and pasted text: types, difficulty, answers, separators.

Shared by the spreadsheet and text readers (parsing) and the spreadsheet writer (labels).
Inside a cell several answers or phrases are split by `|` (groups: blanks, `must` groups,
forbidden phrases) and `;` (interchangeable variants within a group); a `\\` before either
keeps it as text. Choice answers are letters (`B`, `ACD`, `A,C,D`, `A、C、D`, `A;C;D`).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..banks.keys import ID_RE

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
OPTION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A spreadsheet runs a cell starting with one of these as a formula; CSV cells get a quote first.
FORMULA_GUARD = frozenset("=+-@\t\r")
MIN_OPTIONS = 8  # 选项A–H in the template


def norm(text: str) -> str:
    """A name as headers and labels are compared: NFKC, no white space, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


@lru_cache(maxsize=1024)
def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column names)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name

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


def is_date(value: Any) -> bool:
    """Whether a cell holds a date or time (Excel made one of what was typed)."""
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


def raw_groups(text: str) -> list[str]:
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
    """The inverse of parse_groups: [['三', '3'], ['部门']] -> '三;3|部门'."""
    return "|".join(";".join(escape(v) for v in group) for group in groups)


_LETTER_SEPS = re.compile(r"[\s,，、;；/|｜和及与]+")


def parse_letters(text: str) -> list[str] | None:
    """'A、C、D' -> ['A', 'C', 'D']; full-width and lower-case letters too; None when not letters."""
    cleaned = _LETTER_SEPS.sub("", unicodedata.normalize("NFKC", text).upper())
    if cleaned and all("A" <= c <= "Z" for c in cleaned):
        return list(cleaned)
    return None


def parse_truefalse(text: str) -> bool | None:
    """对/错, √/×, T/F, 是/否, TRUE/FALSE, 1/0 -> True/False; None for anything else."""
    word = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower().strip("。.!！")
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_type(text: str, hint: str = "") -> str | None:
    """A type label in any of the usual spellings ('单项选择题', 'Multi'); a code given in the header's hint."""
    name = norm(text).strip("。.")
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
    """简单/中等/困难, 易/中/难, 1–3, ★–★★★ -> 1–3; None for anything else."""
    return _DIFFICULTY_ALIASES.get(norm(text).replace("星", "★"))


def parse_scoring(text: str) -> str | None:
    """部分得分/全对得分 (or partial/all-or-nothing) -> the scoring; None for anything else."""
    return _SCORING_ALIASES.get(norm(text))


def parse_points(text: str) -> int | float | None:
    """'2', '1.5', '2分' -> the number; None when it is not one."""
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
        if not found or norm(found.group(1)) not in _MATCHING_NAMES:
            return None
        name = _MATCHING_NAMES[norm(found.group(1))]
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


ARROW = re.compile(r"\s*(?:->|→|=>|－>|—>|⟶)\s*")
_FEEDBACK_LINE = re.compile(r"^\s*([A-Za-zＡ-Ｚａ-ｚ])\s*[:：.、．)）]\s*(.*)$", re.S)
_UNLESS = re.compile(r"[(（]\s*(?:除外|例外|unless)\s*[:：]\s*(.*?)\s*[)）]\s*$", re.I | re.S)
unless_suffix = _UNLESS.search
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

def rule_references(text: str) -> list[str]:
    """A 规则 cell as references: rule ids split by ; , 、 or spaces, else whole rule texts, one per line."""
    tokens = [t for t in re.split(r"[;；,，、\s]+", text) if t]
    if tokens and all(ID_RE.match(t.lower()) for t in tokens):
        return tokens
    return [line.strip() for line in text.split("\n") if line.strip()]

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


def forbidden_text(variants: Iterable[str], unless: Iterable[str] | None, zh: bool) -> str:
    """A forbidden phrase as a cell writes it: variants split by ;, then '（除外：…）' for polite uses."""
    item = ";".join(escape(v) for v in variants)
    if unless:
        item += ("（除外：" if zh else " (unless: ") + ";".join(escape(v) for v in unless) + ("）" if zh else ")")
    return item
