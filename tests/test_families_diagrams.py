"""`choreo-erl diagram` draws a role family as one lifeline (design section 8): a loop
"for each member" for `for`, a note on broadcasts and gathers, and a lifeline for a
family started for a call."""

from __future__ import annotations

from typer.testing import CliRunner

from choreo_erl.main import app
from tests.support.examples import FAMILIES


def diagram(stem: str, fmt: str = "mermaid") -> str:
    result = CliRunner().invoke(app, ["diagram", "--format", fmt, str(FAMILIES / f"{stem}.chor")])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_family_is_one_lifeline_and_a_for_is_a_loop_for_each_member():
    text = diagram("sum_squares")
    assert "participant Workers as Workers[]" in text
    assert text.count("participant") == 2
    assert "loop for W[I] in Workers: for each member\n        Master->>Workers: X" in text
    assert "Workers->>Master: Squares\n    Note over Workers: from each member, in member " \
           "order" in text


def test_broadcast_and_member_start_parameters():
    text = diagram("sealed_bid")
    assert "participant Bidders as Bidders[](Max)" in text
    assert "Auctioneer->>Bidders: L\n    Note over Bidders: to each member" in text
    # Inside the loop the member B is drawn on the family's lifeline.
    assert "Auctioneer->>Bidders: won" in text and "->>B:" not in text


def test_a_new_family_gets_a_lifeline_and_a_note_of_who_starts_it():
    text = diagram("count_words", "plantuml")
    assert 'participant "Workers[]" as Workers' in text
    assert "note over Master, Workers : Master starts new Workers[] for word_count" in text
    assert "loop for W[I] in Workers: for each member" in text


def test_a_call_inside_a_for_is_not_taken_for_the_entry_point(tmp_path):
    path = tmp_path / "fam.chor"
    path.write_text("""
choreography top(A, Ws[]) {
    for W in Ws { one(A, W); }
}
choreography one(M, F) { M.hi ~> F.H; }
""")
    result = CliRunner().invoke(app, ["diagram", str(path)])
    assert result.exit_code == 0, result.output
    assert "title top" in result.stdout
    assert "loop for W in Ws: for each member" in result.stdout
