"""`make bench` (`python -m bench`): set up a database of its own, load the real programme into
it once, time every public page beside its floor, and write `build/bench/report.md` and
`report.json`.

    python -m bench [--runs 30] [--out build/bench]

SQLite at build/bench/programme.sqlite3 unless DATABASE_URL names another database (which it
then fills). Django runs with DEBUG off, as in production.
"""

import argparse
import os
import platform
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent

NOT_BUILT_YET = [
    "National scale (1,000,000 other funders' grants from 300 funders, 10,000 projects, 100,000 "
    "bids): the synthetic data builder is not built yet (`--national` says so and stops).",
    "Importing and exporting 360Giving files, and the deadline surge of 500 bids: not built yet.",
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each page")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--national", action="store_true", help="national scale (not built yet)")
    options = parser.parse_args(argv)
    if options.national:
        print("National scale is not built yet: see the list in bench/__main__.py.")
        return 2
    options.out.mkdir(parents=True, exist_ok=True)
    _configure(options.out)

    import django  # after _configure: settings come from the environment it sets

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.pages import public_pages
    from bench.report import write
    from bench.run import measure_pages
    from innovation_fund.grants.models import Project

    call_command("migrate", verbosity=0)
    if not Project.objects.exists():
        print("Loading the real programme into the bench database (once)...")
        call_command("load_demo_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    pages = public_pages()
    print(f"Timing {len(pages)} pages, {options.runs} runs each, beside their floors...")
    results = measure_pages(pages, runs=options.runs)
    about = {
        "when": datetime.now(ZoneInfo("Europe/London")).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "database": f"{connection.vendor} ({connection.settings_dict['NAME']})",
        "data": f"the real programme as `make run` loads it ({Project.objects.count()} projects)",
        "runs": options.runs,
        "not_measured": NOT_BUILT_YET,
    }
    markdown_file, json_file = write(results, about, options.out)
    print(markdown_file.read_text(encoding="utf-8"))
    print(f"Written: {markdown_file} and {json_file}")
    return 0


def _configure(out: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    # Its development secret key and plain static files; emails go nowhere.
    os.environ.setdefault("DJANGO_TESTING", "1")
    os.environ.setdefault("SQLITE_PATH", str(out / "programme.sqlite3"))
    sys.path.insert(0, str(ROOT))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
