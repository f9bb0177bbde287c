"""The web page of aantafel: a Flask app over the core's public API (``aantafel_web.app.create_app``).

This package is imported on every start of ``aantafel`` (for its ``serve`` command), so it imports nothing
heavy here: Flask loads only when the app is made.
"""
