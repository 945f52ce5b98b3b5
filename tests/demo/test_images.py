"""The generated demo pictures: real JPEGs of the asked size, reproducible, and distinct per scene."""

import io

import pytest
from PIL import Image

from gazzetta.demo.images import SCENES, render

SMALL = (320, 180)


@pytest.mark.parametrize("scene", SCENES)
def test_every_scene_renders_a_full_size_jpeg(scene):
    picture = Image.open(io.BytesIO(render(scene, "urn:gazzetta:demo:1")))
    assert picture.format == "JPEG"
    assert picture.size == (1600, 900)
    assert picture.mode == "RGB"
    darkest, brightest = picture.convert("L").getextrema()
    assert brightest - darkest > 60, "a flat picture means nothing was painted"


def test_same_seed_gives_the_same_bytes():
    assert all(render(scene, "seed", size=SMALL) == render(scene, "seed", size=SMALL) for scene in SCENES)


def test_scenes_and_seeds_produce_different_pictures():
    by_scene = {render(scene, "seed", size=SMALL) for scene in SCENES}
    assert len(by_scene) == len(SCENES)
    assert render("harbour", "one", size=SMALL) != render("harbour", "two", size=SMALL)


def test_unknown_scene_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="harbour"):
        render("volcano", "seed")
