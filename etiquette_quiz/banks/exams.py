"""An exam document: title, time limit, pass mark, feedback mode and the sections it draws."""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode

from ..errors import suggest
from ..model import (
    DEFAULT_PASS_MARK,
    QUESTION_TYPES,
    ClockMode,
    Exam,
    FeedbackMode,
    Navigation,
    ReviewOption,
    Section,
)
from .keys import DURATION_RE, EXAM_KEYS, PERCENT_RE, SECTION_KEYS
from .reader import Fields, FileResult, NodeReader, position_of, shown
from .yamlsafe import FLOAT, SAFE_TAGS, STR


def read_exam(r: NodeReader, root: MappingNode, result: FileResult) -> Exam | None:
    """An exam document; its sections are resolved against the banks later (library.check_files)."""
    fields = r.fields(root, EXAM_KEYS, "exam")
    assert fields is not None
    key_node, id_node = fields["exam"]
    result.id_position = position_of(key_node)
    exam_id = r.identifier(id_node, "exam")
    r.require(fields, root, ("title", "sections"), "exam")
    title = r.finish(r.text(fields["title"][1], "title"), "title") if "title" in fields else None
    description = (
        r.finish(r.text(fields["description"][1], "description"), "description") if "description" in fields else None
    )
    time_limit = read_duration(r, fields["time_limit"][1]) if "time_limit" in fields else None
    pass_mark = read_pass_mark(r, fields["pass_mark"][1]) if "pass_mark" in fields else DEFAULT_PASS_MARK
    feedback = read_option(r, fields, "feedback", FeedbackMode.END, "bad-feedback")
    clock = read_option(r, fields, "clock", ClockMode.RUNNING, "bad-exam-option")
    review = read_option(r, fields, "review", ReviewOption.ANSWERS, "bad-exam-option")
    # Going back to an answer whose feedback was already shown would let a trainee correct it.
    default_navigation = Navigation.FREE if feedback is FeedbackMode.END else Navigation.SEQUENTIAL
    navigation = read_option(r, fields, "navigation", default_navigation, "bad-exam-option")
    if navigation is Navigation.FREE and feedback is FeedbackMode.IMMEDIATE:
        r.error(fields["navigation"][1], "free-navigation-immediate")
    seed = r.integer(fields["seed"][1], "seed", 1) if "seed" in fields else None
    sections: list[Section] = []
    if "sections" in fields:
        items = r.sequence(fields["sections"][1], "sections")
        if items is not None and not items:
            r.error(fields["sections"][1], "empty-list", field="sections")
        for item in items or []:
            section = read_section(r, item, result, len(sections))
            if section is not None:
                sections.append(section)
    if exam_id is None or title is None or pass_mark is None:
        return None
    return Exam(
        id=exam_id, title=title, path=r.path, sections=tuple(sections), time_limit=time_limit,
        pass_mark=pass_mark, feedback=feedback, description=description, clock=clock, navigation=navigation,
        review=review, seed=seed,
    )


Option = TypeVar("Option", bound=StrEnum)


def read_option(r: NodeReader, fields: Fields, key: str, default: Option, code: str) -> Option:
    """One of an enum's values written under `key`, else `default` (with an error naming the values)."""
    if key not in fields:
        return default
    node = fields[key][1]
    value = r.scalar_text(node, key)
    allowed = [member.value for member in type(default)]
    if value in allowed:
        return type(default)(value)
    if value is not None:
        r.error(node, code, key=key, value=value, allowed=", ".join(f"`{v}`" for v in allowed),
                default=default.value, suggestion=suggest(value, allowed))
    return default


def read_duration(r: NodeReader, node: Node) -> int | None:
    """A time limit such as 90s, 20m or 1h30m, in seconds."""
    raw = node.value if isinstance(node, ScalarNode) and node.tag == STR else None
    match = DURATION_RE.match(raw.strip()) if raw else None
    if match and any(match.groups()):
        hours, minutes, seconds = (int(g or 0) for g in match.groups())
        total = hours * 3600 + minutes * 60 + seconds
        if total > 0:
            return total
    if node.tag in SAFE_TAGS:
        r.error(node, "bad-time-limit", value=shown(node))
    return None


def read_pass_mark(r: NodeReader, node: Node) -> Fraction | None:
    """A pass mark: '80%' or 0.8, exactly as written: '66.7%' is 667/1000, which 2/3 of the points does not reach."""
    value: Fraction | None = None
    if isinstance(node, ScalarNode):
        match = PERCENT_RE.match(node.value.strip()) if node.tag == STR else None
        try:
            if match:
                value = Fraction(match.group(1)) / 100
            elif node.tag == FLOAT:
                value = Fraction(node.value.replace("_", ""))
        except (ValueError, ZeroDivisionError):
            value = None  # .inf, .nan
    if value is not None and 0 < value <= 1:
        return value
    if node.tag in SAFE_TAGS:
        r.error(node, "bad-pass-mark", value=shown(node))
    return None


def read_section(r: NodeReader, node: Node, result: FileResult, index: int) -> Section | None:
    """One section: `bank` with filters and a count, or a list of `questions`."""
    fields = r.fields(node, SECTION_KEYS, "section")
    if fields is None:
        return None
    if ("bank" in fields) == ("questions" in fields):
        r.error(node, "section-source")
        return None
    section = _listed_section(r, fields, result, index) if "questions" in fields else _drawn_section(r, fields)
    if section is not None:
        result.positions[("sections", index)] = position_of(node)
    return section


def _listed_section(r: NodeReader, fields: Fields, result: FileResult, index: int) -> Section | None:
    for key in ("count", "types", "difficulty", "tags"):
        if key in fields:
            r.error(fields[key][0], "section-filter-on-list", key=key)
    keys: list[str] = []
    items = r.flexible_list(fields["questions"][1], "questions")
    if items is not None and not items:
        r.error(fields["questions"][1], "empty-list", field="questions")
    for item in items or []:
        value = r.scalar_text(item, "questions")
        if value is None:
            continue
        if "/" not in value:
            r.error(item, "question-key-format", value=value)
            continue
        result.positions[("sections", index, "questions", len(keys))] = position_of(item)
        keys.append(value)
    return Section(questions=tuple(keys)) if keys else None


def _drawn_section(r: NodeReader, fields: Fields) -> Section | None:
    bank = r.identifier(fields["bank"][1], "bank")
    count = r.integer(fields["count"][1], "count", 1) if "count" in fields else None
    types = []
    for item in (r.flexible_list(fields["types"][1], "types") or []) if "types" in fields else []:
        value = r.scalar_text(item, "types")
        if value is not None and value not in QUESTION_TYPES:
            r.error(item, "unknown-type", value=value, suggestion=suggest(value, QUESTION_TYPES),
                    types=", ".join(QUESTION_TYPES))
        elif value is not None:
            types.append(value)
    difficulty = []
    for item in (r.flexible_list(fields["difficulty"][1], "difficulty") or []) if "difficulty" in fields else []:
        level = r.integer(item, "difficulty", 1, 3)
        if level is not None:
            difficulty.append(level)
    tags: tuple[str, ...] = ()
    if "tags" in fields:
        listed = r.flexible_list(fields["tags"][1], "tags") or []
        tags = tuple(v for v in (r.scalar_text(i, "tags") for i in listed) if v)
    if bank is None:
        return None
    return Section(bank=bank, count=count, types=tuple(types), difficulty=tuple(difficulty), tags=tags)
