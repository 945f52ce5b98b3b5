"""The reader's text size (WCAG 1.4.4, technique G178): steps up to 200 %, kept in a cookie.

The page is rendered with the chosen step so it never flashes the wrong size; the same
steps are used by textsize.js, which changes them without a reload.
"""

COOKIE = "gazzetta_textsize"
STEPS = (100, 125, 150, 175, 200)
DEFAULT = 0
COOKIE_MAX_AGE = 365 * 24 * 3600


def from_cookie(value: str | None) -> int:
    """Return the step index stored in the cookie; anything malformed means the default."""
    if value is None or not value.isdigit():
        return DEFAULT
    step = int(value)
    return step if 0 <= step < len(STEPS) else DEFAULT


def change(step: int, action: str) -> int:
    """Apply a button ('smaller', 'reset', 'larger') to a step index."""
    if action == "larger":
        return min(step + 1, len(STEPS) - 1)
    if action == "smaller":
        return max(step - 1, 0)
    return DEFAULT
