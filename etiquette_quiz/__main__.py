from etiquette_quiz.cli import main

main()
