"""Pictures: small, real PNGs (160x120), drawn deterministically."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ._kit import Color

WIDTH, HEIGHT = 160, 120


def gradient(top: Color, bottom: Color, height: int = HEIGHT) -> Image.Image:
    """A vertical gradient, WIDTH wide."""
    weight = np.linspace(0.0, 1.0, height)[:, None, None]
    rows = (1.0 - weight) * np.array(top, dtype=float) + weight * np.array(bottom, dtype=float)
    pixels = np.broadcast_to(rows, (height, WIDTH, 3)).round().astype(np.uint8)
    return Image.fromarray(np.ascontiguousarray(pixels))


def camera_frame(progress: float, *, label: str, alert: bool = False) -> Image.Image:
    """A forward camera view: sky, road to the horizon, a lead car and a pedestrian.

    ``progress`` in [0, 1] moves the scene on (lane dashes, lead car, pedestrian).
    """
    image = gradient((96, 150, 220), (214, 228, 245))
    draw = ImageDraw.Draw(image)
    horizon = 52
    draw.rectangle((0, horizon, WIDTH, HEIGHT), fill=(86, 122, 70))
    draw.polygon([(70, horizon), (90, horizon), (150, HEIGHT), (10, HEIGHT)], fill=(70, 70, 78))
    # Centre dashes, phase-shifted by progress so successive frames differ.
    for k in range(6):
        f0 = ((k + progress * 2.0) % 6) / 6
        f1 = f0 + 0.07
        y0, y1 = horizon + f0 * (HEIGHT - horizon), horizon + f1 * (HEIGHT - horizon)
        draw.line((80, y0, 80, y1), fill=(240, 230, 140), width=max(1, round(1 + 3 * f0)))
    # Lead vehicle: grows as the gap closes.
    scale = 0.35 + 0.5 * progress
    cx, cy = 80, horizon + 20 + 18 * progress
    half_w, h = 22 * scale, 16 * scale
    draw.rectangle((cx - half_w, cy - h, cx + half_w, cy), fill=(180, 40, 48))
    draw.rectangle(
        (cx - half_w * 0.7, cy - h * 0.9, cx + half_w * 0.7, cy - h * 0.5), fill=(40, 48, 60)
    )
    # Pedestrian walking in from the right.
    px = 150 - 45 * progress
    draw.ellipse((px - 3, 58, px + 3, 64), fill=(250, 210, 170))
    draw.rectangle((px - 3, 64, px + 3, 78), fill=(40, 90, 200))
    if alert:
        draw.rectangle((px - 7, 54, px + 7, 82), outline=(255, 40, 40), width=2)
    draw.rectangle((0, 0, WIDTH, 11), fill=(20, 20, 24))
    draw.text((3, 0), label, fill=(235, 235, 235))
    return image
