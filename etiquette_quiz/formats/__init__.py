"""Question banks in and out of the files trainers already have: Excel/WPS, CSV, pasted text and Word,
Aiken, GIFT and Moodle XML.

Every reader produces a `Draft` (plain YAML data plus where each value came from); `importing`
writes it as a YAML bank and checks it with the validator. Every writer takes a loaded `Bank`.
No terminal code here; the spreadsheet, Word and XML libraries are imported only when used.
"""

from __future__ import annotations

IMPORT_FORMATS = ("xlsx", "xls", "csv", "txt", "md", "docx", "aiken", "gift", "moodle-xml")
EXPORT_FORMATS = ("xlsx", "csv", "gift", "moodle-xml", "aiken", "md")
