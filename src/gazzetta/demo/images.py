"""Photo-like illustrations for the demo articles, drawn with Pillow.

The demo must not ship third-party photographs, so every lead picture is painted
here from simple shapes: a sky gradient, hazy ridges, water, silhouettes of cranes,
ships, trams or columns, then film grain and a vignette so it reads as a photo.

Pictures are deterministic: the scene name and the seed feed one ``random.Random``,
so the same call returns the same JPEG bytes on every run. Shapes, grain and vignette
are painted at half size and scaled up once, which keeps a 1600x900 render fast
and softens the edges like a lens would. No text is ever drawn.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw

Color = tuple[int, int, int]
Point = tuple[float, float]

JPEG_QUALITY = 82

SKIES: dict[str, tuple[Color, Color]] = {
    "day": ((62, 118, 190), (178, 210, 234)),
    "morning": ((92, 136, 194), (240, 212, 172)),
    "dusk": ((36, 42, 92), (238, 142, 86)),
    "overcast": ((108, 116, 126), (188, 190, 192)),
    "night": ((6, 10, 28), (38, 48, 86)),
}


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend two colours; t=0 gives a, t=1 gives b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def shade(color: Color, factor: float) -> Color:
    """Darken (factor < 1) or lighten (factor > 1) a colour, clamped to 0-255."""
    return tuple(max(0, min(255, round(v * factor))) for v in color)  # type: ignore[return-value]


@lru_cache(maxsize=4)
def _radial_falloff() -> Image.Image:
    """A 256x256 mask, 255 in the middle fading smoothly to 0 at the rim."""
    distance = Image.radial_gradient("L")
    return distance.point(lambda v: round(255 * max(0.0, 1 - v / 255) ** 2))


@lru_cache(maxsize=4)
def _vignette_mask(size: tuple[int, int]) -> Image.Image:
    """How much each pixel is darkened towards the corners, like a real lens."""
    distance = Image.radial_gradient("L").resize(size)
    return distance.point(lambda v: round(min(150, max(0, v - 150) * 1.4)))


@dataclass
class Canvas:
    """The half-size picture being painted, its pen and its random source."""

    image: Image.Image
    rng: random.Random
    draw: ImageDraw.ImageDraw = field(init=False)

    def __post_init__(self) -> None:
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    @property
    def w(self) -> int:
        return self.image.width

    @property
    def h(self) -> int:
        return self.image.height

    def xy(self, fx: float, fy: float) -> Point:
        """Turn fractions of the frame into pixel coordinates."""
        return (fx * self.w, fy * self.h)

    def box(self, fx0: float, fy0: float, fx1: float, fy1: float) -> list[float]:
        return [fx0 * self.w, fy0 * self.h, fx1 * self.w, fy1 * self.h]

    def gradient(self, top: float, bottom: float, stops: list[tuple[float, Color]]) -> None:
        """Fill a full-width band with a vertical colour gradient."""
        y0, y1 = round(top * self.h), round(bottom * self.h)
        rows = max(1, y1 - y0)
        column = Image.new("RGB", (1, rows))
        column.putdata([_color_at(stops, row / max(1, rows - 1)) for row in range(rows)])
        self.image.paste(column.resize((self.w, rows)), (0, y0))

    def glow(self, center: Point, radius: float, color: Color, strength: float = 1.0) -> None:
        """Add a soft light (sun, lamp, floodlight) centred on a pixel position."""
        diameter = max(2, round(radius * 2))
        mask = _radial_falloff().resize((diameter, diameter))
        if strength < 1:
            mask = mask.point(lambda v: round(v * strength))
        origin = (round(center[0] - radius), round(center[1] - radius))
        self.image.paste(Image.new("RGB", (diameter, diameter), color), origin, mask)


def _color_at(stops: list[tuple[float, Color]], t: float) -> Color:
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if t <= p1:
            return mix(c0, c1, (t - p0) / max(1e-6, p1 - p0))
    return stops[-1][1]


# --- building blocks -----------------------------------------------------------


def sky(c: Canvas, name: str, horizon: float) -> tuple[Color, Color]:
    """Paint the sky down to the horizon and return its (zenith, horizon) colours."""
    top, low = SKIES[name]
    c.gradient(0, horizon, [(0, top), (1, low)])
    if name in ("morning", "dusk"):
        c.glow(c.xy(c.rng.uniform(0.15, 0.85), horizon - 0.03), c.h * 0.35, (255, 222, 170), 0.8)
    elif name == "day":
        c.glow(c.xy(c.rng.uniform(0.1, 0.9), c.rng.uniform(0.08, 0.2)), c.h * 0.25, (255, 250, 232), 0.7)
    if name != "night":
        clouds(c, horizon, light=name != "overcast")
    return top, low


def clouds(c: Canvas, horizon: float, light: bool = True, count: int = 7) -> None:
    """Loose banks of translucent ellipses above the horizon."""
    tint = (255, 255, 255, 34) if light else (80, 86, 94, 60)
    for _ in range(count):
        cx, cy = c.rng.uniform(-0.1, 1.1), c.rng.uniform(0.05, horizon * 0.7)
        for _ in range(6):
            dx, dy = c.rng.uniform(-0.09, 0.09), c.rng.uniform(-0.02, 0.02)
            rx, ry = c.rng.uniform(0.04, 0.11), c.rng.uniform(0.015, 0.04)
            c.draw.ellipse(c.box(cx + dx - rx, cy + dy - ry, cx + dx + rx, cy + dy + ry), fill=tint)


def ridge_line(c: Canvas, base: float, amplitude: float, roughness: float = 0.55) -> list[Point]:
    """A natural skyline (hills, mountains) by midpoint displacement, in pixels."""
    heights = [c.rng.uniform(-1, 1) * amplitude for _ in range(5)]
    spread = amplitude * 0.6
    while len(heights) < 129:
        refined = []
        for a, b in zip(heights, heights[1:]):
            refined += [a, (a + b) / 2 + c.rng.uniform(-spread, spread)]
        heights = refined + [heights[-1]]
        spread *= roughness
    step = c.w / (len(heights) - 1)
    return [(i * step, (base - abs(h) - amplitude * 0.3) * c.h) for i, h in enumerate(heights)]


def fill_below(c: Canvas, line: list[Point], color: Color, alpha: int = 255) -> None:
    c.draw.polygon(line + [(c.w, c.h), (0, c.h)], fill=color + (alpha,))


def hills(c: Canvas, horizon: float, haze: Color, layers: int, near: Color, amplitude: float = 0.06) -> None:
    """Overlapping ridges that get darker and sharper towards the viewer."""
    for layer in range(layers):
        depth = (layer + 1) / layers
        color = mix(haze, near, depth * 0.85)
        fill_below(c, ridge_line(c, horizon - 0.01 * (layers - layer), amplitude * (1.2 - depth * 0.5)), color)


def water(c: Canvas, top: float, sky_top: Color, sky_low: Color, calm: bool = True) -> None:
    """Sea from a horizon line to the bottom, with perspective wave strokes."""
    deep = mix(sky_top, (18, 52, 70), 0.6)
    c.gradient(top, 1, [(0, mix(sky_low, deep, 0.35)), (1, deep)])
    strokes = 260 if calm else 520
    for _ in range(strokes):
        t = c.rng.random() ** 1.8
        y = top + (1 - top) * t
        x = c.rng.uniform(-0.05, 1.0)
        length = 0.01 + t * c.rng.uniform(0.03, 0.12)
        light = c.rng.random() < 0.55
        color = (255, 255, 255, 40 if calm else 90) if light else (0, 20, 35, 50)
        width = max(1, round(t * (3 if calm else 5)))
        c.draw.line([c.xy(x, y), c.xy(x + length, y)], fill=color, width=width)


def reflection(c: Canvas, x0: float, x1: float, top: float, color: Color, depth: float = 0.2) -> None:
    """Broken vertical streaks mirroring a bright or dark object in the water."""
    for _ in range(int((x1 - x0) * 400) + 4):
        x = c.rng.uniform(x0, x1)
        y = top + c.rng.uniform(0, depth) * c.rng.random()
        c.draw.line([c.xy(x, y), c.xy(x + c.rng.uniform(0.005, 0.02), y)], fill=color + (70,), width=2)


def windows(c: Canvas, box: list[float], cols: int, rows: int, lit: Color, chance: float = 0.5) -> None:
    """A grid of window panes inside a pixel box, some of them lit."""
    x0, y0, x1, y1 = box
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    for col in range(cols):
        for row in range(rows):
            color = lit if c.rng.random() < chance else shade(lit, 0.25)
            px, py = x0 + col * cw, y0 + row * rh
            c.draw.rectangle([px + cw * 0.25, py + rh * 0.2, px + cw * 0.75, py + rh * 0.75], fill=color)


def person(c: Canvas, x: float, ground: float, height: float, color: Color) -> None:
    """A standing figure silhouette, its feet at (x, ground) in fractions."""
    px, py = c.xy(x, ground)
    hp = height * c.h
    c.draw.ellipse([px - hp * 0.07, py - hp, px + hp * 0.07, py - hp * 0.86], fill=color)
    c.draw.rounded_rectangle([px - hp * 0.12, py - hp * 0.85, px + hp * 0.12, py - hp * 0.42], hp * 0.05, fill=color)
    c.draw.rectangle([px - hp * 0.09, py - hp * 0.45, px + hp * 0.09, py], fill=color)


def stars(c: Canvas, bottom: float, count: int = 500) -> None:
    for _ in range(count):
        x, y = c.xy(c.rng.random(), c.rng.random() * bottom)
        level = round(120 + 135 * c.rng.random() ** 3)
        c.draw.point((x, y), fill=(level, level, min(255, level + 15)))


# --- scenes --------------------------------------------------------------------


def paint_harbour(c: Canvas) -> None:
    """Container terminal: gantry cranes over a quay of stacked boxes."""
    top, low = sky(c, c.rng.choice(["day", "morning", "dusk", "overcast"]), 0.6)
    hills(c, 0.6, low, 2, (70, 84, 80), amplitude=0.04)
    water(c, 0.6, top, low)
    c.draw.rectangle(c.box(0, 0.64, 1, 0.69), fill=(74, 76, 80))
    palette = [(160, 60, 40), (40, 80, 140), (46, 110, 70), (200, 120, 40), (120, 120, 124), (150, 40, 50)]
    x = 0.0
    while x < 1:
        width = c.rng.uniform(0.05, 0.09)
        for level in range(c.rng.randint(1, 4)):
            y = 0.64 - (level + 1) * 0.032
            color = c.rng.choice(palette)
            c.draw.rectangle(c.box(x, y, x + width, y + 0.03), fill=color, outline=shade(color, 0.6))
        x += width + 0.004
    crane_color = c.rng.choice([(38, 86, 150), (190, 60, 40), (230, 232, 228)])
    for index in range(c.rng.randint(3, 4)):
        gantry_crane(c, 0.08 + index * 0.24 + c.rng.uniform(-0.03, 0.03), 0.66, crane_color)
    reflection(c, 0, 1, 0.7, (200, 200, 210), 0.15)


def gantry_crane(c: Canvas, x: float, base: float, color: Color) -> None:
    """A ship-to-shore crane in side view: legs, bracing, boom and A-frame."""
    d, width, height = c.draw, 0.07, 0.34
    top = base - height
    line = max(2, c.w // 200)
    for leg in (x, x + width):
        d.line([c.xy(leg, base), c.xy(leg, top)], fill=color, width=line * 2)
    d.line([c.xy(x, base - height * 0.45), c.xy(x + width, base - height * 0.45)], fill=color, width=line)
    d.line([c.xy(x, base - height * 0.45), c.xy(x + width, top)], fill=color, width=line)
    d.rectangle(c.box(x - 0.05, top - 0.012, x + width + 0.11, top), fill=color)
    apex = c.xy(x + width * 0.5, top - 0.12)
    d.line([c.xy(x, top), apex, c.xy(x + width, top)], fill=color, width=line)
    for end in (x - 0.05, x + width + 0.11):
        d.line([apex, c.xy(end, top)], fill=shade(color, 0.8), width=1)
    d.rectangle(c.box(x + width + 0.02, top, x + width + 0.04, top + 0.025), fill=shade(color, 0.7))


def ship_hull(c: Canvas, x: float, waterline: float, length: float, hull: Color, decks: int) -> None:
    """A ship in side view with a white superstructure and a funnel."""
    d = c.draw
    hh = 0.06
    d.polygon([c.xy(x, waterline - hh), c.xy(x + length, waterline - hh - 0.015),
               c.xy(x + length * 0.94, waterline), c.xy(x + 0.02, waterline)], fill=hull)
    d.rectangle(c.box(x + 0.02, waterline - 0.012, x + length * 0.95, waterline), fill=shade(hull, 0.5))
    deck_top = waterline - hh
    for deck in range(decks):
        x0 = x + 0.03 + deck * 0.02
        x1 = x + length * (0.72 - deck * 0.06)
        y1 = deck_top - deck * 0.035
        d.rectangle(c.box(x0, y1 - 0.035, x1, y1), fill=(236, 236, 232))
        windows(c, c.box(x0 + 0.01, y1 - 0.03, x1 - 0.01, y1 - 0.008), int((x1 - x0) * 90), 1, (40, 54, 70), 1)
    funnel_x = x + length * 0.3
    funnel_top = deck_top - decks * 0.035 - 0.06
    d.polygon([c.xy(funnel_x, deck_top - decks * 0.035), c.xy(funnel_x + 0.035, deck_top - decks * 0.035),
               c.xy(funnel_x + 0.04, funnel_top), c.xy(funnel_x + 0.01, funnel_top)], fill=shade(hull, 1.2))


def paint_ship(c: Canvas) -> None:
    """A ferry on open water, a far coastline and gulls."""
    top, low = sky(c, c.rng.choice(["day", "morning", "dusk"]), 0.55)
    hills(c, 0.55, low, 1, (96, 110, 110), amplitude=0.025)
    water(c, 0.55, top, low)
    x = c.rng.uniform(0.15, 0.35)
    hull = c.rng.choice([(170, 40, 40), (30, 50, 90), (30, 30, 34)])
    reflection(c, x, x + 0.5, 0.71, shade(hull, 0.8), 0.12)
    ship_hull(c, x, 0.71, 0.5, hull, c.rng.randint(2, 4))
    for _ in range(40):
        wx = x + 0.5 + c.rng.uniform(0, 0.35)
        wy = 0.71 + c.rng.uniform(-0.005, 0.03)
        c.draw.line([c.xy(wx, wy), c.xy(wx + 0.03, wy)], fill=(255, 255, 255, 110), width=2)
    gulls(c, 12)


def gulls(c: Canvas, count: int) -> None:
    for _ in range(count):
        gx, gy = c.rng.uniform(0.05, 0.95), c.rng.uniform(0.1, 0.4)
        span = c.rng.uniform(0.008, 0.018)
        c.draw.line([c.xy(gx - span, gy - span * 0.6), c.xy(gx, gy), c.xy(gx + span, gy - span * 0.6)],
                    fill=(40, 40, 46), width=2)


def paint_coast(c: Canvas) -> None:
    """Limestone cliffs over the sea with a lighthouse on the headland."""
    top, low = sky(c, c.rng.choice(["day", "morning", "dusk"]), 0.58)
    water(c, 0.58, top, low)
    side = c.rng.random() < 0.5
    edge = [(0.0, 0.3), (0.18, 0.33), (0.32, 0.42), (0.4, 0.62), (0.44, 1.0), (0.0, 1.0)]
    cliff = [c.xy(1 - fx if side else fx, fy) for fx, fy in edge]
    c.draw.polygon(cliff, fill=(178, 170, 150))
    for _ in range(60):
        fx, fy = c.rng.uniform(0, 0.3), c.rng.uniform(0.3, 0.45)
        px = 1 - fx if side else fx
        c.draw.ellipse(c.box(px - 0.02, fy - 0.012, px + 0.02, fy + 0.012), fill=(62, 92, 52, 200))
    lx = 0.9 if side else 0.1
    c.draw.polygon([c.xy(lx - 0.018, 0.33), c.xy(lx + 0.018, 0.33), c.xy(lx + 0.012, 0.14),
                    c.xy(lx - 0.012, 0.14)], fill=(245, 245, 240))
    c.draw.rectangle(c.box(lx - 0.016, 0.22, lx + 0.016, 0.25), fill=(180, 40, 40))
    c.draw.rectangle(c.box(lx - 0.014, 0.11, lx + 0.014, 0.14), fill=(60, 60, 64))
    c.glow(c.xy(lx, 0.125), c.h * 0.05, (255, 240, 200), 0.8)
    gulls(c, 6)


def paint_mountains(c: Canvas) -> None:
    """Alpine ridges in aerial perspective, snow on the far peaks, a dark forest."""
    top, low = sky(c, c.rng.choice(["day", "morning", "overcast"]), 0.62)
    far = ridge_line(c, 0.56, 0.2, 0.6)
    fill_below(c, far, mix(low, (110, 120, 140), 0.6))
    heights = sorted(y for _, y in far)
    snowline = heights[0] + (heights[len(heights) // 2] - heights[0]) * 0.7
    snow = far + [(x, max(y, snowline + c.rng.uniform(-6, 6))) for x, y in reversed(far)]
    c.draw.polygon(snow, fill=(244, 246, 250))
    hills(c, 0.7, mix(low, (90, 110, 120), 0.5), 2, (58, 80, 66), amplitude=0.08)
    forest = ridge_line(c, 0.84, 0.04)
    fill_below(c, forest, (30, 52, 36))
    for x, y in forest[::2]:
        height = c.rng.uniform(0.03, 0.07) * c.h
        c.draw.polygon([(x - height * 0.25, y + 2), (x + height * 0.25, y + 2), (x, y - height)], fill=(26, 46, 32))


def paint_city(c: Canvas) -> None:
    """An old town at dusk: roofs, a bell tower, a dome and lit windows."""
    sky(c, c.rng.choice(["dusk", "morning", "night"]), 0.72)
    for row, depth in enumerate((0.55, 0.65, 0.78)):
        x = -0.02
        base = mix((120, 110, 120), (50, 44, 52), row / 2)
        while x < 1:
            width = c.rng.uniform(0.05, 0.11)
            roof = depth - c.rng.uniform(0.05, 0.16)
            wall = shade(base, c.rng.uniform(0.85, 1.15))
            c.draw.rectangle(c.box(x, roof, x + width, 1), fill=wall)
            c.draw.polygon([c.xy(x - 0.004, roof), c.xy(x + width / 2, roof - 0.035),
                            c.xy(x + width + 0.004, roof)], fill=shade(wall, 0.7))
            windows(c, c.box(x, roof + 0.02, x + width, 1), max(2, int(width * 40)), 5 + row * 2,
                    (250, 204, 120), 0.25)
            x += width
        if row == 0:
            tx = c.rng.uniform(0.2, 0.4)
            c.draw.rectangle(c.box(tx, 0.22, tx + 0.035, 0.6), fill=shade(base, 0.9))
            c.draw.polygon([c.xy(tx - 0.004, 0.22), c.xy(tx + 0.0175, 0.13), c.xy(tx + 0.039, 0.22)],
                           fill=shade(base, 0.7))
            dx = c.rng.uniform(0.6, 0.8)
            c.draw.pieslice(c.box(dx - 0.06, 0.28, dx + 0.06, 0.44), 180, 360, fill=shade(base, 0.8))
            c.draw.rectangle(c.box(dx - 0.06, 0.36, dx + 0.06, 0.6), fill=shade(base, 0.9))
    for lamp in range(6):
        c.glow(c.xy(0.08 + lamp * 0.17, 0.86), c.h * 0.06, (255, 200, 120), 0.7)


def paint_tram(c: Canvas) -> None:
    """A tram in side view on a street of facades, with its overhead wire."""
    sky(c, c.rng.choice(["day", "morning", "overcast"]), 0.5)
    x = -0.02
    while x < 1:
        width = c.rng.uniform(0.12, 0.2)
        wall = c.rng.choice([(214, 190, 150), (196, 150, 120), (220, 214, 196), (170, 176, 160)])
        top = c.rng.uniform(0.08, 0.22)
        c.draw.rectangle(c.box(x, top, x + width, 0.8), fill=wall)
        windows(c, c.box(x, top + 0.04, x + width, 0.62), 4, 4, (70, 80, 96), 1)
        x += width
    c.draw.rectangle(c.box(0, 0.8, 1, 1), fill=(96, 92, 90))
    for row in range(8):
        y = 0.82 + row * 0.024
        c.draw.line([c.xy(0, y), c.xy(1, y)], fill=(120, 116, 112), width=1)
    start = c.rng.uniform(0.08, 0.2)
    body = c.rng.choice([(200, 40, 46), (40, 90, 160), (230, 180, 40)])
    c.draw.rounded_rectangle(c.box(start, 0.5, start + 0.72, 0.84), radius=c.h * 0.04, fill=body)
    c.draw.rectangle(c.box(start, 0.74, start + 0.72, 0.77), fill=(240, 238, 230))
    windows(c, c.box(start + 0.02, 0.53, start + 0.7, 0.7), 9, 1, (150, 180, 200), 1)
    for wheel in (0.08, 0.22, 0.5, 0.64):
        c.draw.ellipse(c.box(start + wheel - 0.02, 0.81, start + wheel + 0.02, 0.87), fill=(30, 30, 30))
    mid = start + 0.36
    c.draw.line([c.xy(mid - 0.04, 0.5), c.xy(mid, 0.41), c.xy(mid + 0.04, 0.5)], fill=(40, 40, 40), width=3)
    c.draw.line([c.xy(0, 0.405), c.xy(1, 0.41)], fill=(30, 30, 30), width=2)


def paint_stadium(c: Canvas) -> None:
    """A floodlit football ground seen from the upper stand."""
    sky(c, c.rng.choice(["dusk", "night"]), 0.3)
    c.draw.polygon([c.xy(0, 0.22), c.xy(1, 0.22), c.xy(1, 0.5), c.xy(0, 0.5)], fill=(34, 30, 40))
    shirts = [(200, 40, 40), (240, 240, 240), (40, 80, 180), (230, 200, 40), (90, 90, 96)]
    for _ in range(4000):
        x, y = c.xy(c.rng.random(), c.rng.uniform(0.24, 0.49))
        c.draw.point((x, y), fill=c.rng.choice(shirts))
    pitch = [c.xy(0.12, 0.5), c.xy(0.88, 0.5), c.xy(1.1, 1), c.xy(-0.1, 1)]
    c.draw.polygon(pitch, fill=(46, 120, 54))
    for stripe in range(0, 10, 2):
        t0, t1 = stripe / 10, (stripe + 1) / 10
        c.draw.polygon([c.xy(0.12 + 0.76 * t0, 0.5), c.xy(0.12 + 0.76 * t1, 0.5),
                        c.xy(-0.1 + 1.2 * t1, 1), c.xy(-0.1 + 1.2 * t0, 1)], fill=(56, 138, 62))
    white = (236, 240, 236)
    c.draw.line([c.xy(0.5, 0.5), c.xy(0.5, 1)], fill=white, width=2)
    c.draw.ellipse(c.box(0.42, 0.66, 0.58, 0.8), outline=white, width=2)
    c.draw.polygon(pitch, outline=white)
    for x in (0.05, 0.95):
        c.draw.line([c.xy(x, 0.02), c.xy(x, 0.25)], fill=(60, 60, 66), width=4)
        c.glow(c.xy(x, 0.04), c.h * 0.16, (255, 252, 230), 1.0)
    for _ in range(14):
        person(c, c.rng.uniform(0.15, 0.85), c.rng.uniform(0.62, 0.95), 0.06, c.rng.choice(shirts[:3]))


def paint_court(c: Canvas) -> None:
    """An indoor basketball court: parquet, painted key, hoop and a blurred crowd."""
    c.gradient(0, 0.55, [(0, (20, 18, 26)), (1, (60, 50, 60))])
    for _ in range(40):
        c.glow(c.xy(c.rng.random(), c.rng.uniform(0.05, 0.5)), c.h * c.rng.uniform(0.01, 0.04),
               c.rng.choice([(255, 210, 150), (240, 240, 255), (255, 120, 90)]), 0.6)
    c.gradient(0.55, 1, [(0, (176, 120, 70)), (1, (214, 156, 96))])
    for plank in range(30):
        x = plank / 30
        c.draw.line([c.xy(0.5 + (x - 0.5) * 0.6, 0.55), c.xy(0.5 + (x - 0.5) * 2.2, 1)], fill=(150, 100, 60, 90))
    key = c.rng.choice([(170, 40, 40), (30, 70, 150), (40, 120, 70)])
    c.draw.polygon([c.xy(0.4, 0.58), c.xy(0.6, 0.58), c.xy(0.66, 0.82), c.xy(0.34, 0.82)], fill=key)
    c.draw.ellipse(c.box(0.34, 0.76, 0.66, 0.9), outline=(245, 245, 245), width=3)
    c.draw.line([c.xy(0.5, 0.58), c.xy(0.5, 0.3)], fill=(40, 40, 46), width=6)
    c.draw.rectangle(c.box(0.44, 0.16, 0.56, 0.3), fill=(240, 244, 248), outline=(30, 30, 30), width=2)
    c.draw.rectangle(c.box(0.48, 0.22, 0.52, 0.28), outline=(200, 40, 30), width=2)
    c.draw.ellipse(c.box(0.47, 0.28, 0.53, 0.31), outline=(240, 110, 30), width=3)
    ball = c.rng.uniform(0.3, 0.7)
    c.draw.ellipse(c.box(ball - 0.018, 0.42, ball + 0.018, 0.48), fill=(220, 110, 40))


def paint_lab(c: Canvas) -> None:
    """A laboratory bench with flasks of coloured liquid and test tubes."""
    c.gradient(0, 0.62, [(0, (206, 222, 236)), (1, (164, 186, 204))])
    for _ in range(18):
        c.glow(c.xy(c.rng.random(), c.rng.uniform(0.05, 0.5)), c.h * c.rng.uniform(0.03, 0.08),
               (255, 255, 255), 0.5)
    c.gradient(0.62, 1, [(0, (70, 76, 84)), (1, (40, 44, 50))])
    liquids = [(40, 160, 200), (220, 80, 120), (90, 190, 90), (240, 180, 40), (130, 90, 200)]
    for index in range(c.rng.randint(3, 5)):
        x = 0.12 + index * 0.18 + c.rng.uniform(-0.03, 0.03)
        size = c.rng.uniform(0.08, 0.12)
        glass = [c.xy(x - 0.012, 0.62 - size * 2.2), c.xy(x + 0.012, 0.62 - size * 2.2),
                 c.xy(x + 0.012, 0.62 - size * 1.3), c.xy(x + size * 0.6, 0.64), c.xy(x - size * 0.6, 0.64)]
        c.draw.polygon(glass, fill=(230, 240, 248, 90), outline=(250, 252, 255))
        fill = c.rng.uniform(0.3, 0.75)
        half = size * 0.6 * fill
        c.draw.polygon([c.xy(x - half, 0.64 - size * 1.3 * fill), c.xy(x + half, 0.64 - size * 1.3 * fill),
                        c.xy(x + size * 0.6, 0.64), c.xy(x - size * 0.6, 0.64)],
                       fill=c.rng.choice(liquids) + (200,))
    for tube in range(6):
        tx = 0.72 + tube * 0.035
        c.draw.rounded_rectangle(c.box(tx, 0.4, tx + 0.018, 0.6), radius=6, fill=(230, 240, 248, 120))
        c.draw.rounded_rectangle(c.box(tx, 0.5, tx + 0.018, 0.6), radius=6, fill=c.rng.choice(liquids) + (210,))
    c.draw.rectangle(c.box(0.7, 0.55, 0.94, 0.6), fill=(200, 200, 205))


def paint_chart(c: Canvas) -> None:
    """A trading screen: grid, a glowing price line with a filled area, candles."""
    c.gradient(0, 1, [(0, (10, 16, 30)), (1, (18, 28, 46))])
    for row in range(1, 8):
        c.draw.line([c.xy(0, row / 8), c.xy(1, row / 8)], fill=(60, 80, 110, 90), width=1)
    for col in range(1, 12):
        c.draw.line([c.xy(col / 12, 0), c.xy(col / 12, 1)], fill=(60, 80, 110, 60), width=1)
    trend = c.rng.choice([-1, 1]) * 0.004
    level, points = 0.6, []
    for step in range(121):
        level = min(0.9, max(0.15, level - trend + c.rng.gauss(0, 0.018)))
        points.append(c.xy(step / 120, level))
    color = (60, 220, 140) if trend > 0 else (240, 80, 80)
    c.draw.polygon(points + [(c.w, c.h), (0, c.h)], fill=color + (40,))
    c.draw.line(points, fill=color, width=3)
    for index in range(0, 120, 4):
        x, y = points[index]
        height = c.rng.uniform(0.01, 0.05) * c.h
        up = c.rng.random() < 0.5
        c.draw.rectangle([x - 3, y - height, x + 3, y + height * 0.3],
                         fill=((60, 200, 130) if up else (220, 80, 80)) + (120,))
    c.glow(points[-1], c.h * 0.05, color, 0.9)


def paint_parliament(c: Canvas) -> None:
    """A neoclassical parliament: steps, colonnade, pediment, dome and flags."""
    top, low = sky(c, c.rng.choice(["day", "morning", "overcast"]), 0.7)
    stone = c.rng.choice([(222, 214, 196), (206, 200, 190)])
    d = c.draw
    d.rectangle(c.box(0.14, 0.38, 0.86, 0.74), fill=shade(stone, 0.92))
    d.pieslice(c.box(0.41, 0.12, 0.59, 0.36), 180, 360, fill=shade(stone, 0.85))
    d.rectangle(c.box(0.43, 0.24, 0.57, 0.38), fill=shade(stone, 0.88))
    d.rectangle(c.box(0.495, 0.07, 0.505, 0.13), fill=shade(stone, 0.7))
    d.polygon([c.xy(0.28, 0.42), c.xy(0.5, 0.3), c.xy(0.72, 0.42)], fill=stone, outline=shade(stone, 0.7))
    d.rectangle(c.box(0.28, 0.42, 0.72, 0.45), fill=shade(stone, 1.04))
    for column in range(10):
        x = 0.3 + column * 0.045
        d.rectangle(c.box(x, 0.45, x + 0.02, 0.72), fill=shade(stone, 1.06))
        d.rectangle(c.box(x + 0.02, 0.45, x + 0.025, 0.72), fill=shade(stone, 0.75))
    windows(c, c.box(0.15, 0.45, 0.27, 0.7), 3, 3, (70, 70, 76), 1)
    windows(c, c.box(0.73, 0.45, 0.85, 0.7), 3, 3, (70, 70, 76), 1)
    for step in range(6):
        y = 0.72 + step * 0.015
        d.rectangle(c.box(0.26 - step * 0.01, y, 0.74 + step * 0.01, y + 0.015), fill=shade(stone, 1 - step * 0.03))
    d.rectangle(c.box(0, 0.81, 1, 1), fill=(150, 146, 140))
    flags = [((30, 70, 160), (250, 210, 40)), ((0, 140, 70), (240, 240, 240)), ((200, 30, 40), (240, 240, 240))]
    for x in (0.06, 0.94):
        d.line([c.xy(x, 0.3), c.xy(x, 0.84)], fill=(200, 200, 204), width=3)
        first, second = c.rng.choice(flags)
        d.rectangle(c.box(x, 0.3, x + 0.05, 0.335), fill=first)
        d.rectangle(c.box(x, 0.335, x + 0.05, 0.37), fill=second)
    for _ in range(10):
        person(c, c.rng.uniform(0.1, 0.9), c.rng.uniform(0.86, 0.98), 0.12, (40, 40, 46))


def paint_vineyard(c: Canvas) -> None:
    """Vine rows running up a hill to a farmhouse and cypresses."""
    top, low = sky(c, c.rng.choice(["day", "morning", "dusk"]), 0.45)
    hills(c, 0.45, low, 2, (96, 120, 80), amplitude=0.05)
    c.gradient(0.45, 1, [(0, (124, 140, 70)), (1, (100, 110, 50))])
    vanish = c.xy(c.rng.uniform(0.35, 0.65), 0.42)
    for row in range(-12, 13):
        foot = c.xy(0.5 + row * 0.09, 1.02)
        c.draw.line([foot, vanish], fill=(48, 78, 34), width=max(2, 12 - abs(row) // 2))
    hx = c.rng.uniform(0.6, 0.8)
    c.draw.rectangle(c.box(hx, 0.38, hx + 0.08, 0.45), fill=(226, 206, 170))
    c.draw.polygon([c.xy(hx - 0.01, 0.38), c.xy(hx + 0.04, 0.34), c.xy(hx + 0.09, 0.38)], fill=(170, 80, 50))
    for index in range(4):
        x = hx - 0.06 - index * 0.025
        c.draw.ellipse(c.box(x - 0.008, 0.3, x + 0.008, 0.46), fill=(34, 56, 34))


def paint_theatre(c: Canvas) -> None:
    """A stage under spotlights between red curtains, heads of the audience in front."""
    c.gradient(0, 1, [(0, (14, 10, 16)), (1, (30, 22, 26))])
    c.gradient(0.68, 0.82, [(0, (120, 80, 50)), (1, (80, 52, 34))])
    for index in range(c.rng.randint(2, 3)):
        x = c.rng.uniform(0.3, 0.7)
        c.draw.polygon([c.xy(x - 0.01, 0), c.xy(x + 0.01, 0), c.xy(x + 0.12, 0.76), c.xy(x - 0.12, 0.76)],
                       fill=(255, 240, 210, 36))
        c.draw.ellipse(c.box(x - 0.13, 0.72, x + 0.13, 0.8), fill=(255, 236, 200, 90))
    person(c, c.rng.uniform(0.4, 0.6), 0.76, 0.3, (26, 20, 24))
    for side in (0, 1):
        for fold in range(10):
            x = side * 0.82 + fold * 0.018
            tone = (150, 20, 30) if fold % 2 else (110, 12, 22)
            c.draw.rectangle(c.box(x, 0, x + 0.018, 0.84), fill=tone)
    c.draw.rectangle(c.box(0, 0, 1, 0.09), fill=(120, 14, 24))
    for index in range(14):
        x = index / 13
        c.draw.ellipse(c.box(x - 0.04, 0.86 + (index % 2) * 0.02, x + 0.04, 1.1), fill=(8, 6, 8))


def paint_storm(c: Canvas) -> None:
    """Bora over the waterfront: low clouds, driven rain, white caps, bent trees."""
    c.gradient(0, 0.58, [(0, (52, 58, 66)), (1, (140, 146, 150))])
    clouds(c, 0.58, light=False, count=14)
    water(c, 0.58, (70, 80, 90), (150, 156, 160), calm=False)
    c.draw.rectangle(c.box(0, 0.78, 1, 1), fill=(82, 82, 84))
    for index in range(5):
        x = 0.1 + index * 0.2
        c.draw.line([c.xy(x, 0.8), c.xy(x, 0.5)], fill=(30, 30, 34), width=4)
        c.draw.ellipse(c.box(x - 0.012, 0.48, x + 0.012, 0.52), fill=(220, 210, 170))
    for _ in range(3):
        x = c.rng.uniform(0.05, 0.95)
        c.draw.line([c.xy(x, 0.8), c.xy(x + 0.03, 0.6)], fill=(40, 34, 30), width=6)
        c.draw.ellipse(c.box(x + 0.0, 0.5, x + 0.16, 0.64), fill=(40, 60, 40))
    for _ in range(700):
        x, y = c.rng.uniform(-0.1, 1), c.rng.random()
        c.draw.line([c.xy(x, y), c.xy(x + 0.03, y + 0.04)], fill=(220, 226, 232, 70), width=1)
    for _ in range(3):
        person(c, c.rng.uniform(0.1, 0.9), 0.95, 0.16, (24, 24, 28))


def paint_railway(c: Canvas) -> None:
    """Tracks converging to the horizon, catenary masts and an approaching train."""
    top, low = sky(c, c.rng.choice(["day", "morning", "overcast", "dusk"]), 0.5)
    hills(c, 0.5, low, 2, (80, 100, 70))
    c.gradient(0.5, 1, [(0, (120, 120, 100)), (1, (100, 94, 86))])
    vanish = c.xy(0.5, 0.5)
    for step in range(40):
        t = (step / 40) ** 2
        y = 0.5 + 0.5 * t
        half = 0.02 + t * 0.5
        c.draw.line([c.xy(0.5 - half, y), c.xy(0.5 + half, y)], fill=(90, 70, 56), width=max(1, round(t * 8)))
    for foot in (0.0, 1.0, -0.4, 1.4):
        c.draw.line([c.xy(foot, 1), vanish], fill=(170, 170, 176), width=4)
    for step in range(1, 7):
        t = (step / 7) ** 2
        for side in (-1, 1):
            x = 0.5 + side * (0.04 + t * 0.6)
            c.draw.line([c.xy(x, 0.5 + 0.5 * t), c.xy(x, 0.5 + 0.5 * t - 0.1 - t * 0.6)], fill=(60, 60, 64), width=3)
    c.draw.line([vanish, c.xy(0.5, -0.2)], fill=(40, 40, 40), width=1)
    body = c.rng.choice([(200, 40, 40), (230, 230, 230), (40, 80, 150)])
    c.draw.rounded_rectangle(c.box(0.46, 0.4, 0.54, 0.52), radius=8, fill=body)
    c.draw.rectangle(c.box(0.47, 0.42, 0.53, 0.46), fill=(40, 50, 60))
    for x in (0.475, 0.525):
        c.glow(c.xy(x, 0.495), c.h * 0.025, (255, 246, 210), 1.0)


def paint_observatory(c: Canvas) -> None:
    """An observatory dome on a dark ridge under stars and the Milky Way."""
    c.gradient(0, 1, [(0, (4, 6, 20)), (0.8, (26, 34, 70)), (1, (40, 50, 90))])
    for step in range(12):
        c.glow(c.xy(0.1 + step * 0.07, 0.65 - step * 0.05), c.h * 0.12, (120, 120, 170), 0.25)
    stars(c, 0.8, 900)
    ridge = ridge_line(c, 0.8, 0.05)
    fill_below(c, ridge, (10, 12, 16))
    x = c.rng.uniform(0.3, 0.7)
    c.draw.rectangle(c.box(x - 0.06, 0.62, x + 0.06, 0.76), fill=(200, 204, 210))
    c.draw.pieslice(c.box(x - 0.065, 0.53, x + 0.065, 0.71), 180, 360, fill=(226, 230, 236))
    c.draw.rectangle(c.box(x - 0.008, 0.53, x + 0.008, 0.62), fill=(20, 24, 34))
    c.glow(c.xy(x + 0.03, 0.72), c.h * 0.02, (255, 120, 90), 0.8)


def paint_border(c: Canvas) -> None:
    """A road border crossing: canopy, booth, striped barrier and queuing cars."""
    top, low = sky(c, c.rng.choice(["day", "overcast", "morning"]), 0.5)
    hills(c, 0.5, low, 2, (86, 104, 72))
    c.gradient(0.5, 1, [(0, (110, 110, 110)), (1, (70, 70, 72))])
    c.draw.polygon([c.xy(0.46, 0.5), c.xy(0.54, 0.5), c.xy(1.1, 1), c.xy(-0.1, 1)], fill=(60, 60, 64))
    c.draw.line([c.xy(0.5, 0.5), c.xy(0.5, 1)], fill=(230, 230, 220), width=3)
    c.draw.rectangle(c.box(0.2, 0.3, 0.8, 0.34), fill=(220, 222, 226))
    for x in (0.22, 0.5, 0.78):
        c.draw.rectangle(c.box(x - 0.008, 0.34, x + 0.008, 0.6), fill=(180, 182, 188))
    c.draw.rectangle(c.box(0.54, 0.46, 0.62, 0.6), fill=(236, 236, 236))
    windows(c, c.box(0.545, 0.47, 0.615, 0.53), 2, 1, (120, 150, 170), 1)
    for stripe in range(8):
        x = 0.3 + stripe * 0.025
        c.draw.rectangle(c.box(x, 0.57, x + 0.025, 0.585), fill=(200, 30, 30) if stripe % 2 else (245, 245, 245))
    colors = [(180, 30, 30), (220, 220, 220), (40, 60, 120), (30, 30, 30), (150, 150, 150)]
    for place in range(4):
        y = 0.64 + place * 0.1
        road_edge = 0.46 - (y - 0.5) / 0.5 * 0.56
        x = (road_edge + 0.5) / 2
        half = 0.025 + place * 0.022
        car = c.rng.choice(colors)
        c.draw.rounded_rectangle(c.box(x - half, y - half * 0.9, x + half, y), radius=6, fill=car)
        c.draw.rectangle(c.box(x - half * 0.7, y - half * 0.85, x + half * 0.7, y - half * 0.5), fill=(50, 60, 70))
        for side in (-1, 1):
            c.glow(c.xy(x + side * half * 0.8, y - half * 0.25), c.h * half * 0.25, (255, 50, 40), 0.9)


def paint_podium(c: Canvas) -> None:
    """A press statement: lectern bristling with microphones before flags."""
    c.gradient(0, 1, [(0, (30, 44, 80)), (1, (14, 20, 40))])
    colors = [(30, 70, 160), (240, 240, 240), (0, 130, 70), (200, 30, 40), (250, 200, 40)]
    for index in range(4):
        x = 0.12 + index * 0.22
        color = c.rng.choice(colors)
        for fold in range(6):
            c.draw.rectangle(c.box(x + fold * 0.025, 0.05, x + fold * 0.025 + 0.025, 0.75),
                             fill=shade(color, 0.8 if fold % 2 else 1.0))
    for _ in range(12):
        c.glow(c.xy(c.rng.random(), c.rng.uniform(0, 0.6)), c.h * c.rng.uniform(0.03, 0.07), (255, 250, 230), 0.35)
    c.draw.polygon([c.xy(0.36, 0.62), c.xy(0.64, 0.62), c.xy(0.6, 1), c.xy(0.4, 1)], fill=(70, 50, 36))
    c.draw.rectangle(c.box(0.34, 0.6, 0.66, 0.64), fill=(90, 66, 48))
    for _ in range(9):
        tip = c.xy(c.rng.uniform(0.42, 0.58), c.rng.uniform(0.44, 0.52))
        c.draw.line([c.xy(0.5 + c.rng.uniform(-0.1, 0.1), 0.61), tip], fill=(20, 20, 20), width=3)
        c.draw.ellipse([tip[0] - 7, tip[1] - 9, tip[0] + 7, tip[1] + 5], fill=c.rng.choice(colors[1:]) + (255,))


def paint_beach(c: Canvas) -> None:
    """A summer beach: rows of parasols on pale sand in front of a calm sea."""
    top, low = sky(c, "day", 0.42)
    water(c, 0.42, top, low)
    c.gradient(0.6, 1, [(0, (222, 206, 170)), (1, (236, 220, 186))])
    c.draw.line([c.xy(0, 0.6), c.xy(1, 0.6)], fill=(255, 255, 255, 140), width=3)
    parasols = [(230, 70, 50), (40, 110, 190), (250, 200, 40), (60, 160, 110)]
    for row in range(3):
        y = 0.68 + row * 0.1
        size = 0.03 + row * 0.015
        color = c.rng.choice(parasols)
        for index in range(int(1 / (size * 2.4)) + 1):
            x = index * size * 2.4 + (row % 2) * size
            c.draw.line([c.xy(x, y), c.xy(x, y + size * 2.2)], fill=(90, 80, 70), width=2)
            c.draw.pieslice(c.box(x - size, y - size * 0.6, x + size, y + size * 0.6), 180, 360, fill=color)
            c.draw.ellipse(c.box(x - size * 0.5, y + size * 2.1, x + size * 0.5, y + size * 2.4), fill=(0, 0, 0, 40))


def paint_shipyard(c: Canvas) -> None:
    """A cruise ship hull in a building dock under a portal crane."""
    top, low = sky(c, c.rng.choice(["day", "morning", "overcast"]), 0.7)
    hills(c, 0.7, low, 1, (90, 100, 90), amplitude=0.03)
    c.draw.rectangle(c.box(0, 0.7, 1, 1), fill=(90, 90, 92))
    ship_hull(c, 0.12, 0.85, 0.72, (236, 236, 232), 6)
    c.draw.rectangle(c.box(0.12, 0.8, 0.84, 0.85), fill=(50, 70, 110))
    crane = c.rng.choice([(200, 40, 40), (230, 190, 40)])
    c.draw.rectangle(c.box(0.02, 0.1, 0.98, 0.15), fill=crane)
    for x in (0.04, 0.93):
        c.draw.rectangle(c.box(x, 0.15, x + 0.03, 0.88), fill=crane)
    trolley = c.rng.uniform(0.3, 0.6)
    c.draw.rectangle(c.box(trolley, 0.15, trolley + 0.06, 0.2), fill=shade(crane, 0.7))
    c.draw.line([c.xy(trolley + 0.03, 0.2), c.xy(trolley + 0.03, 0.35)], fill=(30, 30, 30), width=2)
    c.draw.rectangle(c.box(trolley, 0.35, trolley + 0.06, 0.4), fill=(160, 160, 164))


def paint_wildfire(c: Canvas) -> None:
    """Smoke rising over the dry Karst, an orange glow along the ridge."""
    c.gradient(0, 0.62, [(0, (120, 100, 90)), (1, (232, 150, 80))])
    for step in range(18):
        x = 0.5 + step * 0.02 + c.rng.uniform(-0.03, 0.03)
        y = 0.58 - step * 0.035
        c.glow(c.xy(x, y), c.h * (0.08 + step * 0.012), (70, 64, 62), 0.7)
    c.glow(c.xy(0.5, 0.62), c.h * 0.25, (255, 120, 30), 0.9)
    hills(c, 0.66, (120, 90, 70), 2, (50, 44, 36), amplitude=0.05)
    ground = ridge_line(c, 0.86, 0.03)
    fill_below(c, ground, (34, 30, 24))
    for x, y in ground[::3]:
        c.draw.ellipse([x - 10, y - 16, x + 10, y + 4], fill=(30, 28, 22))


def paint_regatta(c: Canvas) -> None:
    """Sailing boats heeling in a fresh breeze on the gulf, the coast behind them."""
    top, low = sky(c, c.rng.choice(["day", "morning"]), 0.5)
    hills(c, 0.5, low, 2, (84, 100, 84), amplitude=0.05)
    water(c, 0.5, top, low, calm=False)
    boats = sorted((c.rng.uniform(0.54, 0.92), c.rng.uniform(0.05, 0.9)) for _ in range(c.rng.randint(6, 9)))
    for y, x in boats:
        scale = 0.06 + (y - 0.5) * 0.5
        sail = c.rng.choice([(246, 246, 240), (246, 246, 240), (226, 92, 60), (60, 110, 190)])
        mast_top = (x + scale * 0.22, y - scale)
        c.draw.polygon([c.xy(x, y - 0.012), c.xy(*mast_top), c.xy(x + scale * 0.45, y - 0.012)], fill=sail)
        c.draw.polygon([c.xy(x - 0.004, y - 0.012), c.xy(mast_top[0] - 0.004, mast_top[1] + scale * 0.08),
                        c.xy(x - scale * 0.3, y - 0.016)], fill=shade(sail, 0.88))
        hull = c.rng.choice([(240, 240, 236), (30, 40, 60)])
        c.draw.polygon([c.xy(x - scale * 0.32, y - 0.012), c.xy(x + scale * 0.52, y - 0.012),
                        c.xy(x + scale * 0.44, y), c.xy(x - scale * 0.26, y)], fill=hull)
        reflection(c, x - scale * 0.2, x + scale * 0.4, y + 0.004, sail, 0.04)


_PAINTERS = {
    "harbour": paint_harbour,
    "ship": paint_ship,
    "coast": paint_coast,
    "mountains": paint_mountains,
    "city": paint_city,
    "tram": paint_tram,
    "stadium": paint_stadium,
    "court": paint_court,
    "lab": paint_lab,
    "chart": paint_chart,
    "parliament": paint_parliament,
    "vineyard": paint_vineyard,
    "theatre": paint_theatre,
    "storm": paint_storm,
    "railway": paint_railway,
    "observatory": paint_observatory,
    "border": paint_border,
    "podium": paint_podium,
    "beach": paint_beach,
    "shipyard": paint_shipyard,
    "wildfire": paint_wildfire,
    "regatta": paint_regatta,
}

SCENES: tuple[str, ...] = tuple(_PAINTERS)


def render(scene: str, seed: str, *, size: tuple[int, int] = (1600, 900)) -> bytes:
    """Paint ``scene`` varied by ``seed`` and return it as JPEG bytes of ``size``."""
    if scene not in _PAINTERS:
        raise ValueError(f"unknown demo scene {scene!r}; choose one of {', '.join(SCENES)}")
    rng = random.Random(f"{scene}|{seed}")
    canvas = Canvas(Image.new("RGB", (max(2, size[0] // 2), max(2, size[1] // 2))), rng)
    _PAINTERS[scene](canvas)
    picture = _vignette(_grain(canvas.image, rng)).resize(size, Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def _grain(picture: Image.Image, rng: random.Random) -> Image.Image:
    """Seeded film grain, so flat areas look photographed rather than filled."""
    noise = Image.frombytes("L", picture.size, rng.randbytes(picture.width * picture.height))
    return Image.blend(picture, Image.merge("RGB", (noise, noise, noise)), 0.045)


def _vignette(picture: Image.Image) -> Image.Image:
    black = Image.new("RGB", picture.size)
    return Image.composite(black, picture, _vignette_mask(picture.size))

