"""Tokenising, stemming, folding and entity candidates across languages."""

from gazzetta.relate import text


def test_german_inflections_meet_after_stemming_and_folding():
    assert set(text.terms("Die Städte", "de")) == set(text.terms("der Stadt", "de"))


def test_stop_words_are_dropped_before_stemming():
    assert text.terms("The very last of these", "en") == ["last"]


def test_diacritics_are_folded():
    assert text.fold("Zürich") == "zurich"
    assert text.fold("Łódź") == "lodz"
    assert text.fold("İstanbul") == "istanbul"


def test_language_variants_use_the_base_stemmer():
    assert text.terms("running", "en-GB") == text.terms("running", "en")


def test_unstemmed_language_is_still_tokenised_folded_and_cut_to_a_prefix():
    assert text.terms("Przemysł stoczniowy", "pl") == ["przemy", "stoczn"]
    assert text.terms("Łódź", "pl") == ["lodz"]


def test_compounds_with_one_head_meet_through_the_prefix():
    assert text.terms("Containerschiffe", "de") == text.terms("Containerterminal", "de")
    assert text.terms("Heimsieg", "de") != text.terms("Heimspeicher", "de")


def test_chinese_becomes_character_bigrams():
    assert text.terms("北京首都", "zh") == ["北京", "京首", "首都"]


def test_arabic_diacritics_do_not_split_words():
    plain, marked = text.terms("كتب الولد", "ar"), text.terms("كَتَبَ الوَلَدُ", "ar")
    assert plain == marked and len(plain) == 2


def test_entities_are_mid_sentence_capitals_acronyms_and_numbers():
    found = text.entities("Yesterday the NATO summit in Vilnius drew 31 leaders. Then rain.", "en")
    assert found == ["nato", "vilnius", "#31"]


def test_sentence_opening_word_is_not_an_entity_but_an_acronym_is():
    assert text.entities("Gestern sprach die EU.", "de") == ["eu"]


def test_numbers_are_not_content_terms():
    assert text.terms("2024 elections", "en") == ["elect"]


def test_a_line_break_opens_a_sentence_but_a_plain_space_does_not():
    assert text.entities("Reuters reports\nMerkel met Macron", "en") == ["macron"]


def test_repeated_words_give_the_same_terms_as_their_first_sight():
    words = "Häuser Häuser HÄUSER häuser die Häuser"
    assert text.terms(words, "de") == [text.term_of("Häuser", "de")] * 4 + [text.term_of("häuser", "de")]
    assert text.terms(words, "de") == text.terms(words, "de")
