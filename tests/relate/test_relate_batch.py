"""Whole-collection passes in worker processes give what one process gives, in row order."""

from gazzetta.relate import batch
from gazzetta.relate.features import build_features

ROWS = [(number, "en", f"Harbour strike day {number}", "Dockers in Hamburg stopped work.",
         f"The strike at the Hamburg harbour entered day {number}. Unions met the port.", ["labour"],
         1_700_000_000 + number * 3600) for number in range(1, 601)]


def test_features_from_worker_processes_match_one_process_and_keep_row_order():
    alone = list(batch.features_all(ROWS, workers=1))
    forked = list(batch.features_all(ROWS, workers=3))
    assert [article_id for article_id, _ in forked] == [row[0] for row in ROWS]
    assert forked == alone
    assert alone[0][1] == build_features(*ROWS[0][1:]).to_dict()
