"""`make bench`: measured speed at council and national scale, against the floors.

Run by `scripts/with-postgres.sh` (which exports DATABASE_URL for a throwaway PostgreSQL
cluster). For each scale this script creates a fresh database in that cluster and runs itself as a
worker process against it: migrate, generate the synthetic service, then measure

- page latency (median and 95th percentile over BENCH_REQUESTS requests through Django's test
  client, signed in) of each page beside the floor page (`web:bench_floor`: the same base
  template, nothing else) requested alternately by the same user, as a ratio;
- SQL queries per page at two caseload sizes 10x apart (an IRO with 10 children and one with 100;
  for the child page, a child with 1 review and one with 10 or more), which must be equal;
- the scorecard for the whole service over the last year beside one hand-written SQL aggregate
  counting reviews in timescale over the same table (the floor);
- 20 simultaneous signed-in users for 30 seconds against gunicorn on 127.0.0.1;
- 903 import speed, from bench/bench_import.py's `run()` when that file exists.

Writes bench/results.json and bench/results.txt and prints the table. Settings (environment):
BENCH_SCALES (default "council,national"), BENCH_COUNCIL_CHILDREN (2000), BENCH_COUNCIL_IROS
(35), BENCH_NATIONAL_CHILDREN (80000), BENCH_NATIONAL_IROS (1500), BENCH_YEARS (5), BENCH_SEED
(2010), BENCH_REQUESTS (50), BENCH_LOAD_USERS (20), BENCH_LOAD_SECONDS (30),
BENCH_DERIVE_COUNCIL (refresh), BENCH_DERIVE_NATIONAL (inline), BENCH_IMPORT (1: run the import
benchmark when present). See docs/performance.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from datetime import UTC, date, datetime, timedelta
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# Scratch files (each worker's answer, gunicorn's log) live outside the checkout.
SCRATCH = Path(os.environ.get("BENCH_SCRATCH") or tempfile.mkdtemp(prefix="iro-bench-"))
SCRATCH.mkdir(parents=True, exist_ok=True)  # a BENCH_SCRATCH that does not exist yet
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from stats import percentile, ratio, summarise_ms  # noqa: E402

TARGET_PAGE_RATIO = {"council": 3.0, "national": 5.0}
TARGET_SCORECARD_RATIO = 10.0  # issue 16: the computation within 10x one aggregate
# A slow page at national scale must not hold the run for hours (BENCH_PAGE_SECONDS).
PAGE_SECONDS_CAP = int(os.environ.get("BENCH_PAGE_SECONDS", "300"))
PAGES = (
    # key, label, URL names to try, who asks
    ("my_children", "My children", ("children:my_children",), "iro"),
    ("reviews_due", "Reviews due", ("children:reviews_due",), "manager"),
    ("child", "A child's page", ("children:detail",), "iro"),
    ("scorecard", "Scorecard", ("reporting:scorecard",), "manager"),
    ("scorecard_monthly", "Monthly scorecard", ("reporting:scorecard_monthly",), "manager"),
    ("annual_report", "Annual report (last full year)", ("reporting:annual_report",), "manager"),
    (
        "drift",
        "Drift and delay (service)",
        ("monitoring:service_drift", "monitoring:drift_service", "monitoring:drift"),
        "manager",
    ),
    ("below_standard", "Below the oversight standard", ("monitoring:standards",), "manager"),
)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def config() -> dict[str, Any]:
    return {
        "scales": [s for s in os.environ.get("BENCH_SCALES", "council,national").split(",") if s],
        "council": {
            "children": env_int("BENCH_COUNCIL_CHILDREN", 2000),
            "iros": env_int("BENCH_COUNCIL_IROS", 35),
            "derive": os.environ.get("BENCH_DERIVE_COUNCIL", "refresh"),
        },
        "national": {
            "children": env_int("BENCH_NATIONAL_CHILDREN", 80000),
            "iros": env_int("BENCH_NATIONAL_IROS", 1500),
            "derive": os.environ.get("BENCH_DERIVE_NATIONAL", "inline"),
        },
        "years": env_int("BENCH_YEARS", 5),
        "seed": env_int("BENCH_SEED", 2010),
        "requests": max(50, env_int("BENCH_REQUESTS", 50)),
        "load_users": env_int("BENCH_LOAD_USERS", 20),
        "load_seconds": env_int("BENCH_LOAD_SECONDS", 30),
        "import": os.environ.get("BENCH_IMPORT", "1") == "1",
    }


# --- The parent: one fresh database per scale ---------------------------------------------------


def database_url_for(base_url: str, name: str) -> str:
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(base_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return database_url_for(base_url, name)


def run_worker(kind: str, database_url: str, secret: str, timeout: int) -> dict[str, Any]:
    out = SCRATCH / f"worker-{kind}.json"
    out.unlink(missing_ok=True)
    env = dict(
        os.environ, DATABASE_URL=database_url, BENCH_SECRET_KEY=secret, BENCH_SCRATCH=str(SCRATCH)
    )
    started = time.perf_counter()
    print(f"== {kind}: starting worker", flush=True)
    try:
        completed = subprocess.run(  # noqa: S603  # nosec B603 - our own script
            [sys.executable, __file__, "--worker", kind, "--out", str(out)],
            env=env,
            timeout=timeout,
            check=False,
        )
        code: int | str = completed.returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    elapsed = round(time.perf_counter() - started, 1)
    if out.exists():
        result: dict[str, Any] = json.loads(out.read_text())
        out.unlink()
    else:
        result = {"status": f"failed (exit {code})"}
    result["wall_seconds"] = elapsed
    return result


def main_parent() -> int:
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        print("Run through `make bench` (needs DATABASE_URL for a PostgreSQL cluster).")
        return 2
    cfg = config()
    secret = secrets.token_urlsafe(40)
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": list(os.getloadavg()),
        },
        "config": cfg,
        "scales": {},
    }
    for scale in cfg["scales"]:
        url = create_database(base_url, f"bench_{scale}")
        results["scales"][scale] = run_worker(scale, url, secret, timeout=3 * 3600)
    if cfg["import"]:
        if (BENCH / "bench_import.py").exists():
            url = create_database(base_url, "bench_import")
            results["import"] = run_worker("import", url, secret, timeout=3600)
        else:
            results["import"] = {"status": "not available (bench/bench_import.py not present)"}
    results["query_counts_across_scales"] = compare_across_scales(results["scales"])
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    (BENCH / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    table = render_table(results)
    (BENCH / "results.txt").write_text(table)
    print(table)
    return 0


def compare_across_scales(scales: dict[str, Any]) -> dict[str, Any]:
    """Pages asked for by a manager see the whole service: compare their counts across scales."""
    found = {
        name: data.get("query_counts", {})
        for name, data in scales.items()
        if "query_counts" in data
    }
    if len(found) < 2:
        return {}
    compared: dict[str, Any] = {}
    names = list(found)
    for key, _label, _urls, _who in PAGES:
        counts = {n: found[n].get(key, {}).get("large") for n in names}
        if all(isinstance(c, int) for c in counts.values()):
            compared[key] = {"counts": counts, "equal": len(set(counts.values())) == 1}
    return compared


# --- The worker: one scale in its own database -------------------------------------------------


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ["SECRET_KEY"] = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    # The pages are measured, not the second factor: bench users are signed in directly.
    os.environ["OTP_REQUIRED"] = "false"
    os.chdir(ROOT)
    import django

    django.setup()


def main_worker(kind: str, out: Path) -> int:
    setup_django()
    from django.core.management import call_command

    result: dict[str, Any] = {"status": "ok"}
    try:
        call_command("migrate", verbosity=0, interactive=False)
        if kind == "import":
            result.update(import_benchmark())
        else:
            call_command("collectstatic", verbosity=0, interactive=False)
            result.update(scale_benchmark(kind, config()))
    except Exception as error:  # report, so the other scales still run
        result["status"] = f"error: {error!r}"
        result["traceback"] = traceback.format_exc()
        print(result["traceback"], file=sys.stderr)
    out.write_text(json.dumps(result, indent=2, default=str))
    return 0


def import_benchmark() -> dict[str, Any]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_import", BENCH / "bench_import.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    run = getattr(module, "run", None)
    if run is None:
        return {"status": "not available (bench/bench_import.py has no run())"}
    value = run()
    return value if isinstance(value, dict) else {"result": value}


def scale_benchmark(scale: str, cfg: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from iro.seeding.synthetic import ServiceShape, generate_service

    shape_cfg = cfg[scale]
    as_of = timezone.localdate()
    shape = ServiceShape(
        children=shape_cfg["children"],
        years=cfg["years"],
        seed=cfg["seed"],
        as_of=as_of,
        iros=shape_cfg["iros"],
        inline=shape_cfg["derive"] == "inline",
    )
    print(f"   generating {shape}", flush=True)
    generated = generate_service(shape, progress=lambda m: print(f"   {m}", flush=True))
    result: dict[str, Any] = {
        "scale": scale,
        "shape": {
            "children_looked_after": shape.children,
            "iros": shape.iro_count,
            "years": shape.years,
            "seed": shape.seed,
            "as_of": as_of.isoformat(),
            "derive": shape_cfg["derive"],
        },
        "generated": {"counts": generated.counts, "seconds": rounded(generated.seconds)},
    }
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result["generated"]["seconds"]["analyze"] = round(time.perf_counter() - started, 1)
    if shape.inline:
        result["schedule_refresh_sample"] = schedule_refresh_sample()

    people = prepare_people(shape)
    result["people"] = {
        "typical_iro_caseload": people["iro_caseload"],
        "child_page_reviews": f"1 vs {people['child_many_reviews_count']}",
    }
    target = TARGET_PAGE_RATIO.get(scale, 5.0)
    steps = (
        ("pages", lambda: measure_pages(people, cfg["requests"], target)),
        ("query_counts", lambda: measure_query_counts(people)),
        ("scorecard", lambda: measure_scorecard(as_of)),
        ("load", lambda: measure_load(people, cfg["load_users"], cfg["load_seconds"])),
    )
    for name, step in steps:
        print(f"   {name}", flush=True)
        started = time.perf_counter()
        result.setdefault("load_average", {})[name] = [round(x, 1) for x in os.getloadavg()]
        try:
            result[name] = step()
        except Exception as error:  # one failed measure must not lose the others
            result[name] = {"status": f"error: {error!r}", "traceback": traceback.format_exc()}
            print(result[name]["traceback"], file=sys.stderr, flush=True)
        result.setdefault("measure_seconds", {})[name] = round(time.perf_counter() - started, 1)
    return result


def rounded(seconds: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 1) for k, v in seconds.items()}


def schedule_refresh_sample() -> dict[str, Any]:
    """Time `schedule_refresh` on 2,000 periods (its batch size) to extrapolate to the service;
    the generator derived the same values inline, so nothing changes but the periods' rows."""
    from django.db import transaction

    from iro.children.models import PeriodOfCare
    from iro.reviews.schedule import schedule_refresh

    total = PeriodOfCare.objects.count()
    ids = list(PeriodOfCare.objects.order_by("pk").values_list("pk", flat=True)[:2000])
    started = time.perf_counter()
    with transaction.atomic():
        schedule_refresh(ids)
    seconds = time.perf_counter() - started
    return {
        "periods": len(ids),
        "seconds": round(seconds, 2),
        "periods_in_service": total,
        "extrapolated_seconds_for_service": round(seconds * total / max(1, len(ids)), 0),
    }


# --- People and pages -----------------------------------------------------------------------


def prepare_people(shape: Any) -> dict[str, Any]:
    """An IRO with a typical caseload, a manager, and two IROs with 10 and 100 children."""
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from iro.accounts.models import User
    from iro.accounts.roles import Role
    from iro.caseloads.models import ReviewingOfficer
    from iro.children.models import Child

    def make_user(username: str, role: Role) -> User:
        user = User.objects.create(
            username=username,
            first_name="Bench",
            last_name=username,
            password="!bench",  # noqa: S106  # nosec B106 - unusable
        )
        user.groups.add(Group.objects.get(name=role.value))
        return user

    manager = make_user("bench-manager", Role.IRO_MANAGER)
    sized: dict[str, Any] = {}
    taken: set[int] = set()
    for label, size in (("small", 10), ("large", 100)):
        user = make_user(f"bench-iro-{label}", Role.IRO)
        iro = ReviewingOfficer.objects.create(
            user=user, name=f"Bench {label}", fte="1.00", start_date=shape.window_start
        )
        ids = list(
            Child.objects.filter(current_period__isnull=False)
            .exclude(pk__in=taken)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        taken.update(ids)
        Child.objects.filter(pk__in=ids).update(iro=iro)
        sized[label] = {"user": user, "iro": iro, "children": len(ids)}

    caseloads = list(
        Child.objects.filter(current_period__isnull=False, iro__isnull=False)
        .exclude(iro__name__startswith="Bench ")
        .values("iro")
        .annotate(n=Count("id"))
        .order_by("n", "iro")
    )
    if caseloads:  # the IRO with the median caseload
        typical_row = caseloads[len(caseloads) // 2]
    else:  # a tiny service: every child went to the two bench IROs
        typical_row = {"iro": sized["large"]["iro"].pk, "n": sized["large"]["children"]}
    typical = ReviewingOfficer.objects.select_related("user").get(pk=typical_row["iro"])

    # A child of the typical IRO with a middling history, and children with 1 and 10+ reviews.
    held = (
        Child.objects.filter(iro=typical, current_period__isnull=False)
        .annotate(n=Count("reviews", filter=_held()))
        .order_by("n", "pk")
    )
    children = list(held.values_list("pk", "n")) or [
        (Child.objects.filter(current_period__isnull=False).values_list("pk", flat=True)[0], 0)
    ]
    typical_child = children[len(children) // 2][0]
    by_reviews = (
        Child.objects.filter(current_period__isnull=False)
        .annotate(n=Count("reviews", filter=_held()))
        .order_by("pk")
    )
    few = by_reviews.filter(n=1).values_list("pk", flat=True).first()
    many_row = by_reviews.filter(n__gte=10).values_list("pk", "n").first()
    if many_row is None:
        many_row = by_reviews.order_by("-n", "pk").values_list("pk", "n").first()
    return {
        "iro": typical.user,
        "iro_caseload": typical_row["n"],
        "manager": manager,
        "child": typical_child,
        "child_few_reviews": few,
        "child_many_reviews": many_row[0] if many_row else None,
        "child_many_reviews_count": many_row[1] if many_row else None,
        "small": sized["small"],
        "large": sized["large"],
        "load_users": list(
            User.objects.filter(reviewing_officer__children__isnull=False)
            .exclude(username__startswith="bench-")
            .distinct()
            .order_by("username")[:200]
        ),
    }


def _held() -> Any:
    from django.db.models import Q

    return Q(reviews__status="held")


def resolve(url_names: tuple[str, ...], child_pk: int | None) -> str | None:
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from iro.reporting.arithmetic import financial_year_containing

    for name in url_names:
        kwargs: dict[str, Any] = {}
        if name == "reporting:annual_report":
            # The last full reporting year, as a manager would open it for the board.
            kwargs = {"year": financial_year_containing(timezone.localdate()) - 1}
        try:
            return reverse(
                name, args=[child_pk] if name == "children:detail" else [], kwargs=kwargs
            )
        except NoReverseMatch:
            continue
    return None


def client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def measure_pages(people: dict[str, Any], requests: int, target: float) -> dict[str, Any]:
    from django.urls import reverse

    floor_url = reverse("web:bench_floor")
    clients = {who: client_for(people[who]) for who in ("iro", "manager")}
    pages: dict[str, Any] = {}
    for key, label, url_names, who in PAGES:
        url = resolve(url_names, people["child"])
        if url is None:
            pages[key] = {"label": label, "status": "not available yet"}
            continue
        try:
            pages[key] = measure_page(clients[who], url, floor_url, label, who, requests, target)
        except Exception as error:  # a broken page is a result, not the end of the run
            pages[key] = {"label": label, "status": f"error: {error!r}"}
        if "page" in pages[key]:
            print(
                f"     {label}: {pages[key]['page']['median_ms']} ms vs floor "
                f"{pages[key]['floor']['median_ms']} ms",
                flush=True,
            )
    return pages


def measure_page(
    client: Any, url: str, floor_url: str, label: str, who: str, requests: int, target: float
) -> dict[str, Any]:
    statuses: set[int] = set()
    for _ in range(3):  # warm up: templates compiled, caches filled
        statuses.add(client.get(url).status_code)
        client.get(floor_url)
    page_times, floor_times = [], []
    give_up_at = time.monotonic() + PAGE_SECONDS_CAP
    for _ in range(requests):
        if time.monotonic() > give_up_at:
            break
        started = time.perf_counter()
        response = client.get(floor_url)
        floor_times.append(time.perf_counter() - started)
        statuses.add(response.status_code)
        started = time.perf_counter()
        response = client.get(url)
        page_times.append(time.perf_counter() - started)
        statuses.add(response.status_code)
    page = summarise_ms(page_times)
    floor = summarise_ms(floor_times)
    page_ratio = ratio(float(page["median_ms"]), float(floor["median_ms"]))
    entry: dict[str, Any] = {
        "label": label,
        "url": url,
        "as": who,
        "page": page,
        "floor": floor,
        "ratio_median": page_ratio,
        "ratio_p95": ratio(float(page["p95_ms"]), float(floor["p95_ms"])),
        "target": target,
        "statuses": sorted(statuses),
    }
    if len(page_times) < requests:
        entry["note"] = f"stopped after {len(page_times)} requests ({PAGE_SECONDS_CAP} s cap)"
    entry["verdict"] = "PASS" if page_ratio is not None and page_ratio <= target else "MISS"
    if statuses != {200}:
        entry["verdict"] = "MISS"
    if entry["verdict"] == "MISS":
        entry["profile"] = profile_request(client, url)
    return entry


def profile_request(client: Any, url: str) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    return top_costs(profiler)


def top_costs(profiler: cProfile.Profile) -> str:
    """Top 10 cumulative among the product's own functions (the framework's wrappers would
    fill the list otherwise), then where the time went: SQL, templates, the rest."""
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("cumulative").print_stats(r"/iro/", 10)
    lines = [line for line in buffer.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    lines = [line.replace(str(ROOT) + "/", "") for line in lines[start:]]
    raw: Any = stats.stats  # type: ignore[attr-defined]
    total = max((entry[3] for entry in raw.values()), default=0.0)

    def cumulative(match: str) -> float:
        return max(
            (entry[3] for (file, _line, name), entry in raw.items() if match in f"{file}:{name}"),
            default=0.0,
        )

    sql = cumulative("django/db/backends/utils.py:_execute_with_wrappers")
    templates = cumulative("django/template/backends/jinja2.py:render")
    lines.append(
        f"total {total * 1000:.0f} ms: SQL {sql * 1000:.0f} ms, templates {templates * 1000:.0f} "
        f"ms (including SQL run from templates), other {max(0.0, total - sql) * 1000:.0f} ms"
    )
    return "\n".join(lines)


def count_queries(client: Any, url: str) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured.captured_queries), response.status_code


def measure_query_counts(people: dict[str, Any]) -> dict[str, Any]:
    """Same page, two sizes 10x apart: the count must not change."""
    counts: dict[str, Any] = {}
    small, large = people["small"], people["large"]
    manager = client_for(people["manager"])
    for key, label, url_names, who in PAGES:
        if key == "child":
            few, many = people["child_few_reviews"], people["child_many_reviews"]
            if few is None or many is None:
                counts[key] = {"label": label, "status": "no suitable children"}
                continue
            url_small, url_large = resolve(url_names, few), resolve(url_names, many)
            if url_small is None or url_large is None:
                counts[key] = {"label": label, "status": "not available yet"}
                continue
            client = manager
            sizes = f"1 vs {people['child_many_reviews_count']} reviews"
            n_small, s_small = count_queries(client, url_small)
            n_large, s_large = count_queries(client, url_large)
        elif who == "iro":
            url = resolve(url_names, None)
            if url is None:
                counts[key] = {"label": label, "status": "not available yet"}
                continue
            sizes = f"{small['children']} vs {large['children']} children"
            n_small, s_small = count_queries(client_for(small["user"]), url)
            n_large, s_large = count_queries(client_for(large["user"]), url)
        else:
            # Service-wide pages: the manager sees the whole service, so compare the scales
            # (see query_counts_across_scales); here, the count at this scale.
            url = resolve(url_names, None)
            if url is None:
                counts[key] = {"label": label, "status": "not available yet"}
                continue
            n_large, s_large = count_queries(manager, url)
            counts[key] = {
                "label": label,
                "sizes": "whole service (compared across scales)",
                "large": n_large,
                "statuses": [s_large],
            }
            continue
        counts[key] = {
            "label": label,
            "sizes": sizes,
            "small": n_small,
            "large": n_large,
            "statuses": sorted({s_small, s_large}),
            "verdict": "PASS" if n_small == n_large else "MISS",
        }
    return counts


# --- Scorecard against its SQL floor --------------------------------------------------------


def measure_scorecard(as_of: date) -> dict[str, Any]:
    from django.db import connection

    from iro.reviews.models import Review

    try:
        from iro.reporting.arithmetic import ReportingPeriod
        from iro.reporting.scorecard import compute_scorecard
    except ImportError:
        return {"status": "not available yet"}
    date_from = as_of - timedelta(days=364)
    period = ReportingPeriod(date_from=date_from, date_to=as_of)
    table = Review._meta.db_table
    sql = (
        "SELECT SUM(CASE WHEN in_timescale THEN 1 ELSE 0 END), COUNT(*) "  # nosec B608
        f'FROM "{table}" WHERE status = %s AND held_on BETWEEN %s AND %s'
    )

    def floor() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, ["held", date_from, as_of])
            return cursor.fetchone()

    def timed(fn: Any, runs: int) -> list[float]:
        out = []
        for _ in range(runs):
            started = time.perf_counter()
            fn()
            out.append(time.perf_counter() - started)
        return out

    started = time.perf_counter()
    computed = compute_scorecard(period)  # warm, and the answer to compare with the floor
    first = time.perf_counter() - started
    # Five timed runs, fewer when one run takes long (national scale).
    scorecard_times = timed(lambda: compute_scorecard(period), 5 if first < 10 else 2)
    floor(), floor()  # warm
    floor_times = timed(floor, 20)
    scorecard = summarise_ms(scorecard_times)
    floor_summary = summarise_ms(floor_times)
    value = ratio(float(scorecard["median_ms"]), float(floor_summary["median_ms"]))
    in_time, held = floor()
    result: dict[str, Any] = {
        "period": [date_from.isoformat(), as_of.isoformat()],
        "scorecard": scorecard,
        "floor": floor_summary,
        "floor_sql": sql,
        "floor_answer": {"reviews_held": held, "in_timescale": in_time},
        "ratio_median": value,
        "target": TARGET_SCORECARD_RATIO,
        "verdict": "PASS" if value is not None and value <= TARGET_SCORECARD_RATIO else "MISS",
    }
    result["scorecard_answer"] = {
        k: computed.get(k) for k in ("reviews_held", "reviews_in_timescale") if k in computed
    }
    if result["verdict"] == "MISS":
        profiler = cProfile.Profile()
        profiler.enable()
        compute_scorecard(period)
        profiler.disable()
        result["profile"] = top_costs(profiler)
        result["queries"] = count_scorecard_queries(period, compute_scorecard)
    return result


def count_scorecard_queries(period: Any, compute: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        compute(period)
    return len(captured.captured_queries)


# --- Concurrent load against gunicorn --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def signed_in_cookie(user: Any) -> str:
    """A session made directly in the session store: no sign-in form, so no throttling."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from iro.accounts.middleware import stamp_sign_in

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    stamp_sign_in(session)  # a session with no sign-in time is expired at once
    session.create()
    return f"sessionid={session.session_key}"


def measure_load(people: dict[str, Any], users: int, seconds: int) -> dict[str, Any]:
    from django.db import connection
    from django.urls import reverse

    from iro.children.models import Child

    paths_iro = [reverse("children:my_children"), reverse("web:bench_floor")]
    manager_paths = [reverse("children:reviews_due")]
    # Each simulated person: an IRO (their list, one of their children, the floor) or, one in
    # five, a manager (reviews due).
    people_paths: list[tuple[str, list[str]]] = []
    iro_users = people["load_users"]
    for index in range(users):
        if index % 5 == 4:
            people_paths.append((signed_in_cookie(people["manager"]), manager_paths))
            continue
        user = iro_users[index % len(iro_users)]
        child = (
            Child.objects.filter(iro__user=user, current_period__isnull=False)
            .values_list("pk", flat=True)
            .first()
        )
        paths = list(paths_iro)
        if child:
            paths.append(reverse("children:detail", args=[child]))
        people_paths.append((signed_in_cookie(user), paths))
    connection.close()

    port = free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        OTP_REQUIRED="false",
    )
    workers = max(2, (os.cpu_count() or 2) + 1)
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    log = open(SCRATCH / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603  # nosec B603
    try:
        if not wait_for(port, "/health", 60):
            return {
                "status": "gunicorn did not start",
                "log": (SCRATCH / "gunicorn.log").read_text(),
            }
        # Warm up first (each gunicorn worker compiles its templates and opens its database
        # connections on its first requests), then measure.
        warm = run_load(port, people_paths, 8, workers)
        result = run_load(port, people_paths, seconds, workers)
        result["warm_up"] = {"seconds": warm["seconds"], "requests": warm["requests"]}
        return result
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def wait_for(port: int, path: str, seconds: int) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def run_load(
    port: int, people_paths: list[tuple[str, list[str]]], seconds: int, workers: int
) -> dict[str, Any]:
    timings: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def person(cookie: str, paths: list[str]) -> None:
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        index = 0
        while time.monotonic() < stop_at:
            path = paths[index % len(paths)]
            index += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                problem = None if response.status == 200 else f"HTTP {response.status} {path}"
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = HTTPConnection("127.0.0.1", port, timeout=30)
            except Exception as error:  # counted, never raised: the test is the count
                elapsed = time.perf_counter() - started
                problem = type(error).__name__
                conn.close()
                conn = HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                timings.append(elapsed)
                if problem:
                    errors[problem] = errors.get(problem, 0) + 1
        conn.close()

    threads = [
        threading.Thread(target=person, args=(cookie, paths), daemon=True)
        for cookie, paths in people_paths
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.perf_counter() - started
    total_errors = sum(errors.values())
    return {
        "users": len(people_paths),
        "seconds": round(elapsed, 1),
        "gunicorn": f"{workers} workers x 4 threads (gthread)",
        "requests": len(timings),
        "throughput_per_second": round(len(timings) / elapsed, 1) if elapsed else None,
        "median_ms": round(percentile(timings, 50) * 1000, 1) if timings else None,
        "p95_ms": round(percentile(timings, 95) * 1000, 1) if timings else None,
        "errors": total_errors,
        "error_kinds": errors,
        "verdict": "PASS" if total_errors == 0 and timings else "MISS",
    }


# --- The readable table ---------------------------------------------------------------------


def render_table(results: dict[str, Any]) -> str:
    lines = [
        f"IRO Oversight benchmark — {results['started_at']} — {results['machine']['cpus']} CPUs, "
        f"load average at start {results['machine']['load_average_at_start'][0]:.1f}",
        "",
    ]
    for scale, data in results["scales"].items():
        lines.append(f"== {scale} ({data.get('status', '?')}, {data.get('wall_seconds')} s)")
        shape = data.get("shape")
        if shape:
            counts = data["generated"]["counts"]
            lines.append(
                f"   {shape['children_looked_after']:,} looked after, {shape['iros']:,} IROs, "
                f"{shape['years']} years as of {shape['as_of']}: {counts.get('children', 0):,} "
                f"children, {counts.get('periods', 0):,} periods, "
                f"{counts.get('episodes', 0):,} episodes, {counts.get('reviews', 0):,} reviews, "
                f"{counts.get('recommendations', 0):,} recommendations"
            )
            gen_seconds = data["generated"]["seconds"]
            lines.append(
                "   generated in "
                + ", ".join(f"{name} {value:g} s" for name, value in gen_seconds.items())
            )
        sample = data.get("schedule_refresh_sample")
        if sample:
            lines.append(
                f"   schedule_refresh: {sample['seconds']} s per {sample['periods']:,} periods "
                f"-> about {sample['extrapolated_seconds_for_service']:,.0f} s for "
                f"{sample['periods_in_service']:,} periods"
            )
        pages = data.get("pages", {})
        if pages:
            lines.append("")
            lines.append(
                f"   {'page':<28}{'median':>9}{'p95':>9}{'floor':>9}{'f.p95':>9}"
                f"{'ratio':>8}{'target':>8}  verdict"
            )
            for entry in pages.values():
                if "page" not in entry:
                    lines.append(f"   {entry['label']:<28}{entry.get('status', '')}")
                    continue
                lines.append(
                    f"   {entry['label']:<28}{entry['page']['median_ms']:>7} ms"
                    f"{entry['page']['p95_ms']:>6} ms{entry['floor']['median_ms']:>6} ms"
                    f"{entry['floor']['p95_ms']:>6} ms{entry['ratio_median']:>7}x"
                    f"{entry['target']:>7}x  {entry['verdict']}"
                    + ("" if entry["statuses"] == [200] else f" (HTTP {entry['statuses']})")
                    + (f" ({entry['note']})" if entry.get("note") else "")
                )
        counts = data.get("query_counts", {})
        if counts:
            lines.append("")
            lines.append("   SQL queries per page")
            for entry in counts.values():
                if "large" not in entry:
                    lines.append(f"   {entry['label']:<28}{entry.get('status', '')}")
                elif "small" in entry:
                    lines.append(
                        f"   {entry['label']:<28}{entry['small']:>4} vs {entry['large']:<4}"
                        f"({entry['sizes']})  {entry['verdict']}"
                    )
                else:
                    lines.append(f"   {entry['label']:<28}{entry['large']:>4}  ({entry['sizes']})")
        card = data.get("scorecard")
        if card:
            lines.append("")
            if "scorecard" in card:
                lines.append(
                    f"   Scorecard (whole service, {card['period'][0]} to {card['period'][1]}): "
                    f"{card['scorecard']['median_ms']} ms vs SQL floor {card['floor']['median_ms']}"
                    f" ms = {card['ratio_median']}x (target {card['target']}x)  {card['verdict']}"
                )
            else:
                lines.append(f"   Scorecard: {card.get('status')}")
        load = data.get("load")
        if load:
            lines.append("")
            if "requests" in load:
                lines.append(
                    f"   Load: {load['users']} users for {load['seconds']} s on gunicorn "
                    f"({load['gunicorn']}): {load['requests']:,} requests, "
                    f"{load['throughput_per_second']}/s, median {load['median_ms']} ms, p95 "
                    f"{load['p95_ms']} ms, {load['errors']} errors  {load['verdict']}"
                )
            else:
                lines.append(f"   Load: {load.get('status')}")
        for entry in pages.values():
            if entry.get("profile"):
                lines += ["", f"   Profile of one request, {entry['label']} (top 10 cumulative):"]
                lines += [f"     {line}" for line in entry["profile"].splitlines()]
        if card and card.get("profile"):
            lines += ["", "   Profile of the scorecard (top 10 cumulative):"]
            lines += [f"     {line}" for line in card["profile"].splitlines()]
        if data.get("traceback"):
            lines += ["", "   " + data["traceback"].replace("\n", "\n   ")]
        lines.append("")
    across = results.get("query_counts_across_scales") or {}
    if across:
        lines.append("== SQL queries for whole-service pages, across scales")
        for key, entry in across.items():
            counts = ", ".join(f"{k} {v}" for k, v in entry["counts"].items())
            lines.append(f"   {key:<28}{counts}  {'PASS' if entry['equal'] else 'MISS'}")
        lines.append("")
    imported = results.get("import")
    if imported:
        lines.append("== 903 import")
        rows = imported.get("result") if isinstance(imported.get("result"), list) else None
        if rows:
            for row in rows:
                if "rows" in row:
                    lines.append(
                        f"   {row['dataset']:<36}{row['rows']:>9,} rows {row['seconds']:>8} s "
                        f"{row['rows_per_second']:>8,} rows/s  peak memory {row['peak_rss_mb']} MB"
                    )
                else:
                    lines.append(f"   {row.get('dataset')}: {row.get('status')}")
        else:
            lines.append("   " + json.dumps(imported, default=str)[:2000])
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help="internal: run one scale in this process")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.worker:
        return main_worker(args.worker, args.out)
    return main_parent()


if __name__ == "__main__":
    sys.exit(main())
