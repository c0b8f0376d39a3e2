"""Classroom mode without the screen: slides, the class quiz's rules and the presenter's state file."""
