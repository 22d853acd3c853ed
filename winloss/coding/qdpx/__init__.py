"""A program's coded interviews as a REFI-QDA project (``.qdpx``, QDA-XML project 1.0), for
QualCoder and the other tools that read the standard, and such a project read back.

``layout`` is the plain text of one interview (the source a QDA tool codes in), ``writing``
makes the project, ``reading`` imports one through the same engine as a spreadsheet of past
interviews (``coding.imported_interviews``).
"""
