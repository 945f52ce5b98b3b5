"""Article extraction from web pages: charset, main text, metadata and the lead figure.

Each module does one job on an lxml tree or on decoded text; `formats/html.py` composes them.
"""
