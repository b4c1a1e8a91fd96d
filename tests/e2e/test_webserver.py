"""The Dagster webserver serves the code location, and a run launched over GraphQL writes Parquet.

The webserver runs in its own process group with default signal handling and the whole group
is stopped afterwards, so no server outlives the test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pyarrow.dataset as ds
import pytest
from dagster import DagsterRunStatus
from dagster_graphql import DagsterGraphQLClient
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from schemas.records import TABLE_MODELS

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SAMPLES = REPO_ROOT / "data" / "samples" / "raw"
FINISHED = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Webserver:
    client: DagsterGraphQLClient
    url: str


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Webserver]:
    home = tmp_path_factory.mktemp("dagster_home")
    # Launch runs at once: without the daemon a queued run would never start.
    (home / "dagster.yaml").write_text(
        "run_coordinator:\n"
        "  module: dagster._core.run_coordinator\n"
        "  class: DefaultRunCoordinator\n"
    )
    # The whole landing directory is the partition "all"; the sensor would register batches.
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.add_dynamic_partitions("ingest_batches", ["all"])
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dagster_webserver",
            "-m",
            "pipeline.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "DAGSTER_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        client = DagsterGraphQLClient("127.0.0.1", port_number=port, timeout=30)
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the webserver did not start") from None
                time.sleep(0.5)
        yield Webserver(client, f"http://127.0.0.1:{port}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_run_launched_over_graphql_writes_the_tables(webserver: Webserver, tmp_path: Path) -> None:
    run_id = webserver.client.submit_job_execution(
        "__ASSET_JOB",
        tags={"dagster/partition": "all"},
        run_config={
            "resources": {
                "landing": {"config": {"path": str(SAMPLES)}},
                "io_manager": {"config": {"base_dir": str(tmp_path)}},
            }
        },
    )
    deadline = time.monotonic() + 300
    status = webserver.client.get_run_status(run_id)
    while status not in FINISHED and time.monotonic() < deadline:
        time.sleep(1)
        status = webserver.client.get_run_status(run_id)
    assert status == DagsterRunStatus.SUCCESS
    files = sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*.txt"))
    articles = ds.dataset(tmp_path / "articles", partitioning="hive").to_table()
    rejects = ds.dataset(tmp_path / "article_rejects", partitioning="hive").to_table()
    assert sorted(articles["source_file"].to_pylist() + rejects["source_file"].to_pylist()) == files
    events = ds.dataset(tmp_path / "events", partitioning="hive").to_table()
    assert events.num_rows > 0


#: Chromium flags for a sandboxed, offline machine (no background calls to Google's services).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = REPO_ROOT / ".artifacts" / "asset-graph.png"


def expand_all_groups(page: Page, attempts: int = 6) -> None:
    """Alt+E ("Expand all groups"), again until it takes: the UI may still be settling.

    A first-visit community dialog can come up at any moment and swallow the key press.
    """
    for _ in range(attempts):
        skip = page.get_by_role("button", name="Skip")
        if skip.count():
            skip.first.click()
        page.mouse.click(1000, 300)
        page.keyboard.press("Alt+e")
        try:
            page.get_by_text("dyad_day", exact=True).first.wait_for(timeout=5_000)
            return
        except PlaywrightTimeoutError:
            continue


def test_ui_shows_the_asset_graph(webserver: Webserver) -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(f"{webserver.url}/asset-groups", wait_until="networkidle")
            # The lineage view first shows one node per group; wait for them before expanding.
            page.get_by_text("ingest", exact=True).last.wait_for(timeout=60_000)
            expand_all_groups(page)
            for table in TABLE_MODELS:
                page.get_by_text(table, exact=True).first.wait_for(timeout=60_000)
            page.wait_for_timeout(1000)  # let the layout settle before the picture
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
