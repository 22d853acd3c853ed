"""Every page a person can reach by following links in the demo workspace, as each role.

The crawl starts at the workspace's home and follows the plain links (``<a href>``) that stay
inside the workspace, breadth first, up to ``MAX_PAGES`` pages per role so the test stays
quick (downloads, charts and exports are left out: they are not pages). On every page it
checks what a person with a screen reader or a mouse would trip over:

* no two elements share an ``id`` (a label would tick another row's box);
* every visible input, select and textarea has a label: ``label[for]``, a wrapping label,
  ``aria-label`` or ``aria-labelledby``;
* a 403 page always has a link away from it.
"""

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from lxml import html

from winloss.accounts.models import User
from winloss.accounts.roles import Role
from winloss.demo import content
from winloss.testing.snapshot import load_demo

MAX_PAGES = 150  # per role: enough to reach every kind of page, short enough to stay quick
NOT_PAGES = (".csv", ".xlsx", ".pdf", ".pptx", ".docx", ".svg", ".ics", ".json", ".qdc", ".png")
UNLABELLED_TYPES = {"hidden", "submit", "button", "image", "reset"}


@dataclass
class Crawl:
    pages: int = 0
    forbidden: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _links(doc, prefix: str) -> list[str]:
    found = []
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if a.get("download") is not None or not href.startswith(prefix):
            continue
        url = urldefrag(href)[0]
        if not urlsplit(url).path.endswith(NOT_PAGES):
            found.append(url)
    return found


def _hidden(element) -> bool:
    return any(e.get("hidden") is not None for e in element.iterancestors()) or (
        element.get("hidden") is not None
    )


def _page_problems(doc) -> list[str]:
    problems = []
    seen: dict[str, int] = {}
    for element in doc.iter():
        if isinstance(element.tag, str) and (ident := element.get("id")):
            seen[ident] = seen.get(ident, 0) + 1
    problems += [f"id {ident!r} used {n} times" for ident, n in seen.items() if n > 1]
    labelled = {label.get("for") for label in doc.iter("label") if label.get("for")}
    for element in doc.iter("input", "select", "textarea"):
        if element.tag == "input" and (element.get("type") or "text") in UNLABELLED_TYPES:
            continue
        if _hidden(element) or element.get("aria-label") or element.get("aria-labelledby"):
            continue
        if element.get("id") in labelled or any(a.tag == "label" for a in element.iterancestors()):
            continue
        problems.append(f"unlabelled <{element.tag} name={element.get('name')!r}>")
    return problems


def crawl(client: Client, start: str, prefix: str) -> Crawl:
    result = Crawl()
    queue, seen = deque([start]), {start}
    while queue and result.pages < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = urldefrag(response["Location"])[0]
            if target.startswith(prefix) and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        result.pages += 1
        assert response.status_code in (200, 403), f"{url} answered {response.status_code}"
        doc = html.fromstring(response.content)
        result.problems += [f"{url}: {p}" for p in _page_problems(doc)]
        if response.status_code == 403:
            result.forbidden.append(url)
            main = doc.find(".//main")
            if main is None or not any(a.get("href") for a in main.iter("a")):
                result.problems.append(f"{url}: a 403 page with no way back")
        for link in _links(doc, prefix):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return result


@pytest.fixture
def demo(transactional_db):
    # Committed, so that a test process which built the demo for a browser test copies it.
    load_demo()


# One test per role, so that test workers share the crawl between them.
@pytest.mark.parametrize(
    "email, role",
    [(email, role) for email, _name, role in content.PEOPLE[:7]],
    ids=[str(role) for _email, _name, role in content.PEOPLE[:7]],
)
def test_every_page_a_role_reaches_has_unique_ids_labelled_inputs_and_no_dead_end(
    demo, client, email, role
):
    prefix = f"/w/{content.SLUG}/"
    client.force_login(User.objects.get(email=email))
    result = crawl(client, prefix, prefix)
    assert not result.problems, "\n".join(sorted(set(result.problems))[:80])
    # Links lead only where the role may go: following them never ends on a 403.
    assert not result.forbidden, "\n".join(result.forbidden)
    assert result.pages > 10
    if role == Role.STAKEHOLDER:
        # Less than the administrator, who reaches more pages than the crawl opens.
        assert result.pages < MAX_PAGES
    elif role == Role.ADMIN:
        assert result.pages == MAX_PAGES
