"""The bundled question banks and exams (YAML), shipped as etiquette_quiz.bundled_banks.

This file only makes the folder importable for importlib.resources; the loader reads the
*.yaml files beside it. See BANK-FORMAT.md for the file format.
"""
