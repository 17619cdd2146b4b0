"""The bench's report, as Markdown for people and JSON for comparing runs."""

import json
from pathlib import Path

from .run import PageResult


def verdict(result: PageResult) -> str:
    if result.status != 200:
        return f"not measured: answered {result.status}"
    if result.target_met:
        return "met"
    missed = result.measured_for_target - result.target.ms
    return f"{result.target.statistic} missed by {missed:.1f} ms"


def markdown(results: list[PageResult], about: dict) -> str:
    met = sum(1 for result in results if result.target_met)
    lines = [
        f"# make bench: public pages at {about['scale']}",
        "",
        f"Run {about['when']} on {about['machine']}; database: {about['database']}; "
        f"data: {about['data']}; {about['runs']} timed runs of each page after 2 warm-up runs.",
        "",
        "Each page is timed whole through Django's test client (routing, middleware, queries, "
        "templates; no network), beside its **floor**: the same bytes returned by a view that "
        "does no work, through the same middleware, in the same run. The ratio is the page's "
        "median over the floor's. Peak memory is what Python allocated at once for one request "
        "(tracemalloc).",
        "",
        f"Target (issue 14, {results[0].target.label if results else 'none'}). "
        f"**{met} of {len(results)} met.** Why each target missed here is missed, and what would "
        "close the gap: `docs/scaling.md`.",
        "",
        "| page | median ms | p95 ms | floor median ms | ratio | queries | HTML KB "
        "| peak MB | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        lines.append(
            f"| {result.name} (`{result.path}`) | {result.median_ms:.2f} | {result.p95_ms:.2f} "
            f"| {result.floor_median_ms:.2f} | {result.ratio_to_floor:.1f} | {result.queries} "
            f"| {result.html_kb:.1f} | {result.peak_python_mb:.1f} | {verdict(result)} |"
        )
    if about.get("import"):
        lines += ["", *import_lines(about["import"])]
    if about.get("export"):
        lines += ["", *export_lines(about["export"])]
    if about.get("surge"):
        lines += ["", *surge_lines(about["surge"])]
    if about.get("not_measured"):
        lines += ["", "Not measured in this run:", ""]
        lines += [f"- {item}" for item in about["not_measured"]]
    return "\n".join(lines) + "\n"


def import_lines(result: dict) -> list[str]:
    verdict_text = (
        "met"
        if result["target_met"]
        else f"missed: {result['ratio_to_floor']:.2f} of the floor's rate, not 0.25"
    )
    return [
        "## Importing a 360Giving file",
        "",
        f"{result['grants']:,} synthetic grants ({result['file_mb']} MB of JSON) imported with "
        "`manage.py import_360giving` (store, read, check against the schema, code lists and "
        "quality checks, import, index for the search), beside the floor: parsing the same file "
        "and inserting the same columns in one transaction.",
        "",
        "| | seconds | grants a second | peak memory MB |",
        "| --- | ---: | ---: | ---: |",
        f"| the command, whole | {result['seconds']} | {result['grants_per_second']:,} "
        f"| {result['peak_mb']} |",
        f"| of which starting Django (`manage.py check`) | {result['startup_seconds']} | | |",
        f"| the floor | {result['floor_seconds']} | {result['floor_grants_per_second']:,} | |",
        "",
        f"Target (issue 14): at least a quarter of the floor's rate: **{verdict_text}**.",
    ]


def export_lines(result: dict) -> list[str]:
    verdict_text = (
        "met"
        if result["target_met"]
        else f"missed: {result['ratio_to_floor']:.2f} of the floor's rate, not 0.25"
    )
    after_startup = (
        "too little work to tell it from starting Django"
        if result["ratio_after_startup"] is None
        else f"{result['ratio_after_startup']:.2f} of it without starting Django"
    )
    return [
        "## Exporting the programme's grants (360Giving)",
        "",
        f"{result['grants']:,} grants ({result['json_mb']} MB of JSON) published with "
        "`manage.py publish_open_data` (write the JSON package one grant at a time, check it "
        "against the schema, code lists and quality checks, write the CSV and XLSX grants sheets "
        "from it, store the three files, make the grants search's programme grants the "
        "published ones), beside the floor: reading the same grants' columns in one query and "
        f"writing a package of the same shape with `json.dump` ({result['floor_json_mb']} MB).",
        "",
        "| | seconds | grants a second | peak memory MB |",
        "| --- | ---: | ---: | ---: |",
        f"| the command, whole | {result['seconds']} | {result['grants_per_second']:,} "
        f"| {result['peak_mb']} |",
        f"| of which starting Django (`manage.py check`) | {result['startup_seconds']} | | |",
        f"| the floor (the better of two) | {result['floor_seconds']} "
        f"| {result['floor_grants_per_second']:,} | |",
        "",
        f"Target (issue 14): at least a quarter of the floor's rate: **{verdict_text}** "
        f"({after_startup}). Memory is to stay flat whatever the number of grants: compare the "
        "peak at programme and national scale.",
    ]


def surge_lines(result: dict) -> list[str]:
    verdict_text = "met" if result["target_met"] else "missed"
    return [
        "## The deadline surge",
        "",
        f"{result['bids']} bids submitted in {result['seconds_scheduled']} s (started evenly "
        f"over that time) by {result['clients']} clients at once, against gunicorn with "
        f"{result['workers']} workers, as in production. Each bid's journey is its accountable "
        "officer's: the task list, check your answers, the sign-off page, the submission and "
        "the confirmation (5 requests). The floor: the same journey by one client alone, in the "
        "same run and server.",
        "",
        "| | median ms | p95 ms |",
        "| --- | ---: | ---: |",
        f"| submitting (the POST) | {result['submit_median_ms']:,} | {result['submit_p95_ms']:,} |",
        f"| the whole journey | {result['journey_median_ms']:,} | {result['journey_p95_ms']:,} |",
        f"| the floor: one request, one client alone | {result['floor_request_median_ms']:,} | |",
        f"| the floor: one journey, one client alone | {result['floor_journey_median_ms']:,} | |",
        "",
        f"Submitted: {result['submitted']} of {result['bids']} (lost: {result['lost']}); "
        f'failed requests: {result["failed_requests"]}, of which "database is locked": '
        f"{result['locked']}. The surge took {result['seconds_taken']} s; the web workers used "
        f"{result['cpu_ms_per_request']} ms of CPU a request.",
        "",
        f"Target (issue 14): 0 lost, 0 locked and the journey's p95 under 1 s: **{verdict_text}**.",
    ]


def write(results: list[PageResult], about: dict, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    markdown_file = folder / "report.md"
    json_file = folder / "report.json"
    markdown_file.write_text(markdown(results, about), encoding="utf-8")
    payload = {"about": about, "pages": [result.as_dict() for result in results]}
    json_file.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return markdown_file, json_file
