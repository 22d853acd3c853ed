"""Markdown as people write it in memos, shown as HTML that can never run anything."""

import pytest

from winloss.lib.markdown import plain_text, render_markdown


def test_the_usual_markdown_becomes_html():
    html = render_markdown(
        "# Why\n\n**Price** and *timing*:\n\n- one\n- two\n\n|a|b|\n|-|-|\n|1|2|"
    )
    for part in ("<h1>Why</h1>", "<strong>Price</strong>", "<em>timing</em>", "<li>one</li>",
                 "<td>1</td>"):  # fmt: skip
        assert part in html


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
        "<style>body{display:none}</style>",
    ],
)
def test_raw_html_is_shown_as_text(typed):
    html = render_markdown(typed)
    assert "<" + typed[1:] not in html and "&lt;" in html


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4="]
)
def test_links_that_would_run_code_are_not_links(link):
    assert "<a " not in render_markdown(f"[click]({link})")


def test_a_link_opens_nothing_as_its_opener_and_an_image_is_never_fetched():
    html = render_markdown("[site](https://example.org) ![pic](https://tracker.example/p.png)")
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">site</a>' in html
    assert "<img" not in html


def test_a_tables_column_alignment_is_a_class_not_an_inline_style():
    html = render_markdown("|a|b|\n|:-:|-:|\n|1|2|")
    assert '<th class="align-center">a</th>' in html and '<td class="align-right">2</td>' in html
    assert "style" not in html


def test_plain_text_keeps_the_words_the_list_bullets_and_the_table_rows():
    typed = (
        "# Why\n\nPrice **mattered**.\n\n- one\n- two & three\n\n1. first\n\n|a|b|\n|-|-|\n|1|2|"
    )
    assert plain_text(typed) == (
        "Why\n\nPrice mattered.\n\n• one\n• two & three\n\n1. first\n\na | b\n1 | 2"
    )
    assert plain_text("<b>kept</b> as typed") == "<b>kept</b> as typed"
    assert plain_text("") == ""
