"""Gazzetta: a self-hosted, multilingual news portal for wire-agency news."""

__version__ = "0.1.0"
