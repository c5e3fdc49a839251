#!/usr/bin/env python3
"""/schedule against an independent scheduler on random networks (issue 12, tests).

The scheduler here is written from the conventions in the README, not from the Swift code: it walks the calendar
day by day (no working-day tables), and finds early and late times by relaxing every link until nothing moves
(Bellman-Ford style) instead of a topological order. Each network has 3-25 leaf packages (some milestones), random
links of all four types with lags from -2 to 3 working days, a calendar with random working weekdays, holidays
and working dates, and date constraints (start no earlier than, finish no later than, must start on) on some
packages. Every package's early/late start and finish dates, total float and critical flag, and the project's
finish must agree.

    python3 Tests/exchange/schedule_compare.py [NETWORKS] [SEED]      (default 60 networks, at most 120 s)
"""
import datetime
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mspdi_check import Client, check, fail, server  # noqa: E402

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Calendar:
    def __init__(self, weekdays, holidays, working):
        self.weekdays = {WEEKDAYS.index(w) for w in weekdays}
        self.holidays = set(holidays)
        self.working = set(working)

    def works(self, day):
        if day in self.working:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays

    def first_on_or_after(self, day):
        while not self.works(day):
            day += datetime.timedelta(days=1)
        return day

    def nth(self, start, n):
        """The civil day of working day n (0 = start, itself a working day); negative n counts backwards."""
        day, step = start, (1 if n >= 0 else -1)
        left = abs(n)
        while left > 0:
            day += datetime.timedelta(days=step)
            if self.works(day):
                left -= 1
        return day

    def index(self, start, day):
        """Working days in [start, day) (negative: minus those in [day, start))."""
        n, d = 0, start
        if day >= start:
            while d < day:
                n += self.works(d)
                d += datetime.timedelta(days=1)
            return n
        while d > day:
            d -= datetime.timedelta(days=1)
            n -= self.works(d)
        return n


def independent(project_start, calendar, tasks, links):
    """tasks: {id: (duration, constraint)}; links: [(pred, succ, type, lag)]. Returns per task
    (es, ef, ls, lf dates as ISO strings, float, critical) and the project finish."""
    start = calendar.first_on_or_after(project_start)
    idx = lambda d: calendar.index(start, d)
    es = {t: 0 for t in tasks}
    for t, (d, c) in tasks.items():
        if c and c[0] in ("start_no_earlier_than", "must_start_on"):
            es[t] = max(es[t], idx(c[1]))
    moved = True
    while moved:
        moved = False
        for p, s, typ, lag in links:
            dp, ds = tasks[p][0], tasks[s][0]
            need = {"FS": es[p] + dp + lag, "SS": es[p] + lag, "FF": es[p] + dp + lag - ds, "SF": es[p] + lag - ds}[typ]
            if need > es[s]:
                es[s], moved = need, True
    end = max(es[t] + tasks[t][0] for t in tasks)
    lf = {t: end for t in tasks}
    for t, (d, c) in tasks.items():
        if c and c[0] == "finish_no_later_than":
            lf[t] = min(lf[t], idx(c[1] + datetime.timedelta(days=1)))
        if c and c[0] == "must_start_on":
            lf[t] = min(lf[t], idx(c[1]) + d)
    moved = True
    while moved:
        moved = False
        for p, s, typ, lag in links:
            dp, ds = tasks[p][0], tasks[s][0]
            ls_s = lf[s] - ds
            bound = {"FS": ls_s - lag, "SS": ls_s - lag + dp, "FF": lf[s] - lag, "SF": lf[s] - lag + dp}[typ]
            if bound < lf[p]:
                lf[p], moved = bound, True
    out = {}
    for t, (d, _) in tasks.items():
        ls = lf[t] - d
        day = lambda n: calendar.nth(start, n).isoformat()
        out[t] = {
            "earlyStartDate": day(es[t]), "earlyFinishDate": day(max(es[t], es[t] + d - 1)),
            "lateStartDate": day(ls), "lateFinishDate": day(max(ls, lf[t] - 1)),
            "totalFloat": ls - es[t], "critical": ls - es[t] <= 0,
        }
    last_milestone = max([es[t] for t, (d, _) in tasks.items() if d == 0], default=0)
    finish = calendar.nth(start, max(0, end - 1, last_milestone)).isoformat()
    return out, finish


def network(c, rng, n):
    base = datetime.date(2027, 1, 1) + datetime.timedelta(days=rng.randrange(0, 60))
    weekdays = rng.choice([WEEKDAYS[:5], WEEKDAYS[:6], ["mon", "tue", "wed", "thu"], WEEKDAYS[1:6]])
    holidays = sorted({base + datetime.timedelta(days=rng.randrange(0, 90)) for _ in range(rng.randrange(0, 8))})
    working = sorted({base + datetime.timedelta(days=rng.randrange(0, 90)) for _ in range(rng.randrange(0, 3))}
                     - set(holidays))
    cal = c.json("POST", "/api/v1/calendars", {"name": f"Random {n}", "workingWeekdays": weekdays,
                                               "holidays": [h.isoformat() for h in holidays],
                                               "workingDates": [w.isoformat() for w in working]}, expect=201)["id"]
    key = "R" + format(n, "X").rjust(3, "0")
    p = c.json("POST", "/api/v1/projects", {"key": key, "name": key, "plannedStart": base.isoformat(),
                                            "calendar": cal}, expect=201)["id"]
    count = rng.randrange(3, 26)
    tasks, ops = {}, []
    specs = []
    for i in range(count):
        d = 0 if rng.random() < 0.1 else rng.randrange(1, 7)
        body = {"project": p, "name": f"T{i}", "durationDays": d}
        constraint = None
        if rng.random() < 0.2:
            kind = rng.choice(["start_no_earlier_than", "finish_no_later_than", "must_start_on"])
            constraint = (kind, base + datetime.timedelta(days=rng.randrange(0, 45)))
            body["constraintType"], body["constraintDate"] = kind, constraint[1].isoformat()
        ops.append({"method": "POST", "path": "/api/v1/work-packages", "body": body})
        specs.append((d, constraint))
    ids = []
    for i in range(0, len(ops), 100):
        result = c.json("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})
        ids += [r["body"]["id"] for r in result["results"]]
    for i, spec in enumerate(specs):
        tasks[ids[i]] = spec
    links, seen, ops = [], set(), []
    for _ in range(rng.randrange(0, 2 * count)):
        a, b = sorted(rng.sample(range(count), 2))  # forward in creation order: never a cycle
        if (a, b) in seen:
            continue
        seen.add((a, b))
        link = (ids[a], ids[b], rng.choice(["FS", "SS", "FF", "SF"]), rng.randrange(-2, 4))
        links.append(link)
        ops.append({"method": "POST", "path": "/api/v1/dependencies",
                    "body": {"predecessor": link[0], "successor": link[1], "type": link[2], "lagDays": link[3]}})
    for i in range(0, len(ops), 100):
        c.json("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})
    return p, base, Calendar(weekdays, holidays, working), tasks, links


def main():
    networks = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    rng = random.Random(seed)
    proc, port, key, tmp = server()
    began = time.monotonic()
    done = 0
    try:
        c = Client(port, key)
        for n in range(networks):
            if time.monotonic() - began > 120:
                break
            p, base, calendar, tasks, links = network(c, rng, n)
            want, finish = independent(base, calendar, tasks, links)
            got = c.json("GET", f"/api/v1/projects/{p}/schedule")
            check(got["finish"] == finish, f"network {n} (seed {seed}): finish {got['finish']} != {finish}")
            for item in got["items"]:
                mine = {k: item[k] for k in want[item["id"]]}
                check(mine == want[item["id"]],
                      f"network {n} (seed {seed}) package {item['id']} {tasks[item['id']]}:\n"
                      f"  /schedule   {mine}\n  independent {want[item['id']]}\n  links {links}")
            stored = c.json("GET", f"/api/v1/projects/{p}")["forecastFinish"]
            check(stored == finish, f"network {n}: forecastFinish {stored} != {finish}")
            done += 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    check(done >= min(networks, 10), f"only {done} networks in the time allowed")
    print(f"OK: {done} random networks agree with the independent scheduler "
          f"({time.monotonic() - began:.1f} s, seed {seed})")


if __name__ == "__main__":
    main()
