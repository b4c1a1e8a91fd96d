"""The throughput benchmark of issue 5: a synthetic news corpus and the run that times it."""
