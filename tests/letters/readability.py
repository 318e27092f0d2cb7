"""Flesch reading ease, the published formula, over Pyphen's hyphenation (works offline).

    206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

A word's syllables are its hyphenation points plus one (Pyphen's en_GB patterns with one letter
allowed at either end), at least one; a word of digits or a lone symbol is not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
SENTENCE_END = re.compile(r"[.!?:]+(?:\s+|$)")


@cache
def _dictionary():
    import pyphen

    return pyphen.Pyphen(lang="en_GB", left=1, right=1)


def syllables(word: str) -> int:
    vowels = len(re.findall(r"[aeiouy]+", word.lower()))
    return max(1, len(_dictionary().positions(word)) + 1, min(vowels, 1))


@dataclass(frozen=True)
class Score:
    ease: float
    words_per_sentence: float
    sentences: int
    words: int


def flesch(sentences: list[str]) -> Score:
    """Reading ease of some sentences (each item may hold several; they are split again)."""
    pieces = [p for text in sentences for p in SENTENCE_END.split(text) if WORD.search(p)]
    words = [w for p in pieces for w in WORD.findall(p)]
    count = max(1, len(pieces))
    syllable_total = sum(syllables(w) for w in words)
    per_sentence = len(words) / count
    ease = 206.835 - 1.015 * per_sentence - 84.6 * (syllable_total / max(1, len(words)))
    return Score(round(ease, 1), round(per_sentence, 1), count, len(words))
