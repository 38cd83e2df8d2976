"""The spreadsheet layout (one row per question), read from and written to .xlsx, .xls and .csv.

Sheets: 题目 (questions), 题库信息 (the bank's id, title, language, version, description),
规则 (rules), 出处 (sources), 说明 (a guide, never read). Headers are matched by name, with the
aliases other exam systems use; English headers (`bank template --lang en`) are read too.
Translations sit in columns with a language suffix: `题干[en]`, `选项A[en]`, `答案[en]`.

What goes inside a cell is in `cells`; how a row becomes a question is in `rows`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..banks.keys import ID_RE
from ..model import (
    Alternatives,
    Bank,
    ChoiceBody,
    FillBody,
    MatchBody,
    OrderBody,
    Question,
    QuestionType,
    ScriptBody,
    Text,
    Tolerance,
    TrueFalseBody,
)
from ..scores import decimal_text
from .cells import (
    DIFFICULTY_LABELS,
    MATCHING_LABELS,
    MIN_OPTIONS,
    OPTION_LETTERS,
    SCORING_LABELS,
    TYPE_LABELS,
    cell_text,
    col_letter,
    escape,
    forbidden_text,
    is_date,
    join_groups,
    norm,
    parse_points,
    parse_type,
)
from .draft import Draft, Origin, assign_question_ids
from .rows import Cell, QuestionBuilder, RowView, RuleBook, split_options


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its key, its zh-CN and en headers, and the other names it goes by."""

    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        """The header in `lang`."""
        return self.zh if lang.startswith("zh") else self.en


QUESTION_COLUMNS: tuple[Column, ...] = (
    Column("id", "题号", "ID", ("编号", "题目编号", "试题编号", "题目id", "试题id", "questionid", "试题编码")),
    Column("type", "题型", "Type", ("题目类型", "试题类型", "类型", "questiontype")),
    Column("prompt", "题干", "Prompt", ("题目", "题目内容", "试题", "试题内容", "问题", "题面", "试题题干", "question",
                                         "stem", "questiontext")),
    Column("scenario", "情景", "Scenario", ("场景", "情境", "情景描述")),
    Column("answer", "答案", "Answer", ("正确答案", "正确选项", "标准答案", "参考答案", "答案选项",
                                         "correctanswer", "key", "correct")),
    Column("never", "禁用语", "Forbidden phrases", ("禁语", "服务禁语", "禁用话术", "forbidden", "never")),
    Column("model", "参考话术", "Model answer", ("标准话术", "示范话术", "示范回答", "参考回答", "model")),
    Column("explain", "解析", "Explanation", ("答案解析", "试题解析", "整体解析", "题目解析", "解释",
                                              "explain", "rationale", "generalfeedback")),
    Column("difficulty", "难度", "Difficulty", ("难易程度", "题目难度", "难易度", "难度等级", "level")),
    Column("points", "分值", "Points", ("分数", "试题分数", "题目分值", "score", "marks", "mark")),
    Column("scoring", "评分方式", "Scoring", ("计分方式", "评分规则")),
    Column("tags", "标签", "Tags", ("章节", "题目分类", "知识点", "知识点名称", "分类", "一级纲要", "二级纲要",
                                     "所属范围", "tag", "category")),
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


def sheet_name(role: str, lang: str) -> str:
    """The name of a sheet (题目, 规则, …) in `lang`."""
    zh, en = SHEETS[role]
    return zh if lang.startswith("zh") else en


def sheet_role(name: str) -> str | None:
    """What a sheet holds, by its name in either language (or an alias); None when unknown."""
    return _SHEET_ALIASES.get(norm(name))


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
            table.setdefault(norm(name), column.key)
    return table


_QUESTION_ALIASES = _alias_table(QUESTION_COLUMNS)


def parse_header(text: str, aliases: dict[str, str] | None = None) -> HeaderCell:
    """A header cell's meaning: '选项 A（必填）' -> option A; '题干[en]' -> prompt in English."""
    aliases = _QUESTION_ALIASES if aliases is None else aliases
    name = _REQUIRED_MARKS.sub("", norm(text))
    lang = None
    found = _LANG_SUFFIX.match(name)
    if found:
        from ..banks.reader import canonical_language

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
        """What the sheet holds: questions, info, rules, sources, guide, or '' (found by its headers)."""
        return self.role or sheet_role(self.name or "") or ""

    def origin(self, row: int, col: int) -> Origin:
        """The origin of a cell (0-based row and column), as `题目!K7`."""
        return Origin(self.file, self.name, f"{col_letter(col)}{row + 1}")



def row_view(sheet: Sheet, row: int, keyed: list[tuple[int, HeaderCell]], bank_lang: str,
             answer_col: int | None) -> RowView:
    """The cells of one sheet row, by what their headers name (`keyed`: the columns with a known header)."""
    view = RowView(sheet.origin(row, 0), bank_lang)
    values = sheet.rows[row]
    width = len(values)
    for col, header in keyed:
        if col >= width:
            break
        raw = values[col]
        text = _cell(view, sheet, row, col, raw)
        if text is not None:
            _place(view, header, text, sheet.origin(row, col), raw)
    if answer_col is not None:
        view.answer_origin = sheet.origin(row, answer_col)
    return view


def _cell(view: RowView, sheet: Sheet, row: int, col: int, raw: Any) -> str | None:
    """A cell's text; None when it is empty, or holds a date or an unsaved formula (noted on the row)."""
    formulas = sheet.formula_cells
    if formulas and (row, col) in formulas:  # calamine reads a formula with no saved result as ''
        view.formulas.append(sheet.origin(row, col))
        return None
    if raw.__class__ is str:  # the common case first: a text cell
        return raw.strip() or None
    if is_date(raw):
        view.dates.append((sheet.origin(row, col), raw))
        return None
    return cell_text(raw)


def _place(view: RowView, header: HeaderCell, text: str, origin: Origin, raw: Any) -> None:
    """Put a cell's text where its header says: a field, an option, or all the options at once."""
    lang = header.lang or view.bank_lang
    key = (header.key, lang)
    if header.key == "option":
        view.options.setdefault(lang, {})[header.letter or ""] = Cell(text, origin, raw)
    elif header.key == "options":
        for letter, option in zip(OPTION_LETTERS, split_options(text), strict=False):
            view.put_option(letter, option, origin, lang)
    elif header.key == "tags" and key in view.cells:  # 章节 and 知识点: tags both
        earlier = view.cells[key]
        view.cells[key] = Cell(earlier.text + "\n" + text, earlier.origin, earlier.raw)
    else:
        view.cells[key] = Cell(text, origin, raw)
        if header.hint:
            view.hints[header.key] = header.hint


def read_sheet(builder: QuestionBuilder, sheet: Sheet, header_row: int, headers: list[HeaderCell],
               default_type: str | None) -> int:
    """Build every data row of a sheet; returns how many questions it found."""
    found = 0
    answer_col = next((col for col, h in enumerate(headers) if h.key == "answer" and h.lang is None), None)
    keyed = [(col, header) for col, header in enumerate(headers) if header.key]
    for row in range(header_row + 1, len(sheet.rows)):
        view = row_view(sheet, row, keyed, builder.lang, answer_col)
        if view.is_blank:
            continue  # blank rows between questions, and the many trailing ones Excel keeps
        found += 1
        builder.question(view, default_type)
    return found


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
    if not values or origin is None:
        return None
    ordered = dict(sorted(values.items(), key=lambda item: item[0] != lang))
    return (ordered[lang] if len(ordered) == 1 and lang in ordered else ordered), origin


def read_workbook(draft: Draft, sheets: list[Sheet], default_name: str) -> None:
    """Fill `draft` from the sheets of a workbook (or a CSV file and its sibling files)."""
    from .draft import bank_id_from_name

    roles: dict[str, list[Sheet]] = {}
    for sheet in sheets:
        roles.setdefault(sheet.kind, []).append(sheet)
    bank = _read_info(draft, roles["info"][0]) if roles.get("info") else {}
    draft.bank = {"bank": bank.pop("bank", None), "title": bank.pop("title", None), **bank}
    if draft.bank["bank"] is None:
        draft.bank["bank"] = bank_id_from_name(default_name)
        draft.generated_bank_id = True
    if draft.bank["title"] is None:
        draft.bank["title"] = default_name
    for sheet in roles.get("sources", []):
        _read_sources(draft, sheet)
    rulebook = RuleBook(draft)
    for sheet in roles.get("rules", []):
        _read_rules(draft, sheet, rulebook)
    read_any = False
    for sheet in roles.get("questions", []) + roles.get("", []):
        read_any = _read_questions(draft, sheet, rulebook) or read_any
    if not read_any and not any(p.severity == "error" for p in draft.problems):
        draft.error(draft.origin, "import-no-questions")
    assign_question_ids(draft)


def _read_info(draft: Draft, sheet: Sheet) -> dict[str, Any]:
    """The 题库信息 sheet: the bank's id, title, language, version and description."""
    records, unknown = read_records(sheet, INFO_COLUMNS, "bank")
    if not records:
        records, unknown = read_records(sheet, INFO_COLUMNS, "title")
    record = records[0] if records else {}
    bank: dict[str, Any] = {}
    if "language" in record:
        draft.set_language(*record["language"])
    lang = draft.language
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
    if "language" in draft.bank:
        bank["language"] = draft.bank["language"]
    return bank


def _read_sources(draft: Draft, sheet: Sheet) -> None:
    """The 出处 sheet: the documents the rules cite."""
    records, _ = read_records(sheet, SOURCE_COLUMNS, "id")
    for record in records:
        if "id" not in record:
            draft.error(next(iter(record.values()))[1], "import-source-no-id")
            continue
        sources = draft.bank.setdefault("sources", [])
        index = len(sources)
        item: dict[str, Any] = {"id": record["id"][0]}
        draft.bank_fields[("sources", index)] = draft.bank_fields[("sources", index, "id")] = record["id"][1]
        found = _record_text(record, "title", draft.language)
        if found:
            item["title"], draft.bank_fields[("sources", index, "title")] = found
        if "url" in record:
            item["url"] = record["url"][0]
        sources.append(item)


def _read_rules(draft: Draft, sheet: Sheet, rulebook: RuleBook) -> None:
    """The 规则 sheet: id, text, source and the manual's own words of each rule."""
    records, unknown = read_records(sheet, RULE_COLUMNS, "text")
    for origin, header in unknown:
        draft.warn(origin, "import-unknown-column", value=header)
    for record in records:
        text = _record_text(record, "text", draft.language)
        if text is None:
            draft.error(next(iter(record.values()))[1], "import-rule-no-text")
            continue
        rulebook.add(text, record.get("id"), record.get("source"), _record_text(record, "quote", draft.language))


def _read_questions(draft: Draft, sheet: Sheet, rulebook: RuleBook) -> bool:
    """A sheet of questions (a sheet named after a type needs no 题型 column); whether it had any."""
    found = find_header(sheet)
    if found is None:
        if sheet.kind == "questions":
            draft.error(sheet.origin(0, 0), "import-no-header")
        return False
    header_row, headers = found
    for col, header in enumerate(headers):
        text = cell_text(sheet.rows[header_row][col])
        if not header.key and text:
            draft.warn(sheet.origin(header_row, col), "import-unknown-column", value=text)
    default_type = parse_type(sheet.name or "") if not sheet.kind else None
    builder = QuestionBuilder(draft, rulebook.lookup)
    return read_sheet(builder, sheet, header_row, headers, default_type if default_type != "essay" else None) > 0


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
    others = bank_languages(bank)[1:]
    options = max([MIN_OPTIONS] + [_option_count(q) for q in bank.questions])
    header, rows = _question_table(bank, lang, others, options)
    info_header, info = _small_sheet(
        INFO_COLUMNS, [bank], lang, others,
        [lambda b: b.id, lambda b: str(b.title), lambda b: b.language, lambda b: str(b.version),
         lambda b: "" if b.description is None else str(b.description)],
        [("title", lambda b: b.title), ("description", lambda b: b.description)])
    rules_header, rules = _small_sheet(
        RULE_COLUMNS, list(bank.rules), lang, others,
        [lambda r: r.id, lambda r: str(r.text), lambda r: r.source or "",
         lambda r: "" if r.quote is None else str(r.quote)],
        [("text", lambda r: r.text), ("quote", lambda r: r.quote)])
    sources_header, sources = _small_sheet(
        SOURCE_COLUMNS, list(bank.sources), lang, others,
        [lambda s: s.id, lambda s: str(s.title), lambda s: s.url or ""], [("title", lambda s: s.title)])
    return Layout(lang, header, rows, info_header, info, rules_header, rules, sources_header, sources, options)


def _question_table(bank: Bank, lang: str, others: list[str], options: int) -> tuple[list[str], list[list[str]]]:
    """The 题目 sheet: the template's columns, the optional ones a bank uses, then translation columns."""
    zh = lang.startswith("zh")
    rows: list[dict[tuple[str, str | None], str]] = []
    used: set[str] = set()
    for question in bank.questions:
        row: dict[tuple[str, str | None], str] = {}
        for code in [bank.language] + others:
            for key, value in _question_cells(question, code, zh).items():
                if value:
                    row[(key, None if code == bank.language else code)] = value
                    used.add(key)
        rows.append(row)
    keys: list[str] = []
    for key in TEMPLATE_KEYS:
        keys += [f"option:{OPTION_LETTERS[i]}" for i in range(options)] if key == "OPTIONS" else [key]
    keys += [key for key in EXTRA_KEYS if key in used]
    columns: list[tuple[str, str | None]] = [(key, None) for key in keys]
    for code in others:
        columns += [(key, code) for key in keys if any((key, code) in row for row in rows)]
    header = [_column_header(key, code, zh) for key, code in columns]
    return header, [[row.get(column, "") for column in columns] for row in rows]


def _small_sheet(columns: Sequence[Column], items: list[Any], lang: str, others: list[str],
                 cells: list[Callable[[Any], str]],
                 translated: list[tuple[str, Callable[[Any], Text | None]]]) -> tuple[list[str], list[list[str]]]:
    """A sheet of records (题库信息, 规则, 出处): a row per item, and a column per translated field and language."""
    header = [c.header(lang) for c in columns]
    rows = [[cell(item) for cell in cells] for item in items]
    for code in others:
        for key, value_of in translated:
            if any(_in(value_of(item), code) for item in items):
                header.append(f"{_column(columns, key).header(lang)}[{code}]")
                for item, out in zip(items, rows, strict=True):
                    out.append(_in(value_of(item), code) or "")
    return header, rows


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
    """The cells of one question in one language (what does not vary by language only in the bank's)."""
    own = lang == question.prompt.languages[0]
    cells: dict[str, str] = {}
    if own:
        points = question.points
        cells.update(
            id=question.id, type=TYPE_LABELS[question.type.value][0 if zh else 1],
            difficulty=DIFFICULTY_LABELS[question.difficulty][0 if zh else 1],
            points=decimal_text(points),
            tags=";".join(escape(t, ";；") for t in question.tags), rules=";".join(question.rules))
    cells["prompt"] = _in(question.prompt, lang) or ""
    cells["scenario"] = _in(question.scenario, lang) or ""
    cells["explain"] = _in(question.explain, lang) or ""
    cells.update(BODY_CELLS[question.type](question, lang, zh, own))
    if own and question.type.value in ("fill", "script"):
        if question.examples is not None:
            cells["accept"] = "\n".join(question.examples.accept)
            cells["reject"] = "\n".join(question.examples.reject)
        if question.tolerance is not None:
            cells["matching"] = matching_cell(question.tolerance, zh)
    return cells


def _choice_cells(question: Question, lang: str, zh: bool, own: bool) -> dict[str, str]:
    body = question.body
    assert isinstance(body, ChoiceBody)
    cells: dict[str, str] = {}
    feedback, answer = [], ""
    for n, (group, i) in enumerate(choice_layout(question)):
        choice = (body.correct if group == "c" else body.wrong)[i]
        letter = OPTION_LETTERS[n]
        cells[f"option:{letter}"] = _in(choice.text, lang) or ""
        answer += letter if group == "c" else ""
        if choice.feedback is not None and _in(choice.feedback, lang):
            feedback.append(f"{letter}{'：' if zh else ': '}{_in(choice.feedback, lang)}")
    cells["feedback"] = "\n".join(feedback)
    if own:
        cells["answer"] = answer
        if question.type is QuestionType.MULTI:
            cells["scoring"] = SCORING_LABELS[body.scoring.value][0 if zh else 1]
    return cells


def _truefalse_cells(question: Question, lang: str, zh: bool, own: bool) -> dict[str, str]:
    body = question.body
    assert isinstance(body, TrueFalseBody)
    if not own:
        return {}
    return {"answer": ("正确" if body.answer else "错误") if zh else ("TRUE" if body.answer else "FALSE")}


def _order_cells(question: Question, lang: str, zh: bool, own: bool) -> dict[str, str]:
    body = question.body
    assert isinstance(body, OrderBody)
    cells = {f"option:{OPTION_LETTERS[n]}": _in(step, lang) or "" for n, step in enumerate(body.steps)}
    if own:
        cells["scoring"] = SCORING_LABELS[body.scoring.value][0 if zh else 1]
    return cells


def _fill_cells(question: Question, lang: str, zh: bool, own: bool) -> dict[str, str]:
    body = question.body
    assert isinstance(body, FillBody)
    return {"answer": _alt_cell(body.blanks, lang)}


def _script_cells(question: Question, lang: str, zh: bool, own: bool) -> dict[str, str]:
    body = question.body
    assert isinstance(body, ScriptBody)
    never = "|".join(forbidden_text(_in(f.phrase, lang), _in(f.unless, lang), zh)
                     for f in body.never if _in(f.phrase, lang) is not None)
    return {"answer": _alt_cell(body.must, lang), "should": _alt_cell(body.should, lang),
            "model": _in(body.model, lang) or "", "never": never}


def _match_cells(question: Question, lang: str, zh: bool, own: bool) -> dict[str, str]:
    body = question.body
    assert isinstance(body, MatchBody)
    cells = {}
    sides = [(pair.left, pair.right) for pair in body.pairs] + [(None, decoy) for decoy in body.decoys]
    for n, (left, right) in enumerate(sides):
        if own or _in(left, lang) is not None or _in(right, lang) is not None:  # untranslated pairs stay empty
            cells[f"option:{OPTION_LETTERS[n]}"] = f"{_in(left, lang) or ''} -> {_in(right, lang) or ''}".strip()
    return cells


# The cells each question type fills besides the common ones (one entry per QuestionType).
BODY_CELLS: dict[QuestionType, Callable[[Question, str, bool, bool], dict[str, str]]] = {
    QuestionType.SINGLE: _choice_cells, QuestionType.MULTI: _choice_cells, QuestionType.TRUEFALSE: _truefalse_cells,
    QuestionType.ORDER: _order_cells, QuestionType.FILL: _fill_cells, QuestionType.SCRIPT: _script_cells,
    QuestionType.MATCH: _match_cells,
}


def matching_cell(tolerance: Tolerance, zh: bool) -> str:
    """A question's matching settings as the 匹配设置 cell writes them."""
    parts = []
    for name, (zh_label, en_label) in MATCHING_LABELS.items():
        value = getattr(tolerance, name)
        if name == "insertions":
            shown = str(value)
        else:
            shown = ("是" if value else "否") if zh else ("yes" if value else "no")
        parts.append(f"{zh_label if zh else en_label}={shown}")
    return ";".join(parts)
