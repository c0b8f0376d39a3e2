"""Quizzes: grading every question kind, sessions, spaced review and statistics (plain Python)."""
