"""A program as a REFI-QDA project (.qdpx) and back: valid against the standard's schema,
positions exact, and export → import → export giving the same codes and selections."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from winloss.accounts.roles import Role
from winloss.coding import services
from winloss.coding.imported_interviews import PastNote
from winloss.coding.models import CodedExcerpt, Theme
from winloss.coding.qdpx.layout import parse, render
from winloss.coding.qdpx.reading import ProjectImportFailed, import_project
from winloss.coding.qdpx.writing import (
    ProjectNote,
    export_project,
    gather,
    guid,
    project_file,
)
from winloss.coding.queries import codebook_for
from winloss.deals.models import Outcome
from winloss.interviews.models import Interview, Transcript, TranscriptTurn
from winloss.lib.errors import ImportFailed
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.programs.models import Program
from winloss.testing import make_competitor, make_interview
from winloss.testing.planting import lost, plant, won

NS = {"q": "urn:QDA-XML:project:1.0"}
SCHEMA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "refi-qda" / "Project.xsd"
QUOTE = "Their quote came in thirty percent lower than yours for the same scope."
SSO = "Your rep told us it supported SSO, it did not."


@pytest.fixture
def coded(program, analyst):
    """A program like the demo's: interviews with notes under the guide's questions and a
    general one, one with a transcript (named speakers, an unnamed one, a turn of two lines),
    a deal heard from two people, competitors named, and an interview not yet validated."""
    workspace = program.workspace
    rival = make_competitor(workspace, name="Vector Solutions")
    themes = {t.slug: t for t in codebook_for(workspace)}
    heard = make_interview(program, [QUOTE, ("fact", SSO)], respondent_role="evaluator")
    record_consent(
        begin_appointment(heard.entry),
        ConsentAnswers(True, True, True, "anonymous"),
        given_by="Dana Buyer",
    )
    heard.appointment = heard.entry.appointments.get()
    heard.save(update_fields=["appointment"])
    transcript = Transcript.objects.create(
        interview=heard,
        format="webvtt",
        filename="Call with Dana Buyer.vtt",
        speaker_map={"Ivan Asker": "interviewer", "Dana Buyer": "respondent"},
    )
    for position, (speaker, text) in enumerate(
        [
            ("Ivan Asker", "What decided it?"),
            ("Dana Buyer", "Price, mostly.\nAnd the rollout plan looked thin."),
            ("", "(inaudible)"),
            ("Dana Buyer", "Vector gave us a fixed price."),
        ],
        start=1,
    ):
        TranscriptTurn.objects.create(
            transcript=transcript, position=position, speaker=speaker, text=text
        )
    notes = {n.kind: n for n in heard.notes.all()}
    turns = list(TranscriptTurn.objects.filter(transcript=transcript).order_by("position"))
    codes = [
        (f"note-{notes['quote'].pk}", QUOTE, "thirty percent lower", "pricing_commercial",
         "loss_driver", rival),
        (f"note-{notes['quote'].pk}", QUOTE, "thirty percent lower", "competitive_displacement",
         "loss_driver", None),
        (f"note-{notes['fact'].pk}", SSO, "it supported SSO", "product_fit", "loss_driver", None),
        (f"turn-{turns[1].pk}", turns[1].text, "rollout plan looked thin",
         "implementation_risk", "loss_driver", None),
        (f"turn-{turns[3].pk}", turns[3].text, "fixed price", "pricing_commercial",
         "loss_driver", rival),
    ]  # fmt: skip
    for key, passage, words, slug, direction, competitor in codes:
        start = passage.index(words)
        services.code_excerpt(
            interview=heard, passage_key=key, start=start, end=start + len(words), text=words,
            theme=themes[slug], direction=direction, competitor=competitor, user=analyst,
        )  # fmt: skip
    make_interview(program, ["Not reviewed yet."], validated=False)
    plant(
        program,
        [
            won(codes=[("product_fit", "win_driver")], role="executive_sponsor"),
            lost(
                codes=[("pricing_commercial", "loss_driver", rival)],
                role="evaluator",
                voices=[{"role": "procurement", "codes": [("pricing_commercial", "neutral")]}],
            ),
        ],
    )
    return program


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _root(data: bytes):
    from lxml import etree

    return etree.fromstring(_members(data)["project.qde"])


def _validate(data: bytes) -> None:
    """The project read by pyrefiqda, whose models are generated from the standard's schema
    (an unknown element, a missing required attribute or a mistyped value is refused); and,
    where the published Project.xsd itself is at hand, validated against it."""
    import tempfile

    from pyrefiqda import RefiProject

    # pyrefiqda unpacks the project into ./extracted_qdpx unless told where: a folder of the
    # test's own, so the checkout is never written into.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "project.qdpx"
        path.write_bytes(data)
        RefiProject.load(path, extract_dir=str(Path(folder) / "extracted"))
    if SCHEMA.is_file():
        from lxml import etree

        schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
        document = etree.fromstring(_members(data)["project.qde"])
        assert schema.validate(document), schema.error_log


def _content(data: bytes) -> tuple[list, list]:
    """The project's codes, and each source's text with its selections (positions, code,
    description), in an order that does not depend on ids."""
    root, members = _root(data), _members(data)
    codes = [
        (c.get("guid"), c.get("name"), c.getparent().get("name"))
        for c in root.iterfind(".//q:Code", NS)
    ]
    sources = []
    for source in root.iterfind(".//q:TextSource", NS):
        text = members[f"Sources/{source.get('guid')}.txt"].decode()
        selections = sorted(
            (
                int(s.get("startPosition")),
                int(s.get("endPosition")),
                s.find("q:Coding/q:CodeRef", NS).get("targetGUID"),
                s.findtext("q:Description", namespaces=NS),
            )
            for s in source.iterfind("q:PlainTextSelection", NS)
        )
        sources.append((text, selections))
    return codes, sorted(sources)


def test_the_project_is_valid_against_the_standards_schema(coded):
    _validate(export_project(coded))


def test_each_selection_covers_exactly_the_coded_words(coded):
    data = export_project(coded)
    root, members = _root(data), _members(data)
    sources = root.findall(".//q:TextSource", NS)
    # Validated interviews only: three (one planted deal heard twice) and the one with a
    # transcript; the interview not yet reviewed stays out.
    assert len(sources) == 4
    excerpts = {guid("selection", e.pk): e for e in CodedExcerpt.objects.filter(program=coded)}
    seen = 0
    for source in sources:
        assert source.get("plainTextPath") == f"internal://{source.get('guid')}.txt"
        text = members[f"Sources/{source.get('guid')}.txt"].decode()
        for selection in source.iterfind("q:PlainTextSelection", NS):
            excerpt = excerpts[selection.get("guid")]
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == excerpt.text
            ref = selection.find("q:Coding/q:CodeRef", NS).get("targetGUID")
            assert ref == str(excerpt.theme.guid)
            seen += 1
    assert seen == CodedExcerpt.objects.filter(program=coded).count() == 8


def test_a_source_lays_out_notes_then_the_transcript_with_speakers_named_by_role(coded):
    data = export_project(coded)
    texts = [t.decode() for n, t in _members(data).items() if n.startswith("Sources/")]
    [text] = [t for t in texts if "[Transcript]" in t]
    assert text == (
        "[Verbatim quote · Question 1]\n"
        f"{QUOTE}\n"
        "\n"
        "[Observed fact · Question 2]\n"
        f"{SSO}\n"
        "\n"
        "[Transcript]\n"
        "Interviewer: What decided it?\n"
        "Respondent: Price, mostly.\nAnd the rollout plan looked thin.\n"
        "Unnamed speaker: (inaudible)\n"
        "Respondent: Vector gave us a fixed price.\n"
    )
    assert "Dana" not in text and "Ivan" not in _members(data)["project.qde"].decode()


def test_direction_competitor_and_the_interviews_facts_travel_as_descriptions_and_variables(
    coded,
):
    root = _root(export_project(coded))
    descriptions = {
        s.findtext("q:Description", namespaces=NS)
        for s in root.iterfind(".//q:PlainTextSelection", NS)
    }
    assert "Direction: Loss driver\nCompetitor: Vector Solutions" in descriptions
    assert "Direction: Neutral" in descriptions
    variables = {v.get("guid"): v.get("name") for v in root.iterfind(".//q:Variable", NS)}
    heard = Interview.objects.get(program=coded, transcripts__isnull=False)
    [source] = [
        s for s in root.iterfind(".//q:TextSource", NS) if s.get("guid") == guid("source", heard.pk)
    ]
    values = {
        variables[v.find("q:VariableRef", NS).get("targetGUID")]: v[1].text
        for v in source.iterfind("q:VariableValue", NS)
    }
    assert values["Deal CRM id"] == heard.entry.deal.crm_id
    assert values["Respondent role"] == "Evaluator"
    assert values["Attribution"] == "anonymous"
    assert values["Outcome"] == Outcome(heard.entry.deal.outcome).label
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", values["Interview date"])


def test_exporting_again_gives_the_same_bytes(coded):
    assert export_project(coded) == export_project(coded)


def test_export_import_export_gives_the_same_codes_and_selections(coded, analyst):
    first = export_project(coded)
    result = import_project(
        workspace=coded.workspace,
        source=io.BytesIO(first),
        program_name="Round trip",
        file_name="q3.qdpx",
        user=analyst,
    )
    assert (result.interviews, result.excerpts, result.created_program) == (4, 8, True)
    copy = Program.objects.get(name="Round trip")
    assert Interview.objects.filter(program=copy).count() == 4
    second = export_project(copy)
    assert _content(second) == _content(first)
    imported = Interview.objects.get(program=copy, transcripts__isnull=False)
    assert imported.transcripts.get().speaker_map == {
        "Interviewer": "interviewer",
        "Respondent": "respondent",
    }
    assert imported.validation.comments == "Imported from q3.qdpx"


def test_a_dry_run_counts_and_writes_nothing(coded):
    data = export_project(coded)
    before = Interview.objects.count(), CodedExcerpt.objects.count(), Program.objects.count()
    result = import_project(
        workspace=coded.workspace, source=io.BytesIO(data), program_name="Dry",
        file_name="q3.qdpx", dry_run=True,
    )  # fmt: skip
    assert (result.interviews, result.excerpts) == (4, 8)
    assert "Would import 4 interviews and 8 coded excerpts" in result.summary()
    assert (Interview.objects.count(), CodedExcerpt.objects.count(), Program.objects.count()) == (
        before
    )


def _edited(data: bytes, edit) -> bytes:
    """The project with ``edit`` applied to the text of its project.qde."""
    members = _members(data)
    members["project.qde"] = edit(members["project.qde"].decode()).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _refused(workspace, data: bytes, *, program_name: str = "Copy") -> str:
    before = Interview.objects.count(), CodedExcerpt.objects.count(), Program.objects.count()
    with pytest.raises(ProjectImportFailed) as failed:
        import_project(
            workspace=workspace, source=io.BytesIO(data), program_name=program_name,
            file_name="edited.qdpx",
        )  # fmt: skip
    assert (Interview.objects.count(), CodedExcerpt.objects.count(), Program.objects.count()) == (
        before
    )
    return str(failed.value)


def test_an_unknown_code_is_named_and_nothing_is_imported(coded):
    theme = Theme.objects.get(workspace=coded.workspace, slug="product_fit")
    data = _edited(
        export_project(coded),
        lambda xml: xml.replace(str(theme.guid), "0b6f3f9a-1111-4222-8333-944455556666").replace(
            f'name="{theme.name}"', 'name="Onboarding experience"'
        ),
    )
    message = _refused(coded.workspace, data)
    assert "The code “Onboarding experience” is not in the codebook" in message


def test_a_selection_across_passages_or_out_of_range_is_named(coded):
    data = export_project(coded)
    crossing = _edited(
        data, lambda xml: re.sub(r'startPosition="\d+"', 'startPosition="3"', xml, count=1)
    )
    assert "runs across two passages or into a heading" in _refused(coded.workspace, crossing)
    beyond = _edited(
        data, lambda xml: re.sub(r'endPosition="\d+"', 'endPosition="99999"', xml, count=1)
    )
    assert "is outside the source's" in _refused(coded.workspace, beyond)


def test_a_selection_without_a_direction_says_what_to_write(coded):
    data = _edited(
        export_project(coded), lambda xml: xml.replace("Direction: Neutral", "Maybe later", 1)
    )
    assert "needs a line “Direction: win driver”" in _refused(coded.workspace, data)


def test_a_deal_the_program_already_heard_is_refused_for_its_source(coded):
    message = _refused(coded.workspace, export_project(coded), program_name=coded.name)
    assert "This deal already has an interview in the program." in message
    assert "Source “" in message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"this is not a zip", "it is not a ZIP file"),
        (None, "it has no project.qde"),
        (b"<Project/>", "is not a QDA-XML project"),
        (b"<Project", "is not well-formed XML"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "declares a document type"),
    ],
)
def test_a_file_that_is_no_refi_qda_project_is_refused_in_one_sentence(workspace, content, said):
    data = content or b""
    if content is None or content.startswith(b"<"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("project.qde" if content else "readme.txt", content or b"hello")
        data = buffer.getvalue()
    with pytest.raises(ImportFailed) as failed:
        import_project(
            workspace=workspace, source=io.BytesIO(data), program_name="X", file_name="x.qdpx"
        )
    assert said in str(failed.value)
    assert not Program.objects.filter(name="X").exists()


def test_a_text_not_laid_out_as_winloss_writes_it_is_named(coded):
    data = export_project(coded)
    members = _members(data)
    name = next(n for n in members if n.startswith("Sources/"))
    members[name] = b"Just some words." + members[name]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    message = _refused(coded.workspace, buffer.getvalue())
    assert "does not begin with a heading such as [Verbatim quote]" in message


def test_the_layout_reads_back_what_it_writes_and_gives_each_passages_span():
    passages = [
        PastNote("quote", "Line one.\n\nLine three.\n", "What mattered?"),
        PastNote("interpretation", "[Verbatim quote]\nnot a heading here"),
    ]
    text, spans = render(passages)
    assert [text[a:b] for a, b in spans] == [p.text for p in passages]
    assert parse(text) == passages


def test_notes_are_written_where_the_schema_and_qualcoder_read_them(coded, analyst):
    """Where memos plug in: a note about a theme, with its text as a file of its own."""
    theme = Theme.objects.get(workspace=coded.workspace, slug="pricing_commercial")
    note = ProjectNote(
        guid=guid("memo", 1), name="Price memo", text="Price is a proxy for risk.",
        created=coded.created, author=analyst, about=str(theme.guid),
    )  # fmt: skip
    data = project_file(gather(coded, notes=[note]))
    _validate(data)
    root = _root(data)
    [written] = root.iterfind("q:Notes/q:Note", NS)
    assert written.get("plainTextPath") == f"internal://{note.guid}.txt"
    assert written.get("creationDateTime")
    assert _members(data)[f"Sources/{note.guid}.txt"] == b"Price is a proxy for risk."
    [code] = [c for c in root.iterfind(".//q:Code", NS) if c.get("guid") == str(theme.guid)]
    assert code.find("q:NoteRef", NS).get("targetGUID") == note.guid


def test_the_commands_export_and_import_a_project(coded, tmp_path):
    out = tmp_path / "q3.qdpx"
    printed = io.StringIO()
    call_command(
        "export_qdpx", coded.name, "--workspace", "acme", "--out", str(out), stdout=printed
    )
    assert f"Wrote {out}" in printed.getvalue()
    printed = io.StringIO()
    call_command(
        "import_qdpx", str(out), "--workspace", "acme", "--program", "From QualCoder", "--json",
        stdout=printed,
    )  # fmt: skip
    assert json.loads(printed.getvalue()) == {
        "interviews": 4, "excerpts": 8, "created_program": True, "dry_run": False, "merged": 0,
    }  # fmt: skip
    printed = io.StringIO()
    with pytest.raises(CommandError, match="This deal already has an interview"):
        call_command(
            "import_qdpx", str(out), "--workspace", "acme", "--program", "From QualCoder",
            "--json", stdout=printed,
        )  # fmt: skip
    assert json.loads(printed.getvalue())["problems"]
    with pytest.raises(CommandError, match="There is no program"):
        call_command("export_qdpx", "Nope", "--workspace", "acme", "--out", str(out))


def test_the_download_is_for_the_program_team(coded, people, outsider, client):
    url = f"/w/acme/programs/{coded.pk}/code/export.qdpx"
    client.force_login(people[Role.ANALYST])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.qdpx"')
    assert "project.qde" in _members(response.content)
    client.force_login(people[Role.STAKEHOLDER])
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_codes_are_matched_by_name_when_a_tool_gave_them_new_guids(coded):
    """QualCoder gives codes GUIDs of its own when it exports; the schema allows capitals and
    braces in a GUID."""
    theme = Theme.objects.get(workspace=coded.workspace, slug="pricing_commercial")
    other = Theme.objects.get(workspace=coded.workspace, slug="product_fit")
    data = _edited(
        export_project(coded),
        lambda xml: xml.replace(str(theme.guid), "0B6F3F9A-1111-4222-8333-944455556666").replace(
            str(other.guid), "{" + str(other.guid).upper() + "}"
        ),
    )
    result = import_project(
        workspace=coded.workspace, source=io.BytesIO(data), program_name="Renamed",
        file_name="qualcoder.qdpx",
    )  # fmt: skip
    assert result.excerpts == 8
    copy = Program.objects.get(name="Renamed")
    for moved in (theme, other):
        counts = [
            CodedExcerpt.objects.filter(theme=moved, program=p).count() for p in (copy, coded)
        ]
        assert counts[0] == counts[1] > 0


def test_the_programs_memos_travel_as_notes_about_what_the_project_holds(coded, analyst):
    from winloss.coding.memos.services import write_memo

    heard = Interview.objects.get(program=coded, notes__text=QUOTE)
    pending = Interview.objects.get(program=coded, notes__text="Not reviewed yet.")
    excerpt = CodedExcerpt.objects.filter(interview=heard).order_by("pk").first()
    theme = Theme.objects.get(workspace=coded.workspace, slug="pricing_commercial")
    about = {
        "The wave": {"about": "program"},
        "Price as proxy": {"about": "theme", "theme": theme},
        "Dana's call": {"about": "interview", "interview": heard},
        "This excerpt": {"about": "excerpt", "excerpt": excerpt},
        "Not reviewed": {"about": "interview", "interview": pending},
    }
    memos = {
        title: write_memo(program=coded, title=title, text=f"{title}: words.", user=analyst, **kw)
        for title, kw in about.items()
    }
    data = export_project(coded)
    root = _root(data)
    written = {n.get("name"): n.get("guid") for n in root.iterfind("q:Notes/q:Note", NS)}
    # The unvalidated interview is not in the project, and neither is its memo.
    assert set(written) == {"The wave", "Price as proxy", "Dana's call", "This excerpt"}
    assert _members(data)[f"Sources/{written['Dana' + chr(39) + 's call']}.txt"] == (
        b"Dana's call: words."
    )

    def refs(element) -> set[str]:
        return {r.get("targetGUID") for r in element.iterfind("q:NoteRef", NS)}

    code = next(c for c in root.iterfind(".//q:Code", NS) if c.get("guid") == str(theme.guid))
    assert written["Price as proxy"] in refs(code)
    source = next(
        s
        for s in root.iterfind("q:Sources/q:TextSource", NS)
        if s.get("guid") == guid("source", heard.pk)
    )
    assert written["Dana's call"] in refs(source)
    selection = next(
        s for s in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")
        if s.get("guid") == guid("selection", excerpt.pk)
    )  # fmt: skip
    assert written["This excerpt"] in refs(selection)
    assert memos["The wave"].pk and written["The wave"] == guid("memo", memos["The wave"].pk)
    _validate(data)
