"""Write the Metrics 2.0 sample's emissions with the official SDK's Emitter.

Run from the repository root (``pip install -e '.[test]'`` brings resim-sdk):

    python samples/metrics2/write_emissions.py

It rewrites ``samples/metrics2/emissions.resim.jsonl`` and the camera frames;
the same seed gives the same bytes.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image
from resim.sdk.metrics.emissions import Emitter

HERE = Path(__file__).resolve().parent
CONFIG = HERE / ".resim" / "metrics" / "config.resim.yml"
OUTPUT = HERE / "emissions.resim.jsonl"
STEP_NS = 100_000_000  # 10 Hz


def frames() -> list[str]:
    names = []
    for i, shade in enumerate((60, 120, 180)):
        name = f"frame_{i:03d}.png"
        image = Image.new("RGB", (64, 36), (shade, 90, 255 - shade))
        image.save(HERE / name)
        names.append(name)
    return names


def main() -> None:
    rng = random.Random(7)
    OUTPUT.unlink(missing_ok=True)  # the Emitter appends
    emitter = Emitter(config_path=CONFIG, output_path=OUTPUT)
    states = ["PASSED"] * 30 + ["FAIL_WARN"] * 10 + ["PASSED"] * 20
    for i in range(60):
        t = i * STEP_NS
        speed = 8 + 3.5 * math.sin(i / 9) + rng.uniform(-0.4, 0.4)
        lane = "left" if i < 25 else "right"
        emitter.emit("ego_speed", {"speed_mps": round(speed, 3), "lane": lane}, t)
        mode = "cruise" if speed < 10 else "overtake"
        emitter.emit("planner", {"state": states[i], "mode": mode}, t)
    for i, name in enumerate(frames()):
        emitter.emit("camera", {"frame": name}, i * 20 * STEP_NS)
    emitter.emit("dashcam", {"clip": "dashcam.mp4"}, 0)
    emitter.emit_event(
        "route_event",
        {
            "name": "Overtake",
            "description": "Speed above 11 m/s while overtaking.",
            "status": "FAIL_WARN",
            "tags": ["overtake"],
            "metrics": [{"name": "Speed", "type": "scalar", "value": 11.4, "unit": "m/s"}],
        },
        30 * STEP_NS,
    )
    emitter.close()


if __name__ == "__main__":
    main()
