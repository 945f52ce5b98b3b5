"""Relate articles: story clustering and "Empfohlen" recommendations, in pure Python.

text → features (stored per article as a JSON-able dict) → index (candidate retrieval,
document frequencies) → similarity (score with reasons) → stories (online clustering) and
recommend (four related articles from other stories). No Django here: relate/engine.py
wires this core to the models.
"""
