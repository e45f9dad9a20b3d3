"""Turning matplotlib figures into PNG bytes quickly, for an ``ipywidgets.Image``.

Why not ``plt.show()`` inside an ``Output`` widget: strict nbval does not route Output-widget messages,
so such figures land in the cell's outputs and the stored notebook no longer matches a fresh run. PNG
bytes in an Image widget pass strict nbval, and skipping the inline backend's tight bounding box makes
each redraw several times cheaper (see ../shared/engineering-notes.md and benchmarks/).
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


def new_figure(width_in: float = 9.0, height_in: float = 5.0, dpi: int = 90) -> Figure:
    """A figure that is not registered with pyplot, so the inline backend never shows it twice."""
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def figure_to_png(figure: Figure, compress_level: int = 1) -> bytes:
    """Render ``figure`` at its own size (no tight bbox) and encode it as PNG with light compression."""
    figure.canvas.draw()
    return rgba_to_png(figure.canvas, compress_level)


def rgba_to_png(canvas: FigureCanvasAgg, compress_level: int = 1) -> bytes:
    """Encode what is on an Agg canvas now (after a draw or a blit) as PNG."""
    rgba = canvas.buffer_rgba()
    width, height = canvas.get_width_height()
    # The figure is opaque, so drop alpha: a quarter less data to compress and send.
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()
