"""JSON that other programs can read: json.dumps writes NaN and Infinity by default, which are not JSON
(RFC 8259) and which strict parsers (jq, JavaScript's JSON.parse) refuse. A figure that is not finite
is written as null; ``allow_nan=False`` makes any that slipped through an error here, not elsewhere."""

from __future__ import annotations

import json
import re
import math
from typing import Any


def finite(value: Any) -> Any:
    """``value`` with every float that is NaN or infinite, at any depth, replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` for what is printed or saved: non-finite numbers as null, non-ASCII text as is."""
    kwargs.setdefault("ensure_ascii", False)
    # DEL, C1 controls and lone surrogates, which json.dumps leaves as they are, as \u escapes: the
    # document reaches a terminal or a pipe as plain, valid JSON
    return re.sub("[\x7f-\x9f\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}",
                  json.dumps(finite(value), allow_nan=False, **kwargs))
