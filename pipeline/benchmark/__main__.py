"""`python -m pipeline.benchmark`: the throughput benchmark (see pipeline.benchmark.runner)."""

import sys

from pipeline.benchmark.runner import main

sys.exit(main())
