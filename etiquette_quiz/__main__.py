"""`python -m etiquette_quiz`: the same as the etiquette-quiz command."""

from etiquette_quiz.cli import main

main()
