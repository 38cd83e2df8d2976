"""Rows -> questions: one builder for every reader that has cells (sheets, CSV, pasted text, Aiken).

A `RowView` holds a question's cells by field and language and its options by letter; the
`QuestionBuilder` turns it into the plain data of one question, recording where each value
came from and reporting, at the cell, whatever keeps it from being a question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from ..banks.keys import ID_RE
from .cells import (
    ARROW,
    VARIANT_SEPS,
    fill_blanks,
    infer_type,
    norm,
    parse_difficulty,
    parse_feedback,
    parse_groups,
    parse_letters,
    parse_matching,
    parse_points,
    parse_scoring,
    parse_truefalse,
    parse_type,
    raw_groups,
    rule_references,
    split_escaped,
    unless_suffix,
)
from .draft import Data, Draft, KeyPath, Origin, QuestionDraft, first_text, rule_id_from_text


class Cell(NamedTuple):
    """A cell's text, where it is, and the value the file holds (a bool for a TRUE cell)."""

    text: str
    origin: Origin
    raw: Any = None  # the value as the workbook holds it (a bool for TRUE/FALSE cells)


class RowView:
    """One data row: cells by (key, language), options by letter."""

    def __init__(self, origin: Origin, bank_lang: str) -> None:
        self.origin = origin
        self.bank_lang = bank_lang
        self.cells: dict[tuple[str, str], Cell] = {}
        self.options: dict[str, dict[str, Cell]] = {}  # lang -> letter -> cell
        self.hints: dict[str, str] = {}
        self.dates: list[tuple[Origin, Any]] = []
        self.formulas: list[Origin] = []
        self.answer_origin = origin  # where a missing answer should be written
        self._languages: dict[str, list[str]] | None = None

    def get(self, key: str, lang: str | None = None) -> Cell | None:
        """The cell of `key` in `lang` (default: the bank's language)."""
        return self.cells.get((key, lang or self.bank_lang))

    def languages(self, key: str) -> list[str]:
        """The languages `key` has cells in, the bank's first."""
        if self._languages is None:
            index: dict[str, list[str]] = {}
            for k, lang in self.cells:
                index.setdefault(k, []).append(lang)
            for langs in index.values():
                langs.sort(key=lambda lang: lang != self.bank_lang)
            self._languages = index
        return self._languages.get(key, [])

    def put(self, key: str, text: str, origin: Origin, lang: str | None = None) -> None:
        """Set a cell (readers of text formats build rows this way)."""
        self.cells[(key, lang or self.bank_lang)] = Cell(text, origin)
        self._languages = None

    def put_option(self, letter: str, text: str, origin: Origin, lang: str | None = None) -> None:
        """Set an option by its letter."""
        self.options.setdefault(lang or self.bank_lang, {})[letter] = Cell(text, origin)

    @property
    def is_blank(self) -> bool:
        """Whether the row holds nothing at all (blank rows are not questions)."""
        return not self.cells and not self.options and not self.dates and not self.formulas


OPTION_PREFIX = re.compile(r"^\s*[(（]?\s*([A-Za-zＡ-Ｚ])\s*[)）.．、:：\-—]\s*")


def split_options(text: str) -> list[str]:
    """All options in one cell: one per line, or split by '|' or '$;$'; 'A. ' prefixes dropped."""
    for separator in ("$;$", "\n", "|", "｜"):
        if separator in text:
            parts = text.split(separator)
            break
    else:
        parts = [text]
    return [OPTION_PREFIX.sub("", part).strip() for part in parts if part.strip()]


def _text_value(cells: dict[str, Cell]) -> Any:
    """Per-language cells -> a plain text (one language) or a {language: text} mapping."""
    if len(cells) == 1:
        return next(iter(cells.values())).text
    return {lang: cell.text for lang, cell in cells.items()}

def _shown_date(value: Any) -> str:
    """A date as the trainer would recognise it: no time of day when it is midnight."""
    import datetime as dt

    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class QuestionBuilder:
    """Builds questions from rows (of a sheet, or made by a text reader) into a Draft."""

    def __init__(self, draft: Draft, rule_lookup: Callable[[str, Origin, int], str | None]) -> None:
        self.draft = draft
        self.rule_lookup = rule_lookup
        self.lang = draft.language
        self.default_type: str | None = None

    def question(self, row: RowView, default_type: str | None = None) -> None:
        """Build one question from a row; problems go to the draft, the question is kept only when whole."""
        if default_type is not None:
            self.default_type = default_type
        draft = self.draft
        question = QuestionDraft(None, row.origin)
        index = draft.add_question(question)
        ok = True
        for origin in row.formulas:
            draft.error(origin, "import-formula-no-value", index)
            ok = False
        for origin, raw in row.dates:
            draft.error(origin, "import-date-cell", index, value=_shown_date(raw))
            ok = False
        if not ok:
            return  # the cell's meaning is lost; anything said about the rest would follow from that
        data: dict[str, Any] = {}
        fields = question.fields
        id_cell = row.get("id")
        if id_cell is not None:
            data["id"] = id_cell.text.lower() if ID_RE.match(id_cell.text.lower()) else id_cell.text
            fields[("id",)] = id_cell.origin
            question.known_id = data["id"]
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
        """The type: the 题型 cell, else the sheet's type, else what the answer shows."""
        cell = row.get("type")
        if cell is not None:
            qtype = parse_type(cell.text, row.hints.get("type", ""))
            if qtype is None:
                self.draft.error(cell.origin, "import-unknown-type", index, value=cell.text)
            return qtype
        if self.default_type:
            return self.default_type
        answer, prompt = row.get("answer"), row.get("prompt")
        options = row.options.get(self.lang, {})
        qtype = infer_type(answer.text if answer else None, bool(options),
                           any(ARROW.search(c.text) for c in options.values()),
                           bool(prompt and re.search(r"_{2,}|[（(]\s*[)）]", prompt.text)))
        if qtype is None:
            self.draft.error(row.origin, "import-no-type", index)
        return qtype

    def texts(self, row: RowView, key: str, path: KeyPath, fields: dict[KeyPath, Origin]) -> Any:
        """A text field in every language it has, recording each cell's origin."""
        cells = {lang: row.cells[(key, lang)] for lang in row.languages(key)}
        if not cells:
            return None
        fields[path] = cells.get(self.lang, next(iter(cells.values()))).origin
        for lang, cell in cells.items():
            fields[path + (lang,)] = cell.origin
        return _text_value(cells)

    def common(self, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
        """Fields every type has: rules, difficulty, points, tags, scenario and prompt."""
        ok = self.rules(row, data, fields, index)
        for key, parse, code in (("difficulty", parse_difficulty, "import-bad-difficulty"),
                                 ("points", parse_points, "import-bad-points")):
            cell = row.get(key)
            if cell is None:
                continue
            value = parse(cell.text)
            if value is None:
                self.draft.error(cell.origin, code, index, value=cell.text)
                ok = False
            else:
                data[key] = value
                fields[(key,)] = cell.origin
        cell = row.get("tags")
        if cell is not None:
            tags = [t.strip() for t in re.split(r"[;；,，、|｜\n]+", cell.text) if t.strip()]
            data["tags"] = list(dict.fromkeys(tags))
            fields[("tags",)] = cell.origin
        for key in ("scenario", "prompt"):
            value = self.texts(row, key, (key,), fields)
            if value is not None:
                data[key] = value
        if "prompt" not in data:
            self.draft.error(row.origin, "import-no-prompt", index)
            ok = False
        return ok

    def rules(self, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
        """The 规则 cell: rule ids, or rule texts that become rules of the bank."""
        cell = row.get("rules")
        if cell is None:
            return True
        names, ok = [], True
        for part in rule_references(cell.text):
            found = self.rule_lookup(part, cell.origin, index)
            if found is None:
                ok = False
            else:
                names.append(found)
        names = list(dict.fromkeys(names))
        if len(names) == 1:
            data["rule"] = names[0]
            fields[("rule",)] = cell.origin
        elif names:
            data["rules"] = names
            fields[("rules",)] = cell.origin
        return ok

    def finish(self, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
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

    def body(self, qtype: str, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool | None:
        """The fields of the question's type, then those any type may carry; None when it cannot be built."""
        draft = self.draft
        answer = row.get("answer")
        options = row.options.get(self.lang, {})
        if options and qtype in ("truefalse", "fill", "script", "essay") and not (
                qtype == "truefalse" and answer is not None and parse_letters(answer.text)):
            draft.warn(next(iter(options.values())).origin, "import-options-ignored", index, kind=data["type"])
        handler = BODY_BUILDERS[qtype] if qtype != "essay" else QuestionBuilder.script_body
        if not handler(self, qtype, row, data, fields, index):
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
        """Each option's text in every language it has: letter -> text or {language: text}."""
        out = {}
        for letter in letters:
            cells = {lang: row.options[lang][letter] for lang in sorted(row.options, key=lambda code: code != self.lang)
                     if letter in row.options[lang]}
            out[letter] = _text_value(cells)
        return out

    def _option_origin(self, row: RowView, letter: str) -> Origin:
        return row.options[self.lang][letter].origin

    def _require_answer(self, row: RowView, data: Data, index: int) -> Cell | None:
        answer = row.get("answer")
        if answer is None:
            self.draft.error(row.answer_origin, "import-no-answer", index, kind=data["type"])
        return answer

    def _translations_match(self, row: RowView, index: int) -> bool:
        """Options in another language may leave some untranslated, but never fill a letter the bank language lacks."""
        own = set(row.options.get(self.lang, {}))
        for lang, cells in row.options.items():
            extra = sorted(set(cells) - own)
            if lang != self.lang and extra:
                self.draft.error(cells[extra[0]].origin, "import-translation-options", index, lang=lang,
                                 letters="".join(extra))
                return False
        return True

    def choice_body(self, qtype: str, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
        """`single` and `multi`: the options the answer letters name are right, the rest wrong."""
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

    def truefalse_body(self, qtype: str, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
        """`truefalse`: the answer in any of its spellings, a TRUE/FALSE cell, or the letter of 正确/错误."""
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

    def order_body(self, qtype: str, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
        """`order`: the options in the order the answer letters give, or as the columns stand."""
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

    def alternatives(self, row: RowView, key: str, index: int,
                     forbidden: bool = False) -> tuple[list[Any], Origin] | None:
        """A '|'/';' cell in every language, merged item by item: [{zh-CN: [...], en: [...]}, ...]."""
        langs = row.languages(key)
        if not langs:
            return [], row.origin
        per_lang: dict[str, list[Any]] = {}
        for lang in langs:
            cell = row.cells[(key, lang)]
            per_lang[lang] = [_forbidden_item(g) for g in raw_groups(cell.text)] if forbidden \
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

    def fill_body(self, qtype: str, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
        """`fill`: one answer group per blank; blanks written other ways become ___."""
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

    def script_body(self, qtype: str, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
        """`script`: key phrases (the answer), nice-to-say and forbidden phrases, and the model answer."""
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

    def match_body(self, qtype: str, row: RowView, data: Data, fields: dict[KeyPath, Origin], index: int) -> bool:
        """`match`: options written 'left -> right'; '-> right' alone is a decoy."""
        if not self._translations_match(row, index):
            return False
        pairs, decoys = [], []
        pair_origins, decoy_origins = [], []
        for letter, cell in row.options.get(self.lang, {}).items():
            lefts: dict[str, str] = {}
            rights: dict[str, str] = {}
            for lang in sorted(row.options, key=lambda code: code != self.lang):
                option = row.options[lang].get(letter)
                if option is None:
                    continue
                parts = ARROW.split(option.text, maxsplit=1)
                # The bank language needs the right side; a translation may leave either side untranslated.
                if len(parts) != 2 or (lang == self.lang and not parts[1].strip()):
                    self.draft.error(option.origin, "import-match-arrow", index, value=option.text)
                    return False
                if parts[0].strip():
                    lefts[lang] = parts[0].strip()
                if parts[1].strip():
                    rights[lang] = parts[1].strip()
            right = rights[self.lang] if len(rights) == 1 else rights
            if self.lang not in lefts:  # '-> 右项' in the bank language: a decoy
                decoys.append(right)
                decoy_origins.append(cell.origin)
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

# How a row becomes each type's fields (one entry per QuestionType; an essay is read as a script).
BODY_BUILDERS: dict[str, Callable[[QuestionBuilder, str, RowView, Data, dict[KeyPath, Origin], int], bool]] = {
    "single": QuestionBuilder.choice_body, "multi": QuestionBuilder.choice_body,
    "truefalse": QuestionBuilder.truefalse_body, "order": QuestionBuilder.order_body,
    "fill": QuestionBuilder.fill_body, "script": QuestionBuilder.script_body, "match": QuestionBuilder.match_body,
}


def _alternatives_value(items: dict[str, list[str]]) -> Any:
    if len(items) == 1:
        variants = next(iter(items.values()))
        return variants[0] if len(variants) == 1 else variants
    return {lang: variants[0] if len(variants) == 1 else variants for lang, variants in items.items()}


def _forbidden_item(raw: str) -> tuple[list[str], list[str] | None]:
    found = unless_suffix(raw)
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


class RuleBook:
    """The bank's rules while reading: from the 规则 sheet, and made from rule texts written in a row."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.rules: list[dict[str, Any]] = draft.bank.setdefault("rules", [])
        self.ids: list[str] = [r["id"] for r in self.rules]
        self.by_text: dict[str, str] = {}

    def add(self, text: tuple[Any, Origin], rule_id: tuple[str, Origin] | None = None,
            source: tuple[str, Origin] | None = None, quote: tuple[Any, Origin] | None = None) -> str:
        """Add a rule (text, with the origins of each part); returns its id, made from the text if not given."""
        draft, index = self.draft, len(self.rules)
        lang = draft.language
        if rule_id is not None:
            value, id_origin = rule_id
            value = value.lower() if ID_RE.match(value.lower()) else value
        else:
            value, id_origin = rule_id_from_text(first_text(text[0], lang)), text[1]
        item: dict[str, Any] = {"id": value, "text": text[0]}
        draft.bank_fields[("rules", index)] = id_origin
        draft.bank_fields[("rules", index, "id")] = id_origin
        draft.bank_fields[("rules", index, "text")] = text[1]
        if source is not None:
            item["source"], draft.bank_fields[("rules", index, "source")] = source
        if quote is not None:
            item["quote"], draft.bank_fields[("rules", index, "quote")] = quote
        if "rules" not in draft.bank:
            draft.bank["rules"] = self.rules
        self.rules.append(item)
        self.ids.append(value)
        self.by_text[norm(first_text(text[0], lang))] = value
        return value

    def lookup(self, value: str, origin: Origin, question: int) -> str | None:
        """The id a question's 规则 cell names: a rule id, a rule's text, or a new rule's text."""
        lowered = value.lower()
        if lowered in self.ids:
            return lowered
        if norm(value) in self.by_text:
            return self.by_text[norm(value)]
        if ID_RE.match(lowered):
            from ..errors import suggest

            self.draft.error(origin, "import-unknown-rule", question, value=value,
                             suggestion=suggest(lowered, self.ids))
            return None
        # A rule written out in the question's row (题目依据): it becomes a rule of the bank.
        return self.add((value, origin))
