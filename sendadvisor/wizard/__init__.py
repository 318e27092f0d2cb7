"""The case wizard's logic without Qt: which pages and questions a case needs (flow), the
questions' wording (questions, from resources/ui/questions.toml), and answers to circumstances."""
