"""A QR code as lines of text for a terminal: two rows of modules per line with half blocks.

Light modules are drawn (█ ▀ ▄) and dark ones are spaces, so on a light-on-dark style the code reads as
dark modules on a light background, as cameras expect; the caller draws it white on black whatever the
theme. The quiet zone (light border) is part of the lines.
"""

from __future__ import annotations

import segno

QUIET = 2  # modules of light border (the standard asks for 4; 2 scans well off a screen and saves room)


def qr_lines(data: str, quiet: int = QUIET) -> list[str]:
    code = segno.make(data, error="l", micro=False)
    rows = [list(row) for row in code.matrix]
    size = len(rows)
    light = [[True] * (size + 2 * quiet) for _ in range(quiet)]
    light += [[True] * quiet + [not bool(m) for m in row] + [True] * quiet for row in rows]
    light += [[True] * (size + 2 * quiet) for _ in range(quiet)]
    if len(light) % 2:
        light.append([True] * (size + 2 * quiet))
    chars = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return ["".join(chars[(top, bottom)] for top, bottom in zip(light[i], light[i + 1]))
            for i in range(0, len(light), 2)]
