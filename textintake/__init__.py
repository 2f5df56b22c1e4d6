"""Intake of meeting reports: text in, articles with events, people, units and directives out.

Pure Python, no Django: see README.md.
"""
from .errors import IntakeError
from .pipeline import extract
from .reader import read_file

__all__ = ["IntakeError", "extract", "read_file"]
