"""Pins what `match_gold` hands to the scorer and the listing: pairs, row positions, leftovers.

The matching rules themselves (actors, classes, scope, contention) are pinned through `score`
in test_scoring.py; here, the shape of the matching both readers share.
"""

from pipeline.evaluation.matching import GoldKey, PredictionKey, match_gold, url_key
from pipeline.evaluation.predictions import PredictedEvent
from schemas.gold import GoldArticle, GoldEvent


def gold(source: str, target: str | None, root: str, plover: str) -> GoldEvent:
    return GoldEvent(source=source, target=target, cameo_root=root, plover=plover)


def row(file: str, source: str, target: str | None, root: str, plover: str) -> PredictedEvent:
    return PredictedEvent(
        source_file=file,
        source_country=source,
        target_country=target,
        cameo_root=root,
        plover_type=plover,
    )


def test_pairs_follow_gold_order_and_positions_point_into_the_input() -> None:
    articles = [
        GoldArticle(
            file="a.txt",
            published="2031-03-02",
            events=[gold("NOR", "CHL", "03", "AGREE"), gold("CHL", "NOR", "11", "ACCUSE")],
        )
    ]
    rows = [
        row("other.txt", "NOR", "CHL", "03", "AGREE"),  # no gold line: ignored
        row("batch/a.txt", "NOR", "CHL", "03", "AGREE"),
        row("a.txt", "PER", "CHL", "13", "THREATEN"),
        row("a.txt", "NOR", "CHL", "03", "AGREE"),  # a second mention of the first tuple
        row("a.txt", "NOR", "NOR", "04", "CONSULT"),  # domestic: out of scope
    ]
    matching = match_gold(articles, rows)
    [match] = matching.articles
    agree = PredictionKey("NOR", None, "CHL", None, "03", "AGREE")
    threaten = PredictionKey("PER", None, "CHL", None, "13", "THREATEN")
    domestic = PredictionKey("NOR", None, "NOR", None, "04", "CONSULT")
    assert match.pairs == (
        (GoldKey("NOR", "CHL", "03", "AGREE"), agree),
        (GoldKey("CHL", "NOR", "11", "ACCUSE"), None),
    )
    assert match.positions[agree] == (1, 3)
    assert match.rows[agree] == (rows[1], rows[3])
    assert match.matched == ((GoldKey("NOR", "CHL", "03", "AGREE"), agree),)
    assert match.missed == (GoldKey("CHL", "NOR", "11", "ACCUSE"),)
    assert match.spurious == (threaten,)
    assert match.uncounted == (domestic,)
    assert matching.ignored == {"other.txt": 1}
    assert matching.kind == "real-news"


def test_a_repeated_gold_triple_is_one_key_and_counted_as_a_repeat() -> None:
    article = GoldArticle(
        file="a.txt",
        published="2031-03-02",
        # Same source, target and root: one gold event for the score, whatever the code.
        events=[gold("NOR", "CHL", "03", "AGREE"), gold("NOR", "CHL", "03", "AGREE")],
    )
    [match] = match_gold([article], []).articles
    key = GoldKey("NOR", "CHL", "03", "AGREE")
    assert list(match.gold) == [key]
    assert match.repeats == {key: 1}


def test_predictions_find_their_gold_article_through_source_url() -> None:
    articles = [
        GoldArticle(
            file="2024-05-02_accord.txt",
            published="2024-05-02",
            source_url="https://www.example.org/news/accord/",
            events=[gold("NOR", "CHL", "03", "AGREE")],
        ),
        GoldArticle(
            file="b.txt", published="2024-05-02", events=[gold("PER", "MEX", "11", "ACCUSE")]
        ),
    ]
    from_dump = PredictedEvent(
        source_file="dump.jsonl:17",
        # The dump keeps the http:// address, without www. or the final slash.
        source_url="http://example.org/news/accord",
        source_country="NOR",
        target_country="CHL",
        cameo_root="03",
        plover_type="AGREE",
    )
    unknown = PredictedEvent(source_file="dump.jsonl:18", source_url="https://elsewhere.org/x")
    matching = match_gold(
        articles, [from_dump, row("b.txt", "PER", "MEX", "11", "ACCUSE"), unknown]
    )
    accord, other = matching.articles
    assert accord.matched == ((GoldKey("NOR", "CHL", "03", "AGREE"), accord.counted[0]),)
    assert len(other.matched) == 1  # files still match by name
    assert matching.ignored == {"dump.jsonl:18": 1}


def test_url_keys_ignore_scheme_www_fragment_and_final_slash() -> None:
    key = url_key("https://www.example.org/a/b/?id=3#top")
    assert key == url_key("http://example.org/a/b?id=3")
    assert key == "example.org/a/b?id=3"
    assert url_key("http://example.org/a/b?id=4") != key
