import pytest
from django.utils import translation

from gazzetta.newsroom.byline import house_byline, short_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Elena Maria Rossi", "E.M.Rossi"),
        ("Marco Bianchi", "M.Bianchi"),
        ("M.Bianchi", "M.Bianchi"),
        ("M. Bianchi", "M.Bianchi"),
        ("Anna von der Leyen", "A.von der Leyen"),
        ("Jean-Luc Picard", "J.L.Picard"),
        ("Cher", "Cher"),
        ("  Ana   Kovač ", "A.Kovač"),
    ],
)
def test_short_name_gives_initials_and_surname(name, expected):
    assert short_name(name) == expected


def test_house_byline_joins_authors_in_the_active_language():
    with translation.override("en"):
        assert house_byline(["Jana Novak", "Paolo Ricci"], "AC") == "J.Novak and P.Ricci--AC"
        assert house_byline(["A B", "C D", "E F"], "XY") == "A.B, C.D and E.F--XY"
    with translation.override("de"):
        assert house_byline(["Jana Novak", "Paolo Ricci"], "AC") == "J.Novak und P.Ricci--AC"


def test_house_byline_without_authors_is_the_siglum():
    assert house_byline([], "GZ") == "GZ"
    assert house_byline(["Marco Bianchi"], "") == "M.Bianchi"
