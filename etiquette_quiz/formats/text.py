"""Pasted text, Markdown and Word: the numbered convention Chinese exam platforms use, and a Markdown writer.

    一、单选题
    1、[单选题] 电话铃响后，最迟应在第几声之内接听？
    A. 五声    B. 三声    C. 十声
    答案：B
    解析：铃响三声之内必须接听。

A question starts with its number (`1、` `1.` `1）` `（1）` `第1题`); options are `A.` `A、`
`A）` `(A)` (several may share a line); fields are `答案：` `【答案】` `解析：` and the other
column names of the template (`难度：` `标签：` `题号：` `情景：` `禁用语：` `参考话术：` …).
The type comes from a `[单选题]`/`【多选题】` tag, else from a section heading (`一、多选题`),
else from the answer. An answer written in the prompt's brackets — `（B）`, `（√）` — counts
when there is no answer line. Word files are read paragraph by paragraph (tables too, and
Word's automatic numbering); their locations are paragraph numbers.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Bank, ChoiceBody, FillBody, MatchBody, OrderBody, ScriptBody, TrueFalseBody
from ..scores import decimal_text
from .cells import (
    DIFFICULTY_LABELS,
    OPTION_LETTERS,
    SCORING_LABELS,
    TYPE_LABELS,
    forbidden_text,
    join_groups,
    parse_type,
)
from .draft import Draft, Origin, assign_question_ids, named_after_file
from .rows import QuestionBuilder, RowView, RuleBook

if TYPE_CHECKING:
    from .exporting import Exported

_FIELDS: dict[str, tuple[str, ...]] = {
    "answer": ("答案", "正确答案", "参考答案", "标准答案", "答", "answer", "correct answer", "key"),
    "explain": ("解析", "答案解析", "试题解析", "题目解析", "解释", "explanation", "explain"),
    "id": ("题号", "编号", "id"),
    "type": ("题型", "type"),
    "difficulty": ("难度", "difficulty"),
    "points": ("分值", "分数", "points"),
    "tags": ("标签", "知识点", "章节", "tags"),
    "rules": ("规则", "题目依据", "依据", "rule", "rules"),
    "scenario": ("情景", "场景", "scenario"),
    "never": ("禁用语", "禁语", "forbidden phrases", "forbidden"),
    "model": ("参考话术", "示范回答", "标准话术", "model answer", "model"),
    "should": ("加分话术", "nice to say"),
    "feedback": ("选项解析", "option feedback"),
    "scoring": ("评分方式", "scoring"),
}
# Lines before the first question may name the bank (题库ID：phone-basics / 标题：… / 语言：en).
_BANK_FIELDS = {"题库id": "bank", "题库编号": "bank", "bank id": "bank", "bank": "bank", "标题": "title",
                "题库名称": "title", "title": "title", "语言": "language", "language": "language"}
_BANK_RE = re.compile(r"^\s*(" + "|".join(sorted(map(re.escape, _BANK_FIELDS), key=len, reverse=True)) +
                      r")\s*[:：]\s*(\S.*)$", re.I)
_FIELD_OF = {name.lower(): key for key, names in _FIELDS.items() for name in names}
_FIELD_RE = re.compile(
    r"^\s*[【\[]?\s*(" + "|".join(sorted((re.escape(n) for n in _FIELD_OF), key=len, reverse=True)) +
    r")\s*(?:[】\]]\s*[:：]?|[:：])\s*(.*)$", re.I)
_QUESTION_RE = re.compile(
    r"^\s*(?:第\s*(\d{1,4})\s*题\s*[:：.、．]?|[(（]\s*(\d{1,4})\s*[)）]|(\d{1,4})\s*(?:[、．)）]|\.(?!\d)))\s*(.*)$")
_OPTION_RE = re.compile(r"^\s*[(（]?\s*([A-Z]|[a-h]|[Ａ-Ｚ])\s*[)）.．、:：]\s*(.*)$")
_NEXT_OPTION = re.compile(r"\s{2,}|\t|\s+(?=[(（]?[B-Z]\s*[)）.．、]\s*\S)")
_TAG = r"[【\[(（]\s*([^】\])）]{1,12}?)\s*[】\])）]"
_TAG_RE = re.compile(r"^\s*" + _TAG + r"\s*|\s*" + _TAG + r"\s*$")
_SECTION_RE = re.compile(
    r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+\s*[、.．]|第\s*[一二三四五六七八九十\d]+\s*部分\s*[:：]?|=+\s*<<<)?\s*"
    r"[【\[]?\s*([^\s【】\[\]()（）=<>:：]{2,8}?)\s*[】\]]?\s*(?:>>>\s*=+)?\s*(?:[（(][^)）]*[)）])?\s*[:：]?\s*$")
_INLINE_ANSWER = re.compile(r"[（(]\s*([A-Ha-hＡ-Ｈ]{1,8}|√|×|✓|✗|✔|✘|对|错|正确|错误)\s*[)）]")


def read_text(path: Path, shown: str) -> Draft:
    """A bank from pasted text (.txt), Markdown (.md) or a Word document (.docx)."""
    from .csvfile import read_text_file

    draft = named_after_file(shown)
    if path.suffix.lower() == ".docx":
        try:
            lines = docx_lines(path)
        except Exception as exc:  # python-docx raises zip, XML and package errors of its own
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            draft.error(draft.origin, "import-unreadable", reason=reason)
            return draft
    else:
        text = read_text_file(path, draft)
        if text is None:
            return draft
        lines = text.splitlines()
    parse_lines(draft, lines, markdown=path.suffix.lower() in (".md", ".markdown"))
    assign_question_ids(draft)
    return draft


def _clean(line: str, markdown: bool) -> str:
    line = line.replace("\u3000", " ").rstrip()
    if markdown:
        line = re.sub(r"\\$", "", line)
        line = re.sub(r"(?<!\\)\*\*", "", line).replace("\\*", "*")  # bold marks go; an escaped * is a star
        line = re.sub(r"^\s*(?:>\s*)+", "", line)
        line = re.sub(r"^\s*[-*+]\s+(?=\S)", "", line)
    return line


class _Question:
    """The parts of one question as they are read, line by line."""

    def __init__(self, line: int, number: str) -> None:
        self.line = line
        self.number = number
        self.prompt: list[str] = []
        self.fields: dict[str, tuple[list[str], int]] = {}
        self.options: list[tuple[str, str, int]] = []  # (letter, text, line)
        self.tag: str | None = None
        self.last: str = "prompt"  # where a continuation line goes: prompt, option, or a field key


def parse_lines(draft: Draft, lines: list[str], markdown: bool = False) -> None:
    """Read questions from lines (see the module's docstring) into `draft`."""
    parser = _Parser(draft, markdown)
    for number, raw in enumerate(lines, 1):
        parser.line(number, raw)
    parser.close()
    if not draft.questions and not draft.problems:
        draft.error(draft.origin, "import-no-questions")


class _Parser:
    """Reads lines one at a time, keeping the question being read and the section it is in."""

    def __init__(self, draft: Draft, markdown: bool) -> None:
        self.draft = draft
        self.markdown = markdown
        self.builder = QuestionBuilder(draft, RuleBook(draft).lookup)
        self.section: str | None = None
        self.current: _Question | None = None
        self.title_seen = False

    def close(self) -> None:
        """Build the question being read, if any."""
        if self.current is not None:
            _finish(self.builder, self.draft, self.current, self.section)
            self.current = None

    def line(self, number: int, raw: str) -> None:
        """One line: a question's start, a heading, a field, an option, or more of what came before."""
        line = _clean(raw, self.markdown)
        current = self.current
        if not line.strip():
            if current is not None:
                current.last = "closed"
            return
        if self.markdown and not self.title_seen and current is None and re.match(r"^\s*#\s+\S", raw):
            self.draft.bank["title"] = raw.strip().lstrip("#").strip()
            self.title_seen = True
            return
        found = _QUESTION_RE.match(line)
        if found and (current is None or current.last != "explain" or _starts_question(found)):
            self.close()
            self.current = _Question(number, next(g for g in found.groups()[:3] if g))
            _prompt_line(self.current, found.group(4))
            return
        bank_line = _BANK_RE.match(line) if current is None else None
        if bank_line:
            _bank_field(self.draft, bank_line, Origin(self.draft.source, line=number))
            return
        if current is None or not _FIELD_RE.match(line) and not _OPTION_RE.match(line):
            heading = _SECTION_RE.match(line)
            if heading and parse_type(heading.group(1)):
                self.close()
                self.section = parse_type(heading.group(1))
                return
            if current is None:
                return  # a title or a note before the first question
        assert current is not None
        field = _FIELD_RE.match(line)
        if field:
            _field(current, _FIELD_OF[field.group(1).lower()], field.group(2).strip(), number)
            return
        if _OPTION_RE.match(line) and "answer" not in current.fields and current.last in ("prompt", "option", "closed"):
            current.options += [(letter, text, number) for letter, text in _split_option_line(line)]
            current.last = "option"
            return
        _continue(current, line.strip())


def _field(current: _Question, key: str, value: str, number: int) -> None:
    """A `名称：值` line of a question; an answer line may carry its explanation too ('答案：B 解析：…')."""
    if key == "answer" and re.search(r"\s(?:解析|explanation)\s*[:：]", value, re.I):
        value, rest = re.split(r"\s(?=(?:解析|explanation)\s*[:：])", value, maxsplit=1, flags=re.I)
        current.fields["answer"] = ([value.strip()], number)
        explain = _FIELD_RE.match(rest)
        current.fields["explain"] = ([explain.group(2).strip()] if explain else [rest], number)
        current.last = "explain"
        return
    if key == "rules" and key in current.fields:  # one 规则： line per rule
        current.fields[key][0].append(value)
    else:
        current.fields[key] = ([value] if value else [], number)
    current.last = key


def _continue(current: _Question, text: str) -> None:
    """A line that starts nothing: more of the last option, the prompt, or the last field."""
    if current.last == "option" and current.options:
        letter, earlier, at = current.options[-1]
        current.options[-1] = (letter, earlier + "\n" + text, at)
    elif current.last in ("prompt", "closed") and not current.options and "answer" not in current.fields:
        current.prompt.append(text)
        current.last = "prompt"
    elif current.last in current.fields:
        current.fields[current.last][0].append(text)
    elif current.last == "closed" and "explain" in current.fields:
        current.fields["explain"][0].append(text)


def _bank_field(draft: Draft, found: re.Match[str], origin: Origin) -> None:
    """A line before the first question naming the bank: 题库ID：…, 标题：…, 语言：…."""
    from ..banks.keys import ID_RE

    key, value = _BANK_FIELDS[found.group(1).lower()], found.group(2).strip()
    if key == "language":
        draft.set_language(value, origin)
        return
    if key == "bank":
        value = value.lower() if ID_RE.match(value.lower()) else value
        draft.generated_bank_id = False
    draft.bank[key] = value
    draft.bank_fields[(key,)] = origin


def _starts_question(found: re.Match[str]) -> bool:
    """A numbered line inside an explanation starts a question only if it is followed by text and a tag/stem."""
    return bool(found.group(4)) and not found.group(4)[0].isdigit()


def _prompt_line(question: _Question, text: str) -> None:
    tag = _TAG_RE.search(text)
    if tag:
        label = tag.group(1) or tag.group(2)
        if parse_type(label):
            question.tag = label
            text = text[:tag.start()] + text[tag.end():]
    if text.strip():
        question.prompt.append(text.strip())


def _split_option_line(line: str) -> list[tuple[str, str]]:
    """'A. 是  B. 否' -> [('A', '是'), ('B', '否')]; one option when the letters do not follow on."""
    out: list[tuple[str, str]] = []
    rest = line
    while rest:
        found = _OPTION_RE.match(rest)
        if not found:
            break
        letter = unicodedata.normalize("NFKC", found.group(1)).upper()
        if out and ord(letter) != ord(out[-1][0]) + 1:
            out[-1] = (out[-1][0], out[-1][1] + " " + rest.strip())
            break
        text = found.group(2)
        split = _NEXT_OPTION.search(text)
        while split and not _OPTION_RE.match(text[split.end():]):
            split = _NEXT_OPTION.search(text, split.end())
        if split is None:
            out.append((letter, text.strip()))
            break
        out.append((letter, text[:split.start()].strip()))
        rest = text[split.end():]
    return out


def _finish(builder: QuestionBuilder, draft: Draft, question: _Question, section: str | None) -> None:
    """Turn the parts of a question into a row and build it."""
    file = draft.source
    at = Origin(file, line=question.line)
    row = RowView(at, draft.language)
    prompt = "\n".join(question.prompt).strip()
    fields = {key: ("\n".join(lines).strip(), line) for key, (lines, line) in question.fields.items()}
    if "answer" not in fields or not fields["answer"][0]:
        inline = _INLINE_ANSWER.search(prompt)
        qtype = parse_type(question.tag) if question.tag else section
        if inline and (question.options or qtype in ("truefalse", None)):
            fields["answer"] = (inline.group(1), question.line)
            prompt = prompt[:inline.start()] + "（ ）" + prompt[inline.end():]
        elif qtype == "fill" and re.search(r"[（(][^)）]+[)）]", prompt):
            answers = re.findall(r"[（(]([^)）]+)[)）]", prompt)
            fields["answer"] = ("|".join(answers), question.line)
            prompt = re.sub(r"[（(][^)）]+[)）]", "___", prompt)
    if prompt:
        row.put("prompt", prompt, at)
    if question.tag:
        row.put("type", question.tag, at)
    for key, (value, line) in fields.items():
        if value:
            row.put(key, value, Origin(file, line=line))
    row.answer_origin = Origin(file, line=fields["answer"][1]) if "answer" in fields else at
    for letter, text, line in question.options:
        row.put_option(letter, text, Origin(file, line=line))
    qtype = parse_type(question.tag) if question.tag else section
    answer = fields.get("answer", ("", 0))[0]
    if qtype == "fill" and answer and "|" not in answer and "｜" not in answer:
        blanks = len(re.findall(r"_{2,}|[（(]\s*[)）]", prompt))
        for separator in ("、", "，", ",", " "):
            parts = [p for p in answer.split(separator) if p.strip()]
            if blanks > 1 and len(parts) == blanks:
                row.put("answer", "|".join(p.strip() for p in parts), Origin(file, line=fields["answer"][1]))
                break
    builder.question(row, section if section != "essay" else None)


# -- Word ------------------------------------------------------------------------------------


def docx_lines(path: Path) -> list[str]:
    """The paragraphs of a Word document in order (table cells included), with automatic numbering written out."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    formats = _numbering_formats(document)
    style_numbering = {
        style.get(qn("w:styleId")): style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        for style in document.styles.element.iter(qn("w:style"))
        if style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    }
    counters: dict[tuple[str, int], int] = {}
    lines: list[str] = []

    def paragraph_text(p: Any) -> str:
        text = _runs_text(p, qn)
        num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is None:  # numbering may come with the paragraph's style ("List Number")
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            num = style_numbering.get(style.get(qn("w:val"))) if style is not None else None
        if num is None:
            return text
        num_id = num.find(qn("w:numId"))
        level = num.find(qn("w:ilvl"))
        if num_id is None:
            return text
        key = (num_id.get(qn("w:val")), int(level.get(qn("w:val"))) if level is not None else 0)
        counters[key] = counters.get(key, 0) + 1
        for other in list(counters):  # a new item restarts the levels below it
            if other[0] == key[0] and other[1] > key[1]:
                del counters[other]
        fmt = formats.get(key, "decimal")
        n = counters[key]
        if fmt in ("upperLetter", "lowerLetter") and not _OPTION_RE.match(text):
            return f"{OPTION_LETTERS[(n - 1) % 26]}. {text}"
        if fmt in ("decimal", "decimalEnclosedCircle", "decimalZero") and not _QUESTION_RE.match(text):
            return f"{n}、{text}"
        return text

    body = document.element.body
    for block in body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append(paragraph_text(block))
        elif block.tag == qn("w:tbl"):
            for paragraph in block.iter(qn("w:p")):
                lines.append(paragraph_text(paragraph))
    return lines


def _runs_text(paragraph: Any, qn: Any) -> str:
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _numbering_formats(document: Any) -> dict[tuple[str, int], str]:
    """(numId, level) -> Word's number format ('decimal', 'upperLetter', …)."""
    from docx.oxml.ns import qn

    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for item in numbering.iter(qn("w:abstractNum")):
        levels = {}
        for level in item.iter(qn("w:lvl")):
            fmt = level.find(qn("w:numFmt"))
            levels[int(level.get(qn("w:ilvl")))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
        abstract[item.get(qn("w:abstractNumId"))] = levels
    out: dict[tuple[str, int], str] = {}
    for num in numbering.iter(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        for level, fmt in abstract.get(ref.get(qn("w:val")), {}).items():
            out[(num.get(qn("w:numId")), level)] = fmt
    return out


# -- Markdown out ----------------------------------------------------------------------------


def write_markdown(bank: Bank, path: str, lang: str) -> Exported:
    """The bank in the pasted-text convention, as Markdown that `bank import` reads back (bank language only)."""
    from ..paths import atomic_output
    from .exporting import Exported, Loss, bank_losses

    own = bank.language
    out = [f"# {bank.title.get(own)}", ""]
    if bank.description is not None:
        out += [bank.description.get(own), ""]
    for number, question in enumerate(bank.questions, 1):
        # Markdown joins lines of a paragraph; two trailing spaces keep each on its own line.
        lines = _markdown_question(bank, question, number, lang.startswith("zh"))
        out += [line.replace("*", "\\*").replace("\n", "  \n") + "  " for line in lines] + [""]
    with atomic_output(path) as stream:
        stream.write("\n".join(out))
    losses = bank_losses(bank, ("translations", "examples"))
    if bank.rules:
        losses.append(Loss(bank.id, None, ("rule-ids",)))
    return Exported(path, [bank.id], len(bank.questions), losses)


_MD_NAMES = {
    "answer": ("答案", "Answer"), "explain": ("解析", "Explanation"), "id": ("题号", "ID"),
    "difficulty": ("难度", "Difficulty"), "points": ("分值", "Points"), "tags": ("标签", "Tags"),
    "rules": ("规则", "Rules"), "scenario": ("情景", "Scenario"), "never": ("禁用语", "Forbidden phrases"),
    "model": ("参考话术", "Model answer"), "should": ("加分话术", "Nice to say"),
    "feedback": ("选项解析", "Option feedback"), "scoring": ("评分方式", "Scoring"),
}


def _markdown_question(bank: Bank, question: Any, number: int, zh: bool) -> list[str]:
    """One question's lines: number, type tag and prompt, options, then a `名称：值` line per field."""
    own = bank.language

    def field(key: str, value: str) -> str:
        return _MD_NAMES[key][0 if zh else 1] + ("：" if zh else ": ") + value

    body = question.body
    lines = [f"{number}、[{TYPE_LABELS[question.type.value][0 if zh else 1]}] {question.prompt.get(own)}"]
    if question.scenario is not None:
        lines.append(field("scenario", question.scenario.get(own)))
    options, answer, feedback = _markdown_body(question, own, zh)
    lines += [f"{OPTION_LETTERS[n]}. {option}" for n, option in enumerate(options)]
    if answer:
        lines.append(field("answer", answer))
    if isinstance(body, ScriptBody):
        if body.never:
            lines.append(field("never", "|".join(
                forbidden_text(f.phrase.get(own), f.unless.get(own) if f.unless else None, zh) for f in body.never)))
        if body.should:
            lines.append(field("should", join_groups(g.get(own) for g in body.should)))
        lines.append(field("model", body.model.get(own)))
    if feedback:
        lines.append(field("feedback", ";".join(f"{letter}{'：' if zh else ': '}{text}" for letter, text in feedback)))
    if question.explain is not None:
        lines.append(field("explain", question.explain.get(own)))
    lines += [field("id", question.id), field("difficulty", DIFFICULTY_LABELS[question.difficulty][0 if zh else 1])]
    if question.points != 1:
        lines.append(field("points", decimal_text(question.points)))
    scoring = getattr(body, "scoring", None)
    if scoring is not None and scoring.value != "partial" and question.type.value in ("multi", "order"):
        lines.append(field("scoring", SCORING_LABELS[scoring.value][0 if zh else 1]))
    if question.tags:
        lines.append(field("tags", ";".join(question.tags)))
    rules = [bank.rule(rule_id) for rule_id in question.rules]
    lines += [field("rules", rule.text.get(own).replace("\n", " ")) for rule in rules if rule is not None]
    return lines


def _markdown_body(question: Any, own: str, zh: bool) -> tuple[list[str], str, list[tuple[str, str]]]:
    """A question's options, its 答案 line, and option feedback by letter."""
    from .table import choice_layout

    body = question.body
    if isinstance(body, ChoiceBody):
        options, answer, feedback = [], "", []
        for n, (group, i) in enumerate(choice_layout(question)):
            choice = (body.correct if group == "c" else body.wrong)[i]
            options.append(choice.text.get(own))
            answer += OPTION_LETTERS[n] if group == "c" else ""
            if choice.feedback is not None:
                feedback.append((OPTION_LETTERS[n], choice.feedback.get(own)))
        return options, answer, feedback
    if isinstance(body, TrueFalseBody):
        return [], ("正确" if body.answer else "错误") if zh else ("TRUE" if body.answer else "FALSE"), []
    if isinstance(body, OrderBody):
        return [step.get(own) for step in body.steps], OPTION_LETTERS[:len(body.steps)], []
    if isinstance(body, FillBody):
        return [], join_groups(blank.get(own) for blank in body.blanks), []
    if isinstance(body, ScriptBody):
        return [], join_groups(group.get(own) for group in body.must), []
    assert isinstance(body, MatchBody)
    pairs = [f"{p.left.get(own)} -> {p.right.get(own)}" for p in body.pairs]
    return pairs + [f"-> {d.get(own)}" for d in body.decoys], "", []
