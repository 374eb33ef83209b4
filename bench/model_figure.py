"""Draw docs/model-vs-published.svg: every published result beside the model's prediction.

Run: ``.venv/bin/python bench/model_figure.py`` after changing the model's data.
plotly writes the SVG through kaleido, which drives the machine's Chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

from virtlab import figures, model

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    table = model.compare_to_published()
    figure = figures.model_vs_published_figure(table)
    figure.update_layout(width=900, height=620)
    out = ROOT / "docs" / "model-vs-published.svg"
    figure.write_image(out)
    print(f"wrote {out} ({len(table)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
