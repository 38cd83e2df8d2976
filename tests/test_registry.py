"""Adding a question type touches one registry per layer; each must cover every QuestionType."""

from __future__ import annotations

import pytest

from etiquette_quiz.banks.bodies import BODY_READERS, TEXTS
from etiquette_quiz.banks.codec import BODY_CODECS
from etiquette_quiz.banks.keys import TYPE_KEYS, TYPE_REQUIRED
from etiquette_quiz.exports.xapi import INTERACTIONS
from etiquette_quiz.formats.table import BODY_CELLS
from etiquette_quiz.grading import GRADERS
from etiquette_quiz.i18n import UI
from etiquette_quiz.model import QuestionType
from etiquette_quiz.responses import WORDS
from etiquette_quiz.review import FAST_SECONDS
from etiquette_quiz.session import LAYOUTS
from etiquette_quiz.ui.prompts import ASKERS
from etiquette_quiz.ui.render import DETAILS

REGISTRIES = {
    "banks.keys.TYPE_KEYS": TYPE_KEYS,
    "banks.keys.TYPE_REQUIRED": TYPE_REQUIRED,
    "banks.bodies.BODY_READERS": BODY_READERS,
    "banks.bodies.TEXTS": TEXTS,
    "grading.GRADERS": GRADERS,
    "session.LAYOUTS": LAYOUTS,
    "review.FAST_SECONDS": FAST_SECONDS,
    "responses.WORDS": WORDS,
    "ui.prompts.ASKERS": ASKERS,
    "ui.render.DETAILS": DETAILS,
    "exports.xapi.INTERACTIONS": INTERACTIONS,
    "formats.table.BODY_CELLS": BODY_CELLS,
}
REGISTRIES["banks.codec.BODY_CODECS"] = BODY_CODECS  # hardening: the bank cache's plain-data bodies


@pytest.mark.parametrize("name", sorted(REGISTRIES))
def test_every_layer_covers_every_question_type(name):
    assert set(REGISTRIES[name]) == set(QuestionType), f"{name} misses {set(QuestionType) - set(REGISTRIES[name])}"


def test_every_type_has_a_name_in_both_languages():
    for qtype in QuestionType:
        assert set(UI[f"type.{qtype}"]) == {"en", "zh-CN"}


def test_the_json_schema_knows_every_type():
    from etiquette_quiz.banks.schema import json_schema

    question = json_schema()["definitions"]["question"]
    assert set(question["properties"]["type"]["enum"]) == {t.value for t in QuestionType}
    assert {rule["if"]["properties"]["type"]["const"] for rule in question["allOf"]} == {t.value for t in QuestionType}


def test_the_test_keystrokes_know_every_type():
    from etiquette_quiz.banks import load_paths
    from etiquette_quiz.session import layout_for

    from .conftest import DATA
    from .quizkeys import right_keys, wrong_keys

    library = load_paths([DATA]).library
    by_type = {q.type: q for q in library.questions}
    assert set(by_type) == set(QuestionType), "the sample bank should hold one question of every type"
    for question in by_type.values():
        layout = layout_for(question, 1)
        assert right_keys(question, layout) and wrong_keys(question, layout)
