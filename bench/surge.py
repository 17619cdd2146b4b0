"""The deadline surge: hundreds of bids submitted in the last minute before a round closes, served
by gunicorn as in production, beside the floor of one client alone.

What is built (every row labelled "not real"): a round that is open now, in a programme of the
bench's own, and for each bid an organisation, its accountable officer (signed in already: the
surge is not about email links) and a draft bid with every section answered, of a typical size
(3 partners, 4 places, 3 outcomes, 6 budget lines; no documents). The bench's database is used;
each run makes a new round, so earlier runs' bids stay submitted and out of the way.

What is measured: each bid's whole journey as its officer's browser makes it (the task list,
check your answers, the sign-off page, the submission, the confirmation), started on a schedule
that spreads the bids evenly over the surge's seconds, by `clients` threads at once. Then: how
many bids the database holds as submitted (none may be lost), how many requests failed and how
many of those failures were "database is locked", the submission's and the journey's median and
p95, and the CPU the web workers used per request (from /proc, so it is the server's own).

The floor, in the same run and the same server: the same journey for a few bids, one client at
a time, with nothing else running.
"""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

import requests
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import Client
from django.utils import timezone

from innovation_fund.applications.models import (
    Application,
    ApplicationOutcome,
    ApplicationPartner,
    ApplicationPlace,
    BudgetLine,
    CostHeading,
)
from innovation_fund.applications.services import unfinished_sections
from innovation_fund.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationType,
)
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import FocusArea, Outcome, Programme, Round

from .measure import nearest_rank

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 1_000  # issue 14: the whole journey's p95 under a second, 0 lost, 0 locked
FLOOR_BIDS = 10
PARTNERS, PLACES, OUTCOMES_CHOSEN = 3, 4, 3
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOCKED = "database is locked"
TASK_LIST_SECTIONS = (
    "about",
    "partners",
    "places",
    "innovation",
    "outcomes",
    "budget",
    "evaluation",
    "documents",
    "declarations",
)


@dataclass(frozen=True)
class SurgeResult:
    bids: int
    clients: int
    workers: int
    seconds_scheduled: int
    seconds_taken: float
    submitted: int
    lost: int
    failed_requests: int
    locked: int
    requests: int
    submit_median_ms: float
    submit_p95_ms: float
    journey_median_ms: float
    journey_p95_ms: float
    cpu_ms_per_request: float
    floor_request_median_ms: float
    floor_journey_median_ms: float

    @property
    def target_met(self) -> bool:
        return (
            self.lost == 0
            and self.locked == 0
            and self.failed_requests == 0
            and self.journey_p95_ms < TARGET_P95_MS
        )

    def as_dict(self) -> dict:
        return {**asdict(self), "target_met": self.target_met}


@dataclass
class Journey:
    reference: str
    session_key: str
    request_ms: list[float]
    submit_ms: float = 0.0
    whole_ms: float = 0.0
    failures: int = 0
    submitted: bool = False


def measure_surge(*, bids: int, clients: int, workers: int, seconds: int) -> SurgeResult:
    surge_round = build_surge_round()
    journeys = build_bids(surge_round, bids + FLOOR_BIDS)
    floor, surge = journeys[:FLOOR_BIDS], journeys[FLOOR_BIDS:]
    log_path = ROOT / "build" / "bench" / "surge-gunicorn.log"
    with gunicorn(workers=workers, log_path=log_path) as server:
        for journey in floor:
            run_journey(server.url, journey)
        cpu_before = server.worker_cpu_seconds()
        started = time.perf_counter()
        run_surge(server.url, surge, clients=clients, seconds=seconds)
        taken = time.perf_counter() - started
        cpu_used = server.worker_cpu_seconds() - cpu_before
    locked = log_path.read_text(encoding="utf-8", errors="replace").count(LOCKED)
    submitted = Application.objects.filter(
        round=surge_round,
        reference__in=[journey.reference for journey in surge],
        state=Application.State.SUBMITTED,
    ).count()
    requests_made = sum(len(journey.request_ms) for journey in surge)
    floor_requests = [ms for journey in floor for ms in journey.request_ms]
    return SurgeResult(
        bids=bids,
        clients=clients,
        workers=workers,
        seconds_scheduled=seconds,
        seconds_taken=round(taken, 1),
        submitted=submitted,
        lost=bids - submitted,
        failed_requests=sum(journey.failures for journey in surge),
        locked=locked,
        requests=requests_made,
        submit_median_ms=_median([journey.submit_ms for journey in surge]),
        submit_p95_ms=_p95([journey.submit_ms for journey in surge]),
        journey_median_ms=_median([journey.whole_ms for journey in surge]),
        journey_p95_ms=_p95([journey.whole_ms for journey in surge]),
        cpu_ms_per_request=round(cpu_used * 1000 / max(requests_made, 1), 1),
        floor_request_median_ms=_median(floor_requests),
        floor_journey_median_ms=_median([journey.whole_ms for journey in floor]),
    )


def _median(values: list[float]) -> float:
    return round(nearest_rank(values, 50), 1)


def _p95(values: list[float]) -> float:
    return round(nearest_rank(values, 95), 1)


def build_surge_round() -> Round:
    """A round open now and closing in an hour, in a programme of the bench's own (so the real
    programme's pages and outcome framework are left as they are): made up, and says so."""
    programme, made = Programme.objects.get_or_create(
        slug="bench-surge-programme",
        defaults={
            "name": "Synthetic programme for make bench's deadline surge (not real)",
            "funder_name": "Nobody (not real)",
            "summary": "Made up by make bench to time the deadline surge (not real).",
        },
    )
    if made:
        for number in range(1, OUTCOMES_CHOSEN + 1):
            Outcome.objects.create(
                programme=programme,
                name=f"Synthetic outcome {number} (not real)",
                slug=f"synthetic-outcome-{number}",
                position=number,
                added_at=timezone.now() - timedelta(days=365),
            )
    last = Round.objects.filter(programme=programme).order_by("-number").first()
    number = (last.number if last else 0) + 1
    now = timezone.now()
    surge_round = Round.objects.create(
        programme=programme,
        number=number,
        name=f"Deadline surge {number} (not real)",
        slug=f"bench-surge-{now:%Y%m%d-%H%M%S}",
        round_type=Round.RoundType.OPEN_COMPETITION,
        opens_at=now - timedelta(days=28),
        closes_at=now + timedelta(hours=1),
        budget_pence=1_000_000_000_00,
        minimum_bid_pence=10_000_00,
        maximum_bid_pence=2_000_000_00,
        eligible_organisation_types=[choice.value for choice in OrganisationType],
        funding_starts_on=now.date().replace(month=4, day=1),
        state=Round.State.PUBLISHED,
        is_demonstration=True,  # kept off the public pages the bench times
    )
    FocusArea.objects.create(round=surge_round, name="Synthetic focus area (not real)", slug="a")
    return surge_round


def build_bids(surge_round: Round, count: int) -> list[Journey]:
    """Draft bids with every section answered, each with a signed-in accountable officer."""
    focus_area = surge_round.focus_areas.get()
    outcomes = list(Outcome.objects.filter(programme=surge_round.programme))
    authorities = list(
        LocalAuthority.objects.valid_on(surge_round.closes_at.date()).order_by("pk")[:150]
    )
    User = get_user_model()
    journeys = []
    with transaction.atomic():
        for index in range(count):
            tag = f"{surge_round.number}-{index:04d}"
            organisation = Organisation.objects.create(
                name=f"Synthetic council {tag} (not real)",
                slug=f"bench-surge-org-{tag}",
                organisation_type=OrganisationType.LOCAL_AUTHORITY,
            )
            officer = User.objects.create(
                email=f"officer-{tag}@surge.bench.invalid", full_name=f"Officer {tag} (not real)"
            )
            Membership.objects.create(
                organisation=organisation, user=officer, role=MemberRole.ACCOUNTABLE_OFFICER
            )
            application = Application.objects.create(
                round=surge_round,
                lead_organisation=organisation,
                reference=f"S{tag}-SURGE",
                created_by=officer,
                title=f"Synthetic bid {tag} (not real)",
                summary="What the project will do (not real).",
                focus_area=focus_area,
                innovation_kind=Application.InnovationKind.NEW,
                new_practice_name="A synthetic practice model (not real)",
                innovation_description="How it works (not real).",
                evaluation_plan="An independent evaluation (not real).",
                declares_information_accurate=True,
                declares_no_duplicate_funding=True,
                declares_will_share_data=True,
                declarations_made_by=officer,
                task_versions=dict.fromkeys(TASK_LIST_SECTIONS, 1),
            )
            _answer_the_lists(application, index, authorities, outcomes)
            journeys.append(Journey(application.reference, _signed_in(officer), []))
    for journey in journeys:
        unfinished = unfinished_sections(Application.objects.get(reference=journey.reference))
        if unfinished:
            raise RuntimeError(f"A bench bid is not ready to submit: {unfinished}")
    return journeys


def _answer_the_lists(application, index, authorities, outcomes) -> None:
    """A bid of a typical size: partners, places, outcomes and a budget over two years."""
    ApplicationPartner.objects.bulk_create(
        ApplicationPartner(
            application=application,
            name=f"Synthetic partner {number} (not real)",
            organisation_type=OrganisationType.CHARITY,
            role="Delivers part of the work (not real)",
            position=number,
        )
        for number in range(PARTNERS)
    )
    ApplicationPlace.objects.bulk_create(
        ApplicationPlace(
            application=application, authority=authorities[(index + number) % len(authorities)]
        )
        for number in range(min(PLACES, len(authorities)))
    )
    ApplicationOutcome.objects.bulk_create(
        ApplicationOutcome(
            application=application,
            outcome=outcome,
            measure="Re-referrals (not real)",
            baseline="20%",
            target="15%",
        )
        for outcome in outcomes
    )
    first_year = application.round.funding_starts_on.year
    BudgetLine.objects.bulk_create(
        BudgetLine(
            application=application,
            financial_year=year,
            cost_heading=heading,
            amount_pence=50_000_00,
        )
        for year in (first_year, first_year + 1)
        for heading in (CostHeading.STAFF, CostHeading.TRAINING, CostHeading.EVALUATION)
    )


def _signed_in(user) -> str:
    """A session for `user`, made the way signing in makes one."""
    client = Client()
    client.force_login(user)
    session_key = client.cookies["sessionid"].value
    assert SessionStore(session_key=session_key).exists(session_key)
    return session_key


def run_surge(base_url: str, journeys: list[Journey], *, clients: int, seconds: int) -> None:
    """Start journey i at i × seconds / len(journeys) from now, on whichever client is free."""
    waiting: queue.Queue = queue.Queue()
    start = time.perf_counter()
    for index, journey in enumerate(journeys):
        waiting.put((start + index * seconds / len(journeys), journey))

    def client() -> None:
        while True:
            try:
                due, journey = waiting.get_nowait()
            except queue.Empty:
                return
            time.sleep(max(0.0, due - time.perf_counter()))
            run_journey(base_url, journey)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_journey(base_url: str, journey: Journey) -> None:
    session = requests.Session()
    session.cookies.set("sessionid", journey.session_key)
    bid = f"{base_url}/bids/{journey.reference}"
    started = time.perf_counter()

    def timed(method: str, url: str, **kwargs) -> requests.Response:
        before = time.perf_counter()
        try:
            response = session.request(method, url, allow_redirects=False, timeout=60, **kwargs)
        except requests.RequestException:
            journey.failures += 1
            journey.request_ms.append((time.perf_counter() - before) * 1000)
            return None
        journey.request_ms.append((time.perf_counter() - before) * 1000)
        if response.status_code >= 400:
            journey.failures += 1
        return response

    timed("GET", f"{bid}/")
    timed("GET", f"{bid}/check-your-answers/")
    page = timed("GET", f"{bid}/sign-off-and-submit/")
    token = CSRF_FIELD.search(page.text) if page is not None else None
    if token:
        before = time.perf_counter()
        answer = timed(
            "POST",
            f"{bid}/sign-off-and-submit/",
            data={"csrfmiddlewaretoken": token.group(1), "confirm": "on"},
            headers={"Referer": f"{bid}/sign-off-and-submit/"},
        )
        journey.submit_ms = (time.perf_counter() - before) * 1000
        if answer is not None and answer.status_code == 302:
            timed("GET", f"{bid}/submitted/")
            journey.submitted = True
    else:
        journey.failures += 1
    journey.whole_ms = (time.perf_counter() - started) * 1000


class gunicorn:
    """The service under gunicorn with `workers` sync workers, as the README's production
    instructions run it, on a free port; stopped on leaving the block."""

    def __init__(self, *, workers: int, log_path: Path):
        self.workers = workers
        self.log_path = log_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        environment = {**os.environ, "TASK_BACKEND": "database"}  # emails queued, as live
        self.log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=120",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/", timeout=5)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not start: see {self.log_path}")

    def __exit__(self, *exc_info):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()

    def worker_cpu_seconds(self) -> float:
        """User and system CPU of the master's workers so far, read from /proc."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for child in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            for pid in child.read_text().split():
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except FileNotFoundError:
                    continue
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
