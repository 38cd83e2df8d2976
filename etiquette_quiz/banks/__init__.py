"""Bank and exam files -> model objects, every problem collected and located.

  keys.py       the allowed keys, patterns and limits (shared with schema.py)
  yamlsafe.py   decoding and safe composing of YAML (no tags that run code, bounded aliases)
  reader.py     NodeReader: located problems, typed scalars, lists, translations
  documents.py  a bank (sources, rules, questions) and the warnings of one file
  bodies.py     one reader per question type (BODY_READERS) and every text of a question
  exams.py      an exam and its sections
  library.py    finding files, loading them, checks that span files, the bundled banks
  cache.py      parsed documents kept between runs
  schema.py     a JSON Schema for editors
  lint.py       `bank lint`: item-writing checks (loaded banks, optionally against the manuals)
  manuals.py    the source manuals as text: heading outline, citations, quotes
"""

from __future__ import annotations

from ..errors import suggest
from .bodies import texts_of
from .keys import COMMON_QUESTION_KEYS, TYPE_KEYS, TYPE_REQUIRED
from .library import (
    LoadResult,
    bundled_banks_dir,
    check_files,
    discover,
    display_path,
    load_file,
    load_library,
    load_paths,
)
from .reader import FileResult

__all__ = [
    "COMMON_QUESTION_KEYS", "TYPE_KEYS", "TYPE_REQUIRED", "FileResult", "LoadResult", "bundled_banks_dir",
    "check_files", "discover", "display_path", "load_file", "load_library", "load_paths", "suggest", "texts_of",
]
