"""Moodle XML (question/format/xml), read and written with lxml.

Types: multichoice (single or several answers) -> single / multi; truefalse; shortanswer ->
fill with one blank; cloze (Moodle's "multianswer", `{1:SHORTANSWER:=三~=3}`) -> fill with
several blanks; matching -> match (an empty subquestion is a decoy); ordering -> order;
essay <-> script. Question texts are HTML. Translations travel as Moodle's multi-language
spans (`<span lang="en" class="multilang">…</span>`, shown by its Multi-Language Content
filter); the scenario is a first paragraph marked `class="etq-scenario"`. A script becomes an
essay whose grader information lists the model answer, key phrases and forbidden phrases (for
the person grading it in Moodle), from which `bank import` reads the script back.

Moodle accepts only its own list of grade fractions; a multiple-choice weight of 100/k that is
not on the list is written as the nearest one, with a warning.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    Scoring,
    ScriptBody,
    Text,
    TrueFalseBody,
)
from ..scores import decimal_text
from .draft import Data, Draft, Origin, QuestionDraft, assign_question_ids, bank_id_from_name, slug
from .markup import html_to_text, text_to_html

if TYPE_CHECKING:
    from .exporting import Exported

# question_bank::fraction_options(): the grades Moodle allows (percent), and their negatives.
MOODLE_GRADES = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
                 11.11111, 10, 5, 0)
_CLOZE = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^\\}])*)\}")
_MLANG = re.compile(r"\{mlang\s+([A-Za-z_-]+)\}(.*?)\{mlang\}", re.S)


def nearest_grade(percent: float) -> tuple[float, bool]:
    """The allowed grade nearest `percent` (keeping its sign), and whether it is exact (within Moodle's 1e-5)."""
    sign = -1 if percent < 0 else 1
    grade = min(MOODLE_GRADES, key=lambda g: abs(g - abs(percent)))
    return sign * grade, abs(grade - abs(percent)) < 0.0001


def moodle_lang(code: str) -> str:
    """zh-CN -> zh_cn, Moodle's language pack names."""
    return code.lower().replace("-", "_")


def _our_lang(code: str) -> str:
    from ..banks.reader import canonical_language

    return canonical_language(code.replace("_", "-"))


# -- reading ---------------------------------------------------------------------------------


def _languages(markup: str) -> dict[str, str] | None:
    """An HTML text split by its multi-language spans ({language: text}); None when it has none."""
    if "multilang" not in markup and "{mlang" not in markup:
        return None
    if "{mlang" in markup:
        found = {_our_lang(lang): html_to_text(text) for lang, text in _MLANG.findall(markup)}
        return found or None
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    spans = [s for s in root.iter("span") if "multilang" in (s.get("class") or "").split() and s.get("lang")]
    if not spans:
        return None
    out: dict[str, str] = {}
    for lang in dict.fromkeys(s.get("lang") for s in spans):
        copy = lxml_html.fragment_fromstring(markup, create_parent="div")
        for span in list(copy.iter("span")):
            if "multilang" not in (span.get("class") or "").split() or not span.get("lang"):
                continue
            if span.get("lang") == lang:
                span.drop_tag()
            else:
                span.drop_tree()
        out[_our_lang(lang)] = html_to_text(lxml_html.tostring(copy, encoding="unicode"))
    return out


class _Reader:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.languages: dict[str, None] = {}

    def text(self, element: Any) -> Any:
        """A <…><text> element as plain data: a string, or {language: text} from multi-language spans."""
        if element is None:
            return None
        raw = element.findtext("text") or ""
        fmt = (element.get("format") or "html").lower()
        if fmt in ("html", "moodle_auto_format"):
            split = _languages(raw)
            if split:
                self.languages.update(dict.fromkeys(split))
                return split if len(split) > 1 else next(iter(split.values()))
            return html_to_text(raw) if fmt == "html" or "<" in raw else raw.strip()
        return raw.strip()

    def question_text(self, element: Any) -> tuple[Any, Any]:
        """(scenario, prompt) from a question text, the scenario being its `etq-scenario` paragraph."""
        raw = element.findtext("text") if element is not None else ""
        if raw and "etq-scenario" in raw:
            from lxml import html as lxml_html

            root = lxml_html.fragment_fromstring(raw, create_parent="div")
            marked = [p for p in root.iter("p") if "etq-scenario" in (p.get("class") or "").split()]
            if marked:
                scenario_html = lxml_html.tostring(marked[0], encoding="unicode")
                marked[0].drop_tree()
                rest = lxml_html.tostring(root, encoding="unicode")
                return self._value(scenario_html), self._value(rest)
        return None, self.text(element)

    def _value(self, markup: str) -> Any:
        split = _languages(markup)
        if split:
            self.languages.update(dict.fromkeys(split))
            return split if len(split) > 1 else next(iter(split.values()))
        return html_to_text(markup)


def read_moodle(path: Path, shown: str) -> Draft:
    """A bank from a Moodle XML export."""
    from lxml import etree

    draft = Draft(shown, Origin(shown))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        draft.error(Origin(shown, line=getattr(exc, "lineno", None) or 1), "import-xml", reason=str(exc)[:200])
        return draft
    if root.tag != "quiz":
        draft.error(Origin(shown, line=root.sourceline or 1), "import-moodle-root", tag=str(root.tag))
        return draft
    draft.bank = {"bank": bank_id_from_name(Path(shown).stem), "title": Path(shown).stem}
    draft.generated_bank_id = True
    reader = _Reader(draft)
    seen_category = False
    names: set[str] = set()
    for element in root.iter("question"):
        kind = element.get("type") or ""
        at = Origin(shown, line=element.sourceline)
        if kind == "category":
            if not seen_category:
                seen_category = True
                _category(reader, draft, element, at)
            continue
        if kind == "description":
            draft.warn(at, "import-gift-description")
            continue
        question = QuestionDraft(None, at)
        index = draft.add_question(question)
        _question(reader, draft, element, kind, question, index, names)
    if reader.languages:
        first = next(iter(reader.languages))
        draft.bank["language"] = "zh-CN" if "zh-CN" in reader.languages else first
        draft.language_given = True
    if not draft.questions and not draft.problems:
        draft.error(draft.origin, "import-no-questions")
    assign_question_ids(draft)
    return draft


def _category(reader: _Reader, draft: Draft, element: Any, at: Origin) -> None:
    path = (element.findtext("category/text") or "").strip()
    title = path.rstrip("/").split("/")[-1].strip()
    if title and title not in ("top", "$course$", "$system$"):
        draft.bank["title"] = title
        draft.bank_fields[("title",)] = at
    idnumber = (element.findtext("idnumber") or "").strip()
    if idnumber and ID_RE.match(idnumber):
        draft.bank["bank"] = idnumber
        draft.generated_bank_id = False
    elif title and slug(title):
        draft.bank["bank"] = slug(title)
    info = element.find("info")
    if info is not None and (info.findtext("text") or "").strip():
        draft.bank["description"] = reader.text(info)


def _question(reader: _Reader, draft: Draft, element: Any, kind: str, question: QuestionDraft, index: int,
              names: set[str]) -> None:
    at = question.origin
    data: dict[str, Any] = {}
    for candidate in ((element.findtext("idnumber") or "").strip(), (element.findtext("name/text") or "").strip()):
        value = candidate if ID_RE.match(candidate) else slug(candidate) if candidate else None
        if value and value not in names:
            data["id"] = question.known_id = value
            names.add(value)
            break
    handlers = {"multichoice": _choice, "truefalse": _truefalse, "shortanswer": _short, "matching": _match,
                "ordering": _ordering, "essay": _essay, "cloze": _cloze, "multianswer": _cloze}
    if kind not in handlers:
        draft.error(at, "import-moodle-type", index, type=kind)
        return
    grade = element.findtext("defaultgrade")
    try:
        points = float(grade) if grade else 1.0
    except ValueError:
        points = 1.0
    tags = [t.findtext("text").strip() for t in element.iterfind("tags/tag") if (t.findtext("text") or "").strip()]
    scenario, prompt = reader.question_text(element.find("questiontext"))
    explain = reader.text(element.find("generalfeedback"))
    body = handlers[kind](reader, draft, element, index, prompt)
    if body is None:
        return
    qtype, fields = body
    prompt = fields.pop("prompt", prompt)
    data["type"] = qtype
    if points != 1:
        data["points"] = int(points) if points.is_integer() else points
    if tags:
        data["tags"] = tags
    if scenario:
        data["scenario"] = scenario
    data["prompt"] = prompt
    data.update(fields)
    if explain:
        data["explain"] = explain
    question.data = data


def _fraction(answer: Any) -> float:
    try:
        return float(answer.get("fraction") or 0)
    except ValueError:
        return 0.0


def _choice_value(reader: _Reader, answer: Any) -> Any:
    text = reader.text(answer)
    feedback = reader.text(answer.find("feedback"))
    return {"text": text, "feedback": feedback} if feedback else text


def _choice(reader: _Reader, draft: Draft, element: Any, index: int, prompt: Any) -> tuple[str, Data] | None:
    at = Origin(draft.source, line=element.sourceline)
    answers = [(a, _fraction(a)) for a in element.iterfind("answer")]
    single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
    if len(answers) < 2:
        draft.error(at, "import-gift-too-few", index)
        return None
    if single:
        right = [a for a, f in answers if f >= 99.999]
        if len(right) != 1:
            draft.error(at, "import-gift-single-several", index, count=len(right))
            return None
        if any(0 < f < 99.999 for _, f in answers):
            draft.warn(at, "import-gift-partial", index)
        return "single", {"correct": _choice_value(reader, right[0]),
                          "wrong": [_choice_value(reader, a) for a, f in answers if f < 99.999]}
    correct = [(a, f) for a, f in answers if f > 0]
    if not correct:
        draft.error(at, "import-gift-no-correct", index)
        return None
    k = len(correct)
    expected, _ = nearest_grade(100 / k)
    off = any(abs(f - expected) > 0.01 for _, f in correct) or any(
        f <= 0 and abs(f + expected) > 0.01 for _, f in answers)
    if off:
        draft.warn(at, "import-gift-weights", index, count=k)
    return "multi", {"correct": [_choice_value(reader, a) for a, _ in correct],
                     "wrong": [_choice_value(reader, a) for a, f in answers if f <= 0]}


def _truefalse(reader: _Reader, draft: Draft, element: Any, index: int, prompt: Any) -> tuple[str, Data] | None:
    for answer in element.iterfind("answer"):
        if _fraction(answer) >= 99.999:
            value = (answer.findtext("text") or "").strip().lower()
            return "truefalse", {"answer": value in ("true", "1", "正确", "对", "yes")}
    draft.error(Origin(draft.source, line=element.sourceline), "import-gift-no-correct", index)
    return None


def _with_blank(prompt: Any) -> Any:
    from .gift import _with_blank as add

    if isinstance(prompt, dict):
        return {lang: add(text, "", False) for lang, text in prompt.items()}
    return add(prompt, "", False)


def _short(reader: _Reader, draft: Draft, element: Any, index: int, prompt: Any) -> tuple[str, Data] | None:
    per_lang: dict[str, list[str]] = {}
    dropped = 0
    for answer in element.iterfind("answer"):
        text = html_to_text(answer.findtext("text") or "")
        if _fraction(answer) >= 99.999 and text:
            lang = _our_lang(answer.get("lang")) if answer.get("lang") else draft.language
            per_lang.setdefault(lang, []).append(text)
        else:
            dropped += 1
    at = Origin(draft.source, line=element.sourceline)
    if dropped:
        draft.warn(at, "import-gift-partial", index)
    if not per_lang:
        draft.error(at, "import-gift-no-correct", index)
        return None
    blank = _alternatives(per_lang)
    return "fill", {"prompt": _with_blank(prompt), "blanks": [blank]}


def _alternatives(per_lang: dict[str, list[str]]) -> Any:
    values = {lang: v[0] if len(v) == 1 else v for lang, v in per_lang.items()}
    return next(iter(values.values())) if len(values) == 1 else values


def _match(reader: _Reader, draft: Draft, element: Any, index: int, prompt: Any) -> tuple[str, Data] | None:
    pairs, decoys = [], []
    for sub in element.iterfind("subquestion"):
        left = reader.text(sub)
        right = reader.text(sub.find("answer"))
        if right is None or right == "":
            continue
        if left:
            pairs.append([left, right])
        else:
            decoys.append(right)
    fields: dict[str, Any] = {"pairs": pairs}
    if decoys:
        fields["wrong"] = decoys
    return "match", fields


def _ordering(reader: _Reader, draft: Draft, element: Any, index: int, prompt: Any) -> tuple[str, Data] | None:
    answers = sorted(element.iterfind("answer"), key=_fraction)
    fields: dict[str, Any] = {"steps": [reader.text(a) for a in answers]}
    if (element.findtext("gradingtype") or "").strip().upper() in ("ALL_OR_NOTHING", "-1"):
        fields["scoring"] = "all-or-nothing"
    return "order", fields


def _essay(reader: _Reader, draft: Draft, element: Any, index: int, prompt: Any) -> tuple[str, Data] | None:
    info = element.findtext("graderinfo/text") or ""
    at = Origin(draft.source, line=element.sourceline)
    if "etq-script" not in info:
        draft.error(at, "import-gift-essay", index)
        return None
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(info, create_parent="div")

    def groups(name: str) -> list[Any]:
        out = []
        for item in root.iterfind(f".//ul[@class='etq-{name}']/li"):
            variants = [s for s in item.iterfind("span") if s.get("class") == "etq-variant"]
            unless = [s for s in item.iterfind(".//span[@class='etq-unless']/span") if s.get("class") == "etq-variant"]
            value = _alternatives(_by_lang(variants, draft.language))
            if unless:
                value = {"phrase": value, "unless": _alternatives(_by_lang(unless, draft.language))}
            out.append(value)
        return out

    model = root.find(".//span[@class='etq-text']")
    fields: dict[str, Any] = {"must": groups("must")}
    should = groups("should")
    if should:
        fields["should"] = should
    never = groups("never")
    if never:
        fields["never"] = never
    if model is not None:
        fields["model"] = reader._value(lxml_html.tostring(model, encoding="unicode", with_tail=False))
    if not fields["must"] or model is None:
        draft.error(at, "import-gift-essay", index)
        return None
    return "script", fields


def _by_lang(spans: list[Any], default: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for span in spans:
        lang = _our_lang(span.get("lang")) if span.get("lang") else default
        out.setdefault(lang, []).append(span.text_content())
    return out


def _cloze_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _cloze(reader: _Reader, draft: Draft, element: Any, index: int, prompt: Any) -> tuple[str, Data] | None:
    raw = element.findtext("questiontext/text") or ""
    at = Origin(draft.source, line=element.sourceline)
    blanks: list[Any] = []
    partial: list[str] = []
    problem = None

    def blank(found: re.Match[str]) -> str:
        nonlocal problem
        kind = found.group(2).upper()
        if kind not in ("SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"):
            problem = kind
            return "___"
        accepted = []
        for item in re.split(r"(?<!\\)~", found.group(3)):
            item = item.strip()
            weight = 100.0
            if item.startswith("="):
                item = item[1:]
            elif item.startswith("%"):
                end = item.find("%", 1)
                try:
                    weight = float(item[1:end])
                except ValueError:
                    weight = 0.0
                item = item[end + 1:]
            else:
                weight = 0.0
            text = html.unescape(_cloze_unescape(re.split(r"(?<!\\)#", item, maxsplit=1)[0])).strip()
            if weight >= 99.999 and text:
                accepted.append(text)
            elif text:
                partial.append(text)
        blanks.append(accepted[0] if len(accepted) == 1 else accepted)
        return "___"

    text = _CLOZE.sub(blank, raw)
    if problem is not None:
        draft.error(at, "import-moodle-cloze", index, type=problem)
        return None
    if not blanks or any(not b for b in blanks):
        draft.error(at, "import-gift-no-correct", index)
        return None
    if partial:
        draft.warn(at, "import-gift-partial", index)
    scenario_text = text
    if "etq-scenario" in text:
        from lxml import html as lxml_html

        root = lxml_html.fragment_fromstring(text, create_parent="div")
        for p in [p for p in root.iter("p") if "etq-scenario" in (p.get("class") or "").split()]:
            p.drop_tree()
        scenario_text = lxml_html.tostring(root, encoding="unicode")
    return "fill", {"prompt": reader._value(scenario_text), "blanks": blanks}


# -- writing ---------------------------------------------------------------------------------


def _ml(value: Text | None, own: str) -> str:
    """A text as HTML: plain for one language, multi-language spans for several."""
    if value is None:
        return ""
    if len(value.values) == 1:
        return text_to_html(value.values[0][1])
    return "".join(f'<span lang="{moodle_lang(code)}" class="multilang">{text_to_html(text)}</span>'
                   for code, text in value.values)


def _variants(value: Alternatives) -> str:
    return " / ".join(f'<span class="etq-variant" lang="{code}">{text_to_html(v)}</span>'
                      for code, variants in value.values for v in variants)


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    from lxml import etree

    element = etree.SubElement(parent, tag, **attrs)
    if text is not None:
        element.text = text
    return element


def _text_element(parent: Any, tag: str, html: str, fmt: str = "html") -> Any:
    element = _sub(parent, tag, format=fmt)
    _sub(element, "text", html)
    return element


def _question_text(question: Question, own: str) -> str:
    prompt = _ml(question.prompt, own)
    if question.scenario is None:
        return prompt
    return f'<p class="etq-scenario">{_ml(question.scenario, own)}</p><p>{prompt}</p>'


def _grader_info(body: ScriptBody, own: str) -> str:
    zh = own.startswith("zh")
    labels = (("参考话术：", "必须包含（每组至少说出一种）：", "加分话术：", "禁用语（出现即 0 分）：",
               "除外：") if zh else
              ("Model answer: ", "Must say (one phrase of each group):", "Good to say:", "Never say (scores 0):",
               "unless: "))
    model = f'<span class="etq-text">{_ml(body.model, own)}</span>'
    parts = [f'<div class="etq-script"><p class="etq-model">{labels[0]}{model}</p>']
    for label, name, groups in ((labels[1], "must", body.must), (labels[2], "should", body.should)):
        if groups:
            parts.append(f"<p>{label}</p><ul class=\"etq-{name}\">" +
                         "".join(f"<li>{_variants(g)}</li>" for g in groups) + "</ul>")
    if body.never:
        items = []
        for forbidden in body.never:
            unless = (f' <span class="etq-unless">（{labels[4]}{_variants(forbidden.unless)}）</span>'
                      if forbidden.unless is not None else "")
            items.append(f"<li>{_variants(forbidden.phrase)}{unless}</li>")
        parts.append(f'<p>{labels[3]}</p><ul class="etq-never">' + "".join(items) + "</ul>")
    return "".join(parts) + "</div>"


def _cloze_escape(text: str) -> str:
    return re.sub(r'([\\}#~/"])', r"\\\1", text)


def write_moodle(bank: Bank, path: str) -> Exported:
    """The bank as Moodle XML: every type, translations as multi-language spans."""
    from lxml import etree

    from ..paths import atomic_output
    from .exporting import Exported, Loss, bank_losses

    own = bank.language
    quiz = etree.Element("quiz")
    category = _sub(quiz, "question", type="category")
    _sub(_sub(category, "category"), "text", f"$course$/top/{bank.title.get(own)}")
    if bank.description is not None:
        _text_element(category, "info", _ml(bank.description, own))
    _sub(category, "idnumber", bank.id)
    losses: list[Loss] = []
    for question in bank.questions:
        lost = _write_question(quiz, question, own)
        if lost:
            losses.append(Loss(bank.id, question.id, tuple(lost)))
    data = etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    with atomic_output(path, binary=True) as stream:
        stream.write(data)
    lost_everywhere = bank_losses(bank, ("rules", "difficulty", "examples"))
    return Exported(path, [bank.id], len(bank.questions), lost_everywhere + losses)


def _write_question(quiz: Any, question: Question, own: str) -> list[str]:
    """One <question>; returns what it could not carry."""
    body = question.body
    several = isinstance(body, FillBody) and len(body.blanks) > 1
    kind = "cloze" if several else MOODLE_KINDS[question.type]
    element = _sub(quiz, "question", type=kind)
    _sub(_sub(element, "name"), "text", question.id)
    lost: list[str] = []
    if several:
        text, lost = _cloze_text(question, own)
        _text_element(element, "questiontext", text)
    else:
        _text_element(element, "questiontext", _question_text(question, own))
    _text_element(element, "generalfeedback", _ml(question.explain, own))
    _sub(element, "defaultgrade", decimal_text(question.points))
    _sub(element, "penalty", "0.3333333")
    _sub(element, "hidden", "0")
    _sub(element, "idnumber", question.id)
    if not several:
        lost += MOODLE_WRITERS[question.type](element, question, own)
    if question.tags:
        tags = _sub(element, "tags")
        for tag in question.tags:
            _sub(_sub(tags, "tag"), "text", tag)
    return lost


def _write_choice(element: Any, question: Question, own: str) -> list[str]:
    from .table import choice_layout

    body = question.body
    assert isinstance(body, ChoiceBody)
    single = question.type.value == "single"
    _sub(element, "single", "true" if single else "false")
    _sub(element, "shuffleanswers", "true")
    _sub(element, "answernumbering", "abc")
    grade, exact = nearest_grade(100 / len(body.correct))
    lost = [] if single or exact else ["fraction"]
    if not single and body.scoring is Scoring.ALL_OR_NOTHING:
        lost.append("all-or-nothing")
    for group, i in choice_layout(question):
        choice = (body.correct if group == "c" else body.wrong)[i]
        fraction = (100 if group == "c" else 0) if single else (grade if group == "c" else -grade)
        answer = _sub(element, "answer", fraction=f"{fraction:g}", format="html")
        _sub(answer, "text", _ml(choice.text, own))
        _text_element(answer, "feedback", _ml(choice.feedback, own))
    return lost


def _write_truefalse(element: Any, question: Question, own: str) -> list[str]:
    body = question.body
    assert isinstance(body, TrueFalseBody)
    for value in ("true", "false"):
        _plain_answer(element, "100" if (value == "true") == body.answer else "0", value)
    return []


def _write_short(element: Any, question: Question, own: str) -> list[str]:
    body = question.body
    assert isinstance(body, FillBody)
    _sub(element, "usecase", "0")
    for code, variants in body.blanks[0].values:
        for variant in variants:  # `lang` is ours: Moodle ignores it, `bank import` reads it back
            _plain_answer(element, "100", variant, lang=code)
    return []


def _plain_answer(element: Any, fraction: str, text: str, **attrs: str) -> None:
    """An <answer> in plain text (true/false, short answers), with empty feedback."""
    answer = _sub(element, "answer", fraction=fraction, format="moodle_auto_format", **attrs)
    _sub(answer, "text", text)
    _text_element(answer, "feedback", "")


def _write_match(element: Any, question: Question, own: str) -> list[str]:
    body = question.body
    assert isinstance(body, MatchBody)
    _sub(element, "shuffleanswers", "true")
    for left, right in [(p.left, p.right) for p in body.pairs] + [(None, d) for d in body.decoys]:
        sub = _text_element(element, "subquestion", _ml(left, own))
        _sub(_sub(sub, "answer"), "text", _ml(right, own))
    return []


def _write_order(element: Any, question: Question, own: str) -> list[str]:
    body = question.body
    assert isinstance(body, OrderBody)
    grading = "ALL_OR_NOTHING" if body.scoring is Scoring.ALL_OR_NOTHING else "LONGEST_ORDERED_SUBSET"
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                       ("gradingtype", grading), ("showgrading", "SHOW"), ("numberingstyle", "none")):
        _sub(element, tag, value)
    for n, step in enumerate(body.steps, 1):
        answer = _sub(element, "answer", fraction=str(n), format="html")
        _sub(answer, "text", _ml(step, own))
    return []


def _write_essay(element: Any, question: Question, own: str) -> list[str]:
    body = question.body
    assert isinstance(body, ScriptBody)
    for tag, value in (("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "5"),
                       ("attachments", "0"), ("attachmentsrequired", "0")):
        _sub(element, tag, value)
    _text_element(element, "graderinfo", _grader_info(body, own))
    _text_element(element, "responsetemplate", "")
    return ["script-essay"]


# Moodle's question type for each of ours, and how its answers are written (one entry per QuestionType).
MOODLE_KINDS = {
    QuestionType.SINGLE: "multichoice", QuestionType.MULTI: "multichoice", QuestionType.TRUEFALSE: "truefalse",
    QuestionType.ORDER: "ordering", QuestionType.FILL: "shortanswer", QuestionType.SCRIPT: "essay",
    QuestionType.MATCH: "matching",
}
MOODLE_WRITERS = {
    QuestionType.SINGLE: _write_choice, QuestionType.MULTI: _write_choice, QuestionType.TRUEFALSE: _write_truefalse,
    QuestionType.ORDER: _write_order, QuestionType.FILL: _write_short, QuestionType.SCRIPT: _write_essay,
    QuestionType.MATCH: _write_match,
}


def _cloze_text(question: Question, own: str) -> tuple[str, list[str]]:
    """A several-blank fill as Moodle cloze text (bank language; every language's answers are accepted)."""
    assert isinstance(question.body, FillBody)
    blanks = iter(question.body.blanks)

    def answer(_: re.Match[str]) -> str:
        variants = next(blanks).all_values()
        return "{1:SHORTANSWER:" + "~".join("=" + _cloze_escape(text_to_html(v)) for v in variants) + "}"

    prompt = text_to_html(question.prompt.get(own))
    text = re.sub(r"_{3,}", answer, prompt)
    if question.scenario is not None:
        text = f'<p class="etq-scenario">{_ml(question.scenario, own)}</p><p>{text}</p>'
    lost = ["cloze-translation"] if len(question.prompt.values) > 1 else []
    return text, lost
