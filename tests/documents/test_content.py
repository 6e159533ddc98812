"""What a document says: the family's words, sentences not codes, pictures, the filter."""

from __future__ import annotations

import contextlib
import re
import subprocess
import zlib
from datetime import date

import pytest

from renderer.definitions import Form
from renderer.documents import Person, make_document
from renderer.documents.clean import clean_html
from renderer.documents.pdf import FetchRefused, refuse_every_url

PEOPLE = [Person("1", "Ruby Lane", "Child"), Person("2", "Amy Lane", "Parent")]


def form(fields, **extra) -> Form:
    return Form.from_mapping(
        {
            "id": "t",
            "version": 1,
            "title": "Test form",
            "purpose": "For the tests.",
            "owner": "Tests",
            "summary_for_family": "We met to talk about keeping Ruby safe.",
            "sections": [{"id": "main", "title": "What we talked about", "fields": fields}],
            "output": {"title": "Our meeting", "introduction": "This says what we agreed."},
            **extra,
        }
    )


def test_danger_statements_goals_and_plans_read_as_sentences_in_the_familys_words():
    f = form(
        [
            {
                "id": "danger",
                "type": "danger_statement",
                "label": "Danger statements",
                "family_label": "What we are worried about",
                "scale": "scale",
                "safety_goal": "goals",
            },
            {"id": "goals", "type": "safety_goal", "label": "Safety goals"},
            {
                "id": "plan",
                "type": "safety_plan",
                "label": "Safety plan",
                "family_label": "Our safety plan",
            },
            {
                "id": "scale",
                "type": "scale",
                "label": "Scale",
                "raters": ["worker", "parent"],
                "anchors": {"zero": "Ruby will be hurt again", "ten": "Ruby is safe at home"},
            },
        ]
    )
    answers = {
        "danger": [
            {
                "who_is_worried": "Social care and the police",
                "behaviour": "When Dad drinks he shouts and throws things",
                "what_could_happen": "Ruby could be hurt",
                "impact_on_child": "she may feel scared at home",
            }
        ],
        "goals": [
            {
                "parents_will": "Dad will not drink at home",
                "child_will_experience": "a calm home",
                "professionals_will_see": "Dad at every appointment",
                "for_how_long": "six months",
            }
        ],
        "plan": {
            "rules": [
                {
                    "rule": "Dad does not drink at home",
                    "who_makes_sure": "Grandma Jean",
                    "phone": "07700 900123",
                }
            ],
            "red_flags": ["Dad misses an appointment"],
            "monitoring": "Weekly visits",
        },
        "scale": {
            "ratings": [
                {"rater": "worker", "score": 4, "why": "Some progress"},
                {"rater": "parent", "score": 7, "why": "We try hard"},
            ]
        },
    }
    history = {
        "scale": [
            {
                "date": "2026-09-01",
                "answer": {
                    "ratings": [{"rater": "worker", "score": 2}, {"rater": "parent", "score": 5}]
                },
            }
        ]
    }
    doc = make_document(
        f, answers, PEOPLE, audience="family", today=date(2026, 11, 23), history=history
    )
    body = doc.body
    assert "When Dad drinks he shouts and throws things." in body
    assert "If nothing changes, this could happen: Ruby could be hurt." in body
    assert "For Ruby, this would mean: she may feel scared at home." in body
    assert "You will be doing this: Dad will not drink at home." in body
    assert "This needs to carry on for six months." in body
    assert (
        "Our rules" in body and "Grandma Jean makes sure this happens. Phone 07700 900123." in body
    )
    assert "Dad misses an appointment." in body and "How we will check the plan is working" in body
    assert "Your social worker gave 4 out of 10." in body and "You gave 7 out of 10." in body
    assert "0 means: Ruby will be hurt again." in body
    assert "On 1 September 2026: your social worker 2, you 5." in body
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert (
        'role="img"' in svg and "<title" in svg and "1 September 2026: Your social worker 2" in svg
    )
    assert svg.count("<polyline") == 2  # a line per rater, across the two times
    for code in ("who_is_worried", "parents_will", "other_agency", "red_flags", "rater"):
        assert code not in re.sub(r"<[^>]+>", "", body)


def test_the_childs_words_are_shown_as_said_and_only_with_their_agreement():
    f = form(
        [
            {
                "id": "words",
                "type": "childs_words",
                "label": "What Ruby told us",
                "variant": "three_houses",
            }
        ]
    )
    said = "i dont like it when\ndaddy shouts!!  i like my cat"
    answer = {
        "variant": "three_houses",
        "worries": said,
        "good_things": "My cat Tiddles",
        "facilitated_by": "Sam (social worker)",
        "consent_to_share": "yes",
    }
    family = make_document(f, {"words": answer}, PEOPLE, audience="family").body
    assert "i dont like it when<br>daddy shouts!!  i like my cat" in family
    assert "House of worries" in family and "These are Ruby's own words" in family
    private = make_document(
        f, {"words": {**answer, "consent_to_share": "no"}}, PEOPLE, audience="family"
    ).body
    assert "daddy shouts" not in private and "kept private" in private
    professional = make_document(
        f, {"words": {**answer, "consent_to_share": "no"}}, PEOPLE, audience="professional"
    ).body
    assert "daddy shouts" in professional


def test_hidden_unanswered_calculated_and_nested_professional_answers_are_left_out():
    f = form(
        [
            {"id": "seen", "type": "yes_no", "label": "Was Ruby seen?"},
            {
                "id": "why_not",
                "type": "long_text",
                "label": "Why not?",
                "show_if": {"==": [{"var": "seen"}, "no"]},
            },
            {"id": "police", "type": "text", "label": "Police note", "share_with_family": False},
            {
                "id": "echo",
                "type": "calculated",
                "label": "Echo",
                "format": "text",
                "calculation": {"cat": ["N:", {"var": "police"}]},
            },
            {
                "id": "people",
                "type": "repeating_group",
                "label": "Who came",
                "fields": [
                    {"id": "who", "type": "text", "label": "Name"},
                    {
                        "id": "private",
                        "type": "text",
                        "label": "Private",
                        "share_with_family": False,
                    },
                ],
            },
            {"id": "empty", "type": "long_text", "label": "Nothing here"},
            {"id": "friend", "type": "person", "label": "Who helps"},
        ]
    )
    answers = {
        "seen": "yes",
        "why_not": "STALE",
        "police": "PNOTE",
        "echo": None,
        "people": [{"who": "Grandma", "private": "PRIV"}],
        "friend": "2",
    }
    family = make_document(f, answers, PEOPLE, audience="family").body
    professional = make_document(f, answers, PEOPLE, audience="professional").body
    for word in ("STALE", "PNOTE", "PRIV", "Nothing here"):
        assert word not in family
    assert "STALE" not in professional and "PNOTE" in professional and "PRIV" in professional
    assert "N:PNOTE" in professional and "Echo" not in family
    assert "Grandma" in family and "Amy Lane (Parent)" in family


def test_the_allow_list_keeps_structure_and_drops_code_links_and_urls():
    dirty = (
        '<h2 onclick="x()">Hi</h2><script>alert(1)</script><style>p{}</style>'
        '<p style="background:url(http://x)">a &amp; b</p><a href="http://x">go</a>'
        '<svg viewBox="0 0 1 1"><image href="http://x"/><circle cx="1" fill="url(http://x)"/></svg>'
        "<iframe src=x>inner</iframe><p>unclosed"
    )
    assert clean_html(dirty) == (
        "<h2>Hi</h2><p>a &amp; b</p>go"
        '<svg viewBox="0 0 1 1"><circle cx="1"></circle></svg><p>unclosed</p>'
    )


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (and object streams) inflated."""
    out = [pdf]
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(raw))
    return b"\n".join(out)


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
def test_pdfs_fetch_nothing_and_are_titled_tagged_in_english(engine, tmp_path):
    with pytest.raises(FetchRefused):
        refuse_every_url("file:///etc/passwd")
    f = form([{"id": "note", "type": "long_text", "label": "What happened"}])
    doc = make_document(f, {"note": "A calm visit."}, PEOPLE, audience="family")
    html = doc.html.replace(
        "</body>", '<img src="file:///etc/hostname"><p>x</p></body>'
    )  # even markup added after the allow-list cannot make it fetch
    from renderer.documents import pdf_bytes

    pdf = pdf_bytes(html, engine=engine)
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Title:\s+Our meeting$", info, re.M)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(rb"/Lang\s*\(en-GB\)", pdf_objects(pdf))
    # A4: WeasyPrint writes 595.28 x 841.89 pt, Chromium 594.96 x 841.92.
    assert re.search(r"^Page size:\s+59[45].* x 841.* pts \(A4\)", info, re.M)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "A calm visit." in text and "Page 1 of 1" in text


def test_print_stylesheet_is_a4_and_inlined_in_the_standalone_page():
    f = form([{"id": "note", "type": "long_text", "label": "What happened"}])
    doc = make_document(f, {"note": "x"}, PEOPLE, audience="professional")
    assert "size: A4" in doc.html and '<html lang="en-GB">' in doc.html
    assert "<title>Our meeting (professional version)</title>" in doc.html
    assert "Professional version: not for the family" in doc.body
