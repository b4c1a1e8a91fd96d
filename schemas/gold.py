"""Pydantic models of the gold annotation format (`gold.jsonl`) the evaluation scores against."""

from pydantic import BaseModel, ConfigDict, Field


class GoldEvent(BaseModel):
    """One hand-coded event of a gold article.

    Two gold formats share this model: real-news gold, coded in CAMEO (`cameo_root`,
    `cameo_code`) with the derived PLOVER type, a `mode` and a dated `event_date`; and PLOVER-only
    gold (the codebook examples), where `cameo_root` is null and only `plover` carries the class.
    Keys this model does not name (sectors, `plover_original`, `location_country`, ...) are
    ignored so that either format, and future annotation fields, parse.

    Attributes:
        source: ISO 3166 alpha-3 code of the acting state, an organisation code (`UN`, `EU`,
            `AU`, `IGO`) or another non-state code (`NGO`, `IMG`, `ISM`). Null when the
            annotator found no codable source; the key itself must be present.
        target: The recipient, coded like `source`; null when it is not a state or organisation.
        cameo_root: Two-digit CAMEO root code, or null on PLOVER-only gold.
        cameo_code: Full CAMEO code (`036`, `0311`), or null.
        plover: PLOVER event type (`AGREE`, `CONSULT`, ...).
        mode: `occurred`, `planned`, `intent` or `denied`; null where the gold has none.
        event_date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, to the precision the text supports.
        date_precision: `year`, `month`, `day` or `unknown`.
        source_actor: The source as named in the text.
        target_actor: The target as named in the text.
        evidence: The sentence (or clause) the event is read from.
        location: Where the act took place, when the text says.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    source: str | None
    target: str | None
    cameo_root: str | None = Field(default=None, pattern=r"^\d{2}$")
    cameo_code: str | None = Field(default=None, pattern=r"^\d{2,4}$")
    plover: str | None = None
    mode: str | None = None
    event_date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    date_precision: str | None = None
    source_actor: str | None = None
    target_actor: str | None = None
    evidence: str | None = None
    location: str | None = None


class GoldArticle(BaseModel):
    """One line of a `gold.jsonl` file: a raw article and its gold events.

    Attributes:
        file: Name of the article in the corpus `raw/` folder; predictions are matched on it.
        published: Publication date as written in the gold (`YYYY-MM-DD`).
        events: The article's gold events, in annotation order (the order matching follows).
        id: Record identifier, where the corpus has one (the PLOVER records do).
        comment: The annotator's note on the article's hard decisions.
        source_url: Where the article was taken from.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    file: str = Field(min_length=1)
    published: str
    events: list[GoldEvent]
    id: str | None = None
    comment: str | None = None
    source_url: str | None = None
