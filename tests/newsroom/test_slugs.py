from gazzetta.newsroom.slugs import MAX_LENGTH, make_slug


def test_german_letters_are_spelled_out():
    assert make_slug("Triest beschließt Ausbau der Straßen") == "triest-beschliesst-ausbau-der-strassen"
    assert make_slug("Über München") == "ueber-muenchen"


def test_other_scripts_and_accents_fold_or_fall_back():
    assert make_slug("Città più bella") == "citta-piu-bella"
    assert make_slug("Łódź i Kraków") == "lodz-i-krakow"
    assert make_slug("東京", fallback="story") == "story"


def test_long_headlines_are_cut_at_a_word_boundary():
    slug = make_slug("word " * 60)
    assert len(slug) <= MAX_LENGTH
    assert not slug.endswith("-") and slug.endswith("word")
