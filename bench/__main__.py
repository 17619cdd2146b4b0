"""`make bench` (`python -m bench`): set up a database of its own, load the real programme into
it once, time every public page beside its floor, and write `build/bench/report.md` and
`report.json`.

    python -m bench [--runs 30] [--out build/bench] [--no-export]
    python -m bench --national [--grants 1000000]

Programme scale is the real programme as `make run` loads it; national scale adds a synthetic
table of other funders' grants (`bench/national.py`), 10,000 synthetic projects with their
grants (`bench/projects.py`) and 100,000 synthetic bids, whose pages are timed signed in as a
programme manager and as an applicant (`bench/bids.py`), every row labelled not real. Each
scale has its own SQLite database in build/bench/ unless DATABASE_URL names one (which it then
fills).
Django runs with DEBUG off, as in production.
"""

import argparse
import os
import platform
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent

NOT_BUILT_YET: list[str] = []
EXPORT_SKIPPED = "Exporting the programme's 360Giving files: skipped in this run (--no-export)."


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each page")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--national", action="store_true", help="add 1,000,000 synthetic grants")
    parser.add_argument("--grants", type=int, default=1_000_000, help="with --national")
    parser.add_argument("--projects", type=int, default=10_000, help="with --national")
    parser.add_argument("--bids", type=int, default=100_000, help="with --national")
    parser.add_argument(
        "--import-grants",
        type=int,
        default=20_000,
        help="grants in the synthetic file whose import is timed (0: none)",
    )
    parser.add_argument(
        "--surge-bids",
        type=int,
        default=500,
        help="bids submitted in the deadline surge, under gunicorn (0: no surge)",
    )
    parser.add_argument(
        "--export",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time publishing the programme's open data beside its floor (--no-export: not)",
    )
    parser.add_argument("--surge-clients", type=int, default=30)
    parser.add_argument("--surge-workers", type=int, default=4, help="gunicorn's workers")
    parser.add_argument("--surge-seconds", type=int, default=60)
    options = parser.parse_args(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    scale = "national" if options.national else "programme"
    _configure(options.out, scale)

    import django  # after _configure: settings come from the environment it sets

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.bids import bid_pages, build_bids
    from bench.exports import measure_export
    from bench.imports import measure_import
    from bench.national import build_other_funders_grants
    from bench.pages import other_funders_pages, public_pages
    from bench.projects import build_project_grants, build_projects
    from bench.report import write
    from bench.run import NATIONAL_SCALE, PROGRAMME_SCALE, measure_pages
    from bench.surge import measure_surge
    from innovation_fund.applications.models import Application
    from innovation_fund.grants.models import Grant, Project
    from innovation_fund.opendata.models import IndexedGrant
    from innovation_fund.otherfunders.models import OtherFunderGrant

    call_command("migrate", verbosity=0)
    if not Project.objects.exists():
        print("Loading the real programme into the bench database (once)...")
        call_command("load_demo_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if not IndexedGrant.objects.filter(source=IndexedGrant.Source.PROGRAMME).exists():
        print("Publishing the programme's open data, which fills the grants search (once)...")
        call_command("publish_open_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    target = PROGRAMME_SCALE
    if options.national:
        print(f"Building {options.projects:,} synthetic projects (once)...")
        build_projects(options.projects)
        print("Giving each synthetic project its grant (once)...")
        if build_project_grants():
            print("Publishing the open data again, so the search holds the new grants (once)...")
            call_command("publish_open_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"Building {options.bids:,} synthetic bids (once)...")
        bid_round = build_bids(options.bids)
        print(f"Building {options.grants:,} synthetic other funders' grants (once)...")
        build_other_funders_grants(options.grants)
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: autovacuum may not have looked at the new rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    pages = public_pages()
    if options.national:
        pages += other_funders_pages()
        target = NATIONAL_SCALE.get(connection.vendor, NATIONAL_SCALE["postgresql"])
    print(f"Timing {len(pages)} pages, {options.runs} runs each, beside their floors...")
    results = measure_pages(pages, runs=options.runs, target=target)
    if options.national:
        manager_pages, manager, applicant_pages, applicant = bid_pages(bid_round)
        print(f"Timing {len(manager_pages) + len(applicant_pages)} pages of bids, signed in...")
        results += measure_pages(manager_pages, runs=options.runs, target=target, client=manager)
        results += measure_pages(
            applicant_pages, runs=options.runs, target=target, client=applicant
        )
    about = {
        "when": datetime.now(ZoneInfo("Europe/London")).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "database": f"{connection.vendor} ({connection.settings_dict['NAME']})",
        "scale": f"{scale} scale",
        "data": f"the real programme as `make run` loads it, with any synthetic projects "
        f"({Project.objects.count():,} projects in all, {Grant.objects.count():,} grants) and "
        f"{OtherFunderGrant.objects.count():,} other funders' grants; "
        f"{Application.objects.count():,} bids",
        "runs": options.runs,
        "not_measured": NOT_BUILT_YET + ([] if options.export else [EXPORT_SKIPPED]),
    }
    if options.import_grants:
        print(f"Timing the import of {options.import_grants:,} grants beside its floor...")
        about["import"] = measure_import(options.out, options.import_grants).as_dict()
    if options.export:
        print("Timing the export of the programme's grants (publish_open_data) beside its floor...")
        about["export"] = measure_export().as_dict()
    if options.surge_bids:
        print(
            f"The deadline surge: {options.surge_bids} bids in {options.surge_seconds} s, "
            f"{options.surge_clients} clients, gunicorn with {options.surge_workers} workers..."
        )
        about["surge"] = measure_surge(
            bids=options.surge_bids,
            clients=options.surge_clients,
            workers=options.surge_workers,
            seconds=options.surge_seconds,
        ).as_dict()
    markdown_file, json_file = write(results, about, options.out)
    print(markdown_file.read_text(encoding="utf-8"))
    print(f"Written: {markdown_file} and {json_file}")
    return 0


def _configure(out: Path, scale: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    # Its development secret key and plain static files; emails go nowhere.
    os.environ.setdefault("DJANGO_TESTING", "1")
    os.environ.setdefault("SQLITE_PATH", str(out / f"{scale}.sqlite3"))
    sys.path.insert(0, str(ROOT))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
