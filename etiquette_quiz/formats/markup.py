"""Plain text <-> the HTML that Moodle keeps question texts in."""

from __future__ import annotations

import html
import re

_BLOCK = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"})


def text_to_html(text: str) -> str:
    """A plain text as HTML: escaped, line breaks as <br>."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def html_to_text(markup: str) -> str:
    """The text a reader sees in an HTML fragment: tags gone, <br> and paragraphs as line breaks."""
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml refuses some broken fragments; then strip the tags by hand
        return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()
    parts: list[str] = []

    def walk(node: object) -> None:
        tag = getattr(node, "tag", "")
        if not isinstance(tag, str):  # comments and processing instructions
            parts.append(getattr(node, "tail", None) or "")
            return
        if tag == "br":
            parts.append("\n")
        else:
            parts.append(node.text or "")  # type: ignore[attr-defined]
            for child in node:  # type: ignore[attr-defined]
                walk(child)
            if tag in _BLOCK and parts and not "".join(parts).endswith("\n"):
                parts.append("\n")
        parts.append(node.tail or "")  # type: ignore[attr-defined]

    walk(root)
    text = "".join(parts).replace("\xa0", " ")
    return re.sub(r"\n{2,}", "\n", text).strip()
