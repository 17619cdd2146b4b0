"""Parse the SVG the places app renders, to check its structure rather than its text."""

import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    """Fails on markup that is not well-formed, which a browser would also mangle."""
    return ET.fromstring(markup)  # noqa: S314 - our own output, not untrusted input
