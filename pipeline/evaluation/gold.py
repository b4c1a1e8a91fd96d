"""Reading gold annotation files (`gold.jsonl`) into validated `GoldArticle` records."""

from pathlib import Path

from pydantic import ValidationError

from schemas.gold import GoldArticle


def read_gold(path: Path) -> list[GoldArticle]:
    """Read a gold file: one JSON object per line, one line per raw article.

    Args:
        path: The `gold.jsonl` file.

    Returns:
        The articles in file order; blank lines are skipped.

    Raises:
        FileNotFoundError: If `path` does not exist.
        ValueError: If a line is not valid JSON or does not fit the gold format; the message
            names the file and the 1-based line number.
    """
    articles: list[GoldArticle] = []
    with path.open(encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                articles.append(GoldArticle.model_validate_json(line))
            except ValidationError as exc:
                # A bare pydantic error says what is wrong but not where in a 300-line file.
                raise ValueError(
                    f"{path}: line {line_number}: malformed gold record: {exc}"
                ) from exc
    return articles
