"""Write the OpenAPI document to a file: `python -m csv_analyzer.openapi out.json [options.json]`.

The optional second file gets the body of `GET /api/v1/training/options` (limits and metric
metadata): the SPA's component tests render with it, so they read the backend's one home of
metric labels instead of a copy.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from csv_analyzer.config import Settings


def render() -> str:
    from csv_analyzer.main import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), frontend_dist=Path(tmp) / "none"))
        return json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n"


def render_training_options() -> str:
    from csv_analyzer.training.service import training_options

    return json.dumps(training_options().model_dump(mode="json"), indent=2, sort_keys=True) + "\n"


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "-"
    text = render()
    if out == "-":
        sys.stdout.write(text)
    else:
        Path(out).write_text(text)
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(render_training_options())


if __name__ == "__main__":
    main()
