"""The bulletin's bar chart as a PNG, drawn by matplotlib with a CJK font so unit names read."""
import io

import matplotlib

matplotlib.use("Agg")  # no display on a server

from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

COLORS = {"red": "#d9363e", "yellow": "#f0b429", "green": "#2f9e44"}
LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}


def _cjk_font() -> font_manager.FontProperties | None:
    for path in font_manager.findSystemFonts():
        if "NotoSansCJK" in path.replace(" ", "") or "NotoSerifCJK" in path.replace(" ", ""):
            return font_manager.FontProperties(fname=path)
    return None  # the chart still draws; Chinese labels may show as boxes


def light_bars_png(units: list[str], counts: dict[str, list[int]], title: str) -> bytes:
    """Stacked bars of red/yellow/green counts per unit."""
    font = _cjk_font()
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.45 * len(units) + 1.5)), dpi=120)
    left = [0] * len(units)
    for color in ("red", "yellow", "green"):
        values = counts.get(color, [0] * len(units))
        ax.barh(units, values, left=left, color=COLORS[color], label=LABELS[color])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_title(title, fontproperties=font)
    for label in ax.get_yticklabels():
        label.set_fontproperties(font)
    ax.legend(prop=font, loc="lower right")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
