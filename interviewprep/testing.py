"""HTML-aware helpers for view tests: find elements in a page and read the text a person sees.

`select(response, "section[aria-labelledby=rounds-heading] td.text-end")` takes a small subset
of CSS: tag, `#id`, `.class`, `[attr]`, `[attr=value]` (value bare or quoted), the descendant
(space) and child (`>`) combinators. Texts are whitespace-collapsed; block elements are kept
apart by a space, inline ones (`a`, `span`, `strong`…) are not, as a browser shows them.
Each helper takes a test-client response, a string of HTML or an element found by `select`.
"""

import re
from html.parser import HTMLParser

from django.urls import reverse

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# Never shown as text; a script's own text is still its content (json_script data).
HIDDEN_ELEMENTS = frozenset({"script", "style", "template"})
INLINE_ELEMENTS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "label"}
    | {"mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self):
        return self.attrs.get("class", "").split()

    @property
    def text(self):
        """The element's text as shown, whitespace collapsed (a script: its content)."""
        if self.tag in HIDDEN_ELEMENTS:
            return " ".join("".join(c for c in self.children if isinstance(c, str)).split())
        return " ".join("".join(self._strings()).split())

    def _strings(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag == "br":
                yield " "
            elif child.tag not in HIDDEN_ELEMENTS:
                block = child.tag not in INLINE_ELEMENTS
                if block:
                    yield " "
                yield from child._strings()
                if block:
                    yield " "

    def descendants(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.descendants()

    def select(self, selector):
        steps = _parse_selector(selector)
        return [element for element in self.descendants() if _matches(element, steps)]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Close the innermost open element of that name, and whatever was left open in it.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


_TOKEN = re.compile(
    r"""\s*(?P<child>>)\s*
      | (?P<space>\s+)
      | (?P<tag>[a-zA-Z][\w-]*)
      | \#(?P<id>[\w-]+)
      | \.(?P<class>[\w-]+)
      | \[\s*(?P<attr>[\w:-]+)\s*
          (?:=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\]\s"']+))\s*)?\]
    """,
    re.VERBOSE,
)


def _parse_selector(selector):
    """[(combinator, conditions)]: the combinator (" " or ">") joins a compound to the one
    before it; the conditions are (attribute, value) pairs, ("#tag", name) for the tag and
    ("#class", name) for one class; a value of None asks only for the attribute to be there."""
    steps, conditions, combinator, position = [], [], None, 0
    selector = selector.strip()
    while position < len(selector):
        match = _TOKEN.match(selector, position)
        if not match:
            raise ValueError(f"Unsupported selector {selector!r} at {selector[position:]!r}")
        position = match.end()
        if match["child"] or match["space"]:
            if not conditions:
                raise ValueError(f"Unsupported selector {selector!r}")
            steps.append((combinator, conditions))
            conditions, combinator = [], ">" if match["child"] else " "
        elif match["tag"]:
            conditions.append(("#tag", match["tag"].lower()))
        elif match["id"]:
            conditions.append(("id", match["id"]))
        elif match["class"]:
            conditions.append(("#class", match["class"]))
        else:
            value = next((v for v in match.group("dq", "sq", "bare") if v is not None), None)
            conditions.append((match["attr"], value))
    if not conditions:
        raise ValueError(f"Unsupported selector {selector!r}")
    steps.append((combinator, conditions))
    return steps


def _meets(element, name, value):
    if name == "#tag":
        return element.tag == value
    if name == "#class":
        return value in element.classes
    return name in element.attrs and (value is None or element.attrs[name] == value)


def _matches(element, steps):
    if element.parent is None:  # the document itself
        return False
    *before, (combinator, conditions) = steps
    if not all(_meets(element, name, value) for name, value in conditions):
        return False
    if not before:
        return True
    if combinator == ">":
        return _matches(element.parent, before)
    ancestor = element.parent
    while ancestor is not None:
        if _matches(ancestor, before):
            return True
        ancestor = ancestor.parent
    return False


def parse(source):
    """The document tree of a response or of a string of HTML (an element is its own tree)."""
    if isinstance(source, Element):
        return source
    html = source if isinstance(source, str) else source.content.decode()
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def select(source, selector):
    """Every element matching `selector`, in document order."""
    return parse(source).select(selector)


def select_one(source, selector):
    """The one element matching `selector`; fails unless there is exactly one."""
    found = select(source, selector)
    assert len(found) == 1, f"expected one element matching {selector!r}, found {len(found)}"
    return found[0]


def texts(source, selector):
    """The text of every element matching `selector`, in document order."""
    return [element.text for element in select(source, selector)]


def element_text(source, element_id):
    """The text of the element with this id; fails if there is none (or several)."""
    return select_one(source, f'[id="{element_id}"]').text


def table_rows(source, selector):
    """The rows of the table(s) matching `selector`, header rows included: [[cell texts]]."""
    return [
        [
            cell.text
            for cell in row.children
            if isinstance(cell, Element) and cell.tag in ("th", "td")
        ]
        for table in select(source, selector)
        for row in table.select("tr")
    ]


def definitions(source, selector):
    """{term: description} of the description list(s) (`<dl>`) matching `selector`."""
    pairs = {}
    for dl in select(source, selector):
        terms, descriptions = texts(dl, "dt"), texts(dl, "dd")
        assert len(terms) == len(descriptions), f"{selector!r}: {terms} and {descriptions}"
        pairs.update(zip(terms, descriptions, strict=True))
    return pairs


def messages_shown(source):
    """The texts of the messages (django.contrib.messages) the page shows, in order."""
    return texts(source, ".messages .alert")


def admin_change_url(model, pk):
    """The admin's change page of the `model` instance with this primary key."""
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])


def admin_interview_form(interview, **changes):
    """The admin's change form of `interview` as it is filled in, with `changes`."""
    return {
        "user": interview.user_id,
        "job_title": interview.job_title,
        "company_name": interview.company_name,
        "interview_type": interview.interview_type,
        "experience_level": interview.experience_level,
        "created_at_0": interview.created_at.strftime("%Y-%m-%d"),
        "created_at_1": interview.created_at.strftime("%H:%M:%S"),
        "_save": "Save",
        **changes,
    }
