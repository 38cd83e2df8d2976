"""A JSON Schema of bank and exam files, for editors with a YAML language server.

It describes the shapes BANK-FORMAT.md allows so an editor can complete keys and flag typos
while the trainer types; `bank validate` remains the full check (rules that span fields or
files, such as blank counts or unknown rule ids, are beyond a schema).
"""

from __future__ import annotations

from typing import Any

from ..model import QUESTION_TYPES, QuestionType
from .keys import COMMON_QUESTION_KEYS, TYPE_KEYS, TYPE_REQUIRED
from .keys import ID_PATTERN as _ID
from .keys import LANG_PATTERN as _LANG

SCHEMA_ID = "https://etiquette-quiz.invalid/schema/bank-or-exam.json"
LANG_PATTERN = f"^{_LANG}$"
ID_PATTERN = f"^{_ID}$"


def _per_language(value: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "patternProperties": {LANG_PATTERN: value},
        "additionalProperties": False,
        "minProperties": 1,
    }


def _list_or_per_language(item: dict[str, Any], plain_item: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"anyOf": [
        {"type": "array", "items": item},
        _per_language({"type": "array", "items": plain_item or item}),
    ]}


def json_schema() -> dict[str, Any]:
    """The schema as a JSON-ready dict (draft-07, which YAML language servers support best)."""
    scalar = {"type": ["string", "number"]}
    text = {"anyOf": [scalar, _per_language(scalar)], "description": "A text, or a mapping from language tag to text."}
    alternatives = {"anyOf": [
        scalar, {"type": "array", "items": scalar, "minItems": 1},
        _per_language({"anyOf": [scalar, {"type": "array", "items": scalar, "minItems": 1}]}),
    ]}
    choice = {"anyOf": [
        {"$ref": "#/definitions/text"},
        {"type": "object", "properties": {"text": {"$ref": "#/definitions/text"},
                                          "feedback": {"$ref": "#/definitions/text"}},
         "required": ["text"], "additionalProperties": False},
    ]}
    plain_choice = {"anyOf": [
        scalar, {"type": "object", "properties": {"text": scalar, "feedback": scalar},
                 "required": ["text"], "additionalProperties": False},
    ]}
    pair = {"type": "array", "items": {"$ref": "#/definitions/text"}, "minItems": 2, "maxItems": 2}
    plain_pair = {"type": "array", "items": scalar, "minItems": 2, "maxItems": 2}
    plain_alternatives = {"anyOf": [scalar, {"type": "array", "items": scalar, "minItems": 1}]}
    scoring = {"enum": ["partial", "all-or-nothing"]}
    forbidden = {"anyOf": [
        {"$ref": "#/definitions/alternatives"},
        {"type": "object", "properties": {"phrase": {"$ref": "#/definitions/alternatives"},
                                          "unless": {"$ref": "#/definitions/alternatives"}},
         "required": ["phrase"], "additionalProperties": False},
    ]}
    plain_forbidden = {"anyOf": [
        plain_alternatives,
        {"type": "object", "properties": {"phrase": plain_alternatives, "unless": plain_alternatives},
         "required": ["phrase"], "additionalProperties": False},
    ]}
    lint = {
        "type": "object", "additionalProperties": False, "required": ["ignore", "why"],
        "description": "Silence `bank lint` checks on purpose, saying why.",
        "properties": {"ignore": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                       "why": {"$ref": "#/definitions/text"}},
    }
    example_list = {"anyOf": [{"type": "array", "items": scalar},
                              _per_language({"type": "array", "items": scalar})]}
    matching = {
        "type": "object", "additionalProperties": False,
        "description": "How tolerant the matching of typed answers is (all on by default).",
        "properties": {
            "traditional": {"type": "boolean", "description": "Traditional characters count as simplified."},
            "homophones": {"type": "boolean", "description": "Accept IME homophone slips, with a note."},
            "insertions": {"type": "integer", "minimum": 0, "maximum": 5,
                           "description": "Extra characters allowed inside a Chinese phrase."},
            "word_forms": {"type": "boolean", "description": "English spelling variants and word forms."},
        },
    }

    field_schemas: dict[str, Any] = {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "type": {"enum": list(QUESTION_TYPES)},
        "rule": {"type": "string", "pattern": ID_PATTERN},
        "rules": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}, "minItems": 1},
        "difficulty": {"enum": [1, 2, 3]},
        "points": {"type": "number", "exclusiveMinimum": 0},
        "tags": {"type": "array", "items": scalar},
        "prompt": {"$ref": "#/definitions/text"},
        "scenario": {"$ref": "#/definitions/text"},
        "explain": {"$ref": "#/definitions/text"},
        "correct": {"anyOf": [{"$ref": "#/definitions/choice"}, _list_or_per_language(choice, plain_choice)]},
        "wrong": _list_or_per_language(choice, plain_choice),
        "scoring": scoring,
        "answer": {"type": "boolean"},
        "steps": _list_or_per_language({"$ref": "#/definitions/text"}, scalar),
        "blanks": _list_or_per_language({"$ref": "#/definitions/alternatives"}, plain_alternatives),
        "must": _list_or_per_language({"$ref": "#/definitions/alternatives"}, plain_alternatives),
        "should": _list_or_per_language({"$ref": "#/definitions/alternatives"}, plain_alternatives),
        "never": _list_or_per_language(forbidden, plain_forbidden),
        "model": {"$ref": "#/definitions/text"},
        "examples": {"type": "object", "additionalProperties": False,
                     "properties": {"accept": example_list, "reject": example_list}},
        "matching": matching,
        "lint": lint,
        "pairs": _list_or_per_language(pair, plain_pair),
    }
    question_keys = list(dict.fromkeys(COMMON_QUESTION_KEYS + tuple(k for ks in TYPE_KEYS.values() for k in ks)))
    per_type = []
    for qtype, keys in TYPE_KEYS.items():
        allowed = list(COMMON_QUESTION_KEYS) + list(keys)
        then: dict[str, Any] = {
            "required": list(TYPE_REQUIRED[qtype]),
            "propertyNames": {"enum": allowed},
        }
        if qtype is QuestionType.SINGLE:
            then["properties"] = {"correct": {"$ref": "#/definitions/choice"}}
        if qtype is QuestionType.MATCH:
            then["properties"] = {"wrong": _list_or_per_language({"$ref": "#/definitions/text"}, scalar)}
        per_type.append({"if": {"properties": {"type": {"const": qtype.value}}, "required": ["type"]}, "then": then})
    question = {
        "type": "object",
        "properties": {key: field_schemas[key] for key in question_keys},
        "required": ["id", "type", "prompt"],
        "additionalProperties": False,
        "allOf": per_type,
    }
    bank = {
        "type": "object",
        "properties": {
            "bank": {"type": "string", "pattern": ID_PATTERN, "description": "The bank's id."},
            "title": {"$ref": "#/definitions/text"},
            "language": {"type": "string", "pattern": LANG_PATTERN, "default": "zh-CN"},
            "version": {"type": "integer", "minimum": 1},
            "description": {"$ref": "#/definitions/text"},
            "matching": matching,
            "lint": lint,
            "sources": {"type": "array", "items": {
                "type": "object", "required": ["id", "title"], "additionalProperties": False,
                "properties": {"id": {"type": ["string", "number"]}, "title": {"$ref": "#/definitions/text"},
                               "url": {"type": "string"}},
            }},
            "rules": {"type": "array", "items": {
                "type": "object", "required": ["id", "text"], "additionalProperties": False,
                "properties": {"id": {"type": "string", "pattern": ID_PATTERN}, "text": {"$ref": "#/definitions/text"},
                               "source": {"type": "string"}, "quote": {"$ref": "#/definitions/text"}},
            }},
            "questions": {"type": "array", "items": {"$ref": "#/definitions/question"}},
        },
        "required": ["bank", "title", "questions"],
        "additionalProperties": False,
    }
    def one_or_many(item: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [item, {"type": "array", "items": item}]}

    section = {
        "type": "object",
        "properties": {
            "bank": {"type": "string", "pattern": ID_PATTERN},
            "count": {"type": "integer", "minimum": 1},
            "types": one_or_many({"enum": list(QUESTION_TYPES)}),
            "difficulty": one_or_many({"enum": [1, 2, 3]}),
            "tags": one_or_many(scalar),
            "questions": one_or_many({"type": "string", "pattern": r"^[a-z0-9-]+/[a-z0-9-]+$"}),
        },
        "oneOf": [{"required": ["bank"]}, {"required": ["questions"]}],
        "additionalProperties": False,
    }
    exam = {
        "type": "object",
        "properties": {
            "exam": {"type": "string", "pattern": ID_PATTERN, "description": "The exam's id."},
            "title": {"$ref": "#/definitions/text"},
            "description": {"$ref": "#/definitions/text"},
            "time_limit": {"type": "string", "pattern": r"^\s*(\d+\s*h)?\s*(\d+\s*m(in)?)?\s*(\d+\s*s)?\s*$",
                           "examples": ["90s", "20m", "1h30m"]},
            "pass_mark": {"anyOf": [{"type": "string", "pattern": r"^\d+(\.\d+)?\s*%$"},
                                    {"type": "number", "exclusiveMinimum": 0, "maximum": 1}]},
            "feedback": {"enum": ["end", "immediate"]},
            "sections": {"type": "array", "items": {"$ref": "#/definitions/section"}, "minItems": 1},
            "clock": {"enum": ["running", "pausable"], "default": "running",
                      "description": "running: the deadline is fixed at the start; pausable: Ctrl-C stops the clock."},
            "navigation": {"enum": ["free", "sequential"],
                           "description": "free (default with feedback: end): skip, flag, go back and change answers; "
                                          "sequential: one question after another."},
            "review": {"enum": ["answers", "score", "none"], "default": "answers",
                       "description": "What the trainee sees after handing in: the missed questions with the "
                                      "right answers, only the score, or nothing."},
            "seed": {"type": "integer", "minimum": 1,
                     "description": "A fixed paper: every attempt gets the same questions in the same order."},
        },
        "required": ["exam", "title", "sections"],
        "additionalProperties": False,
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "etiquette-quiz bank or exam",
        "description": "A question bank (top-level `bank:`) or an exam (top-level `exam:`); see BANK-FORMAT.md.",
        "definitions": {
            "text": text, "alternatives": alternatives, "choice": choice, "question": question,
            "section": section,
        },
        "oneOf": [bank, exam],
    }
