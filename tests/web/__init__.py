"""Tests of the web page."""

SAME = {"Sec-Fetch-Site": "same-origin"}
"""What a browser sends with a form posted from one of our own pages."""
