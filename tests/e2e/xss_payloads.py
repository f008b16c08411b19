"""Hostile text for the end-to-end tests: XSS payloads from the OWASP filter-evasion families.

Payload ``k`` sets ``window.__simheat_xss = k`` if it ever runs (from an iframe: on the
parent), so a flipped flag names the payload. :func:`payload_elements_js` finds what a
payload would leave in the DOM if it were parsed as HTML.
"""

from __future__ import annotations

FLAG = "__simheat_xss"

_TEMPLATES = [
    "<script>window.{flag}={k}</script>",
    "<SCRIPT>window.{flag}={k}</SCRIPT>",  # mixed case
    "<ScRiPt src=data:text/javascript,window.{flag}={k}></ScRiPt>",
    '<img src=x onerror="window.{flag}={k}">',  # event handlers
    "<IMG SRC=x OnErRoR=window.{flag}={k}>",
    "<img src=x onerror=&#119;indow.{flag}={k}>",  # entity-encoded handler body
    "<svg onload=window.{flag}={k}>",  # SVG
    "<svg><script>window.{flag}={k}</script></svg>",
    "<svg><animate onbegin=window.{flag}={k} attributeName=x dur=1s>",
    '<iframe srcdoc="<script>parent.{flag}={k}</script>"></iframe>',  # iframes
    '<iframe src="javascript:parent.{flag}={k}"></iframe>',
    '<a href="javascript:window.{flag}={k}">a link</a>',  # javascript: URLs, Plotly's <a href>
    '<a href="JaVaScRiPt:window.{flag}={k}">mixed case</a>',
    '<a href="&#106;avascript:window.{flag}={k}">entity</a>',
    '<a href="jav&#x09;ascript:window.{flag}={k}">tab</a>',
    '<a href=" javascript&colon;window.{flag}={k}">colon entity</a>',
    '<b onmouseover="window.{flag}={k}">bold, hovered</b>',  # Plotly's own tags
    '<span style="color:red" onclick="window.{flag}={k}">span</span>',
    '<sub onmouseover="window.{flag}={k}">sub</sub>',
    "line<br onclick=window.{flag}={k}>break",
    "&lt;script&gt;window.{flag}={k}&lt;/script&gt;",  # entities decoded by a careless sink
    '"><img src=x onerror=window.{flag}={k}>',  # attribute breakout
    "</script><script>window.{flag}={k}</script>",  # script-element breakout (HTML export)
    '<!--<img src="--><img src=x onerror=window.{flag}={k}//">',  # comment confusion
    "<!--<script>window.{flag}={k}",  # an unclosed comment and script tag in script data
    "<details open ontoggle=window.{flag}={k}>",
    "<input autofocus onfocus=window.{flag}={k}>",
    '<object data="javascript:window.{flag}={k}"></object>',
    "<body onload=window.{flag}={k}>",
    "<video><source onerror=window.{flag}={k}></video>",
]

PAYLOADS = [template.format(flag=FLAG, k=k) for k, template in enumerate(_TEMPLATES, start=1)]
assert all(len(p) <= 80 for p in PAYLOADS)  # the tooltip shows texts up to 80 characters whole

# Elements and attributes a payload would leave if it were parsed as HTML, anywhere under
# ``root``; Plotly's own SVG uses none of them. A URL counts as the browser resolves it.
PAYLOAD_ELEMENTS_JS = """root => {
  const found = [];
  // (no 'input': the widget's own slider is one; a payload's input has its onfocus.)
  const tags = 'script, iframe, img, object, embed, video, source, details, body, animate';
  for (const el of root.querySelectorAll(tags)) found.push(el.tagName.toLowerCase());
  const urls = ['href', 'xlink:href', 'src', 'data', 'action', 'formaction'];
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      let scheme = '';
      try { scheme = new URL(attr.value.trim(), document.baseURI).protocol; } catch {}
      if (name.startsWith('on') || name === 'srcdoc' || (urls.includes(name) && scheme === 'javascript:'))
        found.push(`${el.tagName}[${attr.name}="${attr.value}"]`);
    }
  }
  return found;
}"""


def flag_js() -> str:
    """The page's flag: ``None`` (undefined) unless a payload ran."""
    return f"() => window.{FLAG} ?? null"
