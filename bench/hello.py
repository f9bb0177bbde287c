"""The baseline of the web figures: Flask's hello-world, served as ``aantafel serve`` serves the real page.

Run: python bench/hello.py PORT (waitress, 8 threads, like ``aantafel serve``); gunicorn loads hello:app.
"""

from __future__ import annotations

import sys

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"


if __name__ == "__main__":
    from waitress import serve

    serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8, ident="hello")
