#!/usr/bin/env python3
"""Plan exchange against an independent reader (issue 12, item 5).

Starts a Charter server (the debug build unless CHARTER_BIN names one), builds a small plan with every link type,
lags (one negative), a calendar with holidays and a working Saturday, the three constraint types, progress as of a
status date and a saved baseline, then:
  1. exports it as MSPDI (GET /api/v1/projects/{id}/schedule?format=mspdi) and reads the file with MPXJ
     (PyPI `mpxj`, Java MPXJ through JPype): tasks, outline, WBS, durations, dates, links, constraints, calendar,
     baseline and progress must be what /schedule says;
  2. imports the export (POST /api/v1/projects/import) and checks the new project schedules to the same dates;
  3. imports a CSV plan and checks its schedule;
  4. sends bad files and checks each gets its 4xx.
Exits non-zero on the first mismatch. Needs Java 17+ and `pip install mpxj JPype1` (MPXJ_PYTHON may name a
virtualenv's python that has them; the script re-runs itself under it).

    python3 Tests/exchange/mspdi_check.py
"""
import datetime
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

if os.environ.get("MPXJ_PYTHON") and not os.environ.get("MPXJ_PYTHON_RUNNING"):
    os.environ["MPXJ_PYTHON_RUNNING"] = "1"
    os.execv(os.environ["MPXJ_PYTHON"], [os.environ["MPXJ_PYTHON"]] + sys.argv)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def server():
    binary = os.environ.get("CHARTER_BIN") or os.path.join(
        subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=ROOT, text=True).strip(), "charter")
    tmp = tempfile.mkdtemp()
    db = os.path.join(tmp, "exchange.sqlite")
    subprocess.check_call([binary, "migrate", "--db", db], stdout=subprocess.DEVNULL)
    out = subprocess.check_output([binary, "keys", "create", "--db", db, "--name", "exchange", "--role", "editor"],
                                  text=True)
    key = next(w for w in out.split() if w.startswith("chk_"))
    port = 20000 + os.getpid() % 20000
    env = dict(os.environ, CHARTER_RATE_LIMIT_PER_MINUTE="0")
    proc = subprocess.Popen([binary, "serve", "--port", str(port), "--db", db, "--log-level", "warning"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.05)
    return proc, port, key, tmp


class Client:
    def __init__(self, port, key):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.key = key

    def call(self, method, path, body=None, content_type="application/json", expect=None):
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        self.conn.request(method, path, data, {"Authorization": f"Bearer {self.key}", "Content-Type": content_type})
        r = self.conn.getresponse()
        raw = r.read()
        if expect is not None and r.status != expect:
            fail(f"{method} {path}: expected {expect}, got {r.status} {raw[:400]!r}")
        return r.status, raw

    def json(self, method, path, body=None, expect=200, **kw):
        return json.loads(self.call(method, path, body, expect=expect, **kw)[1])


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def build_plan(c):
    cal = c.json("POST", "/api/v1/calendars", {"name": "Office", "holidays": ["2027-01-06", "2027-01-18"],
                                               "workingDates": ["2027-01-09"]}, expect=201)["id"]
    p = c.json("POST", "/api/v1/projects", {"key": "XCH", "name": "Exchange <&> plan", "plannedStart": "2027-01-04",
                                            "calendar": cal, "statusDate": "2027-01-07"}, expect=201)["id"]

    def pkg(name, parent=None, **extra):
        body = {"project": p, "name": name, **extra}
        if parent:
            body["parent"] = parent
        return c.json("POST", "/api/v1/work-packages", body, expect=201)["id"]

    one = pkg("Phase 1")
    a = pkg("A design", one, durationDays=3, actualStart="2027-01-04", percentComplete=50, remainingDays=2,
            plannedStart="2027-01-04", plannedFinish="2027-01-06")
    b = pkg("B build", one, durationDays=2)
    m = pkg("C review", one, durationDays=0)
    two = pkg("Phase 2")
    d = pkg("D test", two, durationDays=4, constraintType="start_no_earlier_than", constraintDate="2027-01-12")
    e = pkg("E docs", two, durationDays=2, constraintType="finish_no_later_than", constraintDate="2027-01-13")
    f = pkg("F launch", two, durationDays=1, constraintType="must_start_on", constraintDate="2027-01-25")
    g = pkg("G done", two, durationDays=1, actualStart="2027-01-04", actualFinish="2027-01-04")
    for pred, succ, typ, lag in [(a, b, "FS", 1), (a, d, "SS", 2), (b, m, "FS", 0), (b, e, "FF", -1),
                                 (d, f, "SF", 3), (g, f, "FS", 0)]:
        c.json("POST", "/api/v1/dependencies", {"predecessor": pred, "successor": succ, "type": typ, "lagDays": lag},
               expect=201)
    c.json("POST", "/api/v1/baselines", {"project": p, "name": "Approved"}, expect=201)
    # The plan moves after the baseline: B takes a day longer.
    c.json("PATCH", f"/api/v1/work-packages/{b}", {"durationDays": 3})
    return p


def read_with_mpxj(path):
    import jpype
    import mpxj  # noqa: F401  (puts the MPXJ jars on the class path)
    if not jpype.isJVMStarted():
        jpype.startJVM()
    from org.mpxj.reader import UniversalProjectReader
    project = UniversalProjectReader().read(path)
    check(project is not None, "MPXJ read nothing")
    return project


def date(java_datetime):
    return None if java_datetime is None else str(java_datetime.toLocalDate())


def compare_with_mpxj(c, p, xml_path):
    schedule = c.json("GET", f"/api/v1/projects/{p}/schedule")
    wbs = {row["id"]: row for row in c.json("GET", f"/api/v1/projects/{p}/wbs")["items"]}
    items = {i["id"]: i for i in schedule["items"]}
    links = {(l["predecessor"], l["successor"]): l for l in schedule["links"]}
    project = read_with_mpxj(xml_path)
    tasks = [t for t in project.getTasks() if t.getUniqueID() is not None and int(t.getUniqueID()) != 0]
    check(len(tasks) == len(wbs), f"MPXJ reads {len(tasks)} tasks, the plan has {len(wbs)}")
    from org.mpxj import RelationType, ConstraintType, TimeUnit
    types = {RelationType.FINISH_START: "FS", RelationType.START_START: "SS", RelationType.FINISH_FINISH: "FF",
             RelationType.START_FINISH: "SF"}
    constraints = {ConstraintType.START_NO_EARLIER_THAN: "start_no_earlier_than",
                   ConstraintType.FINISH_NO_LATER_THAN: "finish_no_later_than",
                   ConstraintType.MUST_START_ON: "must_start_on"}
    seen_links = 0
    for t in tasks:
        uid = int(t.getUniqueID())
        row = wbs.get(uid)
        check(row is not None, f"MPXJ task UID {uid} is no package")
        check(str(t.getName()) == row["name"], f"task {uid} name {t.getName()} != {row['name']}")
        check(str(t.getWBS()) == row["wbsCode"], f"task {uid} WBS {t.getWBS()} != {row['wbsCode']}")
        check(int(t.getOutlineLevel()) == row["depth"], f"task {uid} outline level {t.getOutlineLevel()} != {row['depth']}")
        check(bool(t.getSummary()) == (uid not in items), f"task {uid} summary flag")
        check(date(t.getStart()) == row["start"], f"task {uid} start {date(t.getStart())} != {row['start']}")
        check(date(t.getFinish()) == row["finish"], f"task {uid} finish {date(t.getFinish())} != {row['finish']}")
        item = items.get(uid)
        if item is None:
            continue
        dur = t.getDuration()
        days = float(dur.convertUnits(TimeUnit.DAYS, project.getProjectProperties()).getDuration())
        check(abs(days - (item["earlyFinish"] - item["earlyStart"])) < 1e-6, f"task {uid} duration {days}")
        check(bool(t.getMilestone()) == (item["earlyFinish"] == item["earlyStart"]), f"task {uid} milestone flag")
        check(date(t.getStart()) == item["earlyStartDate"], f"task {uid} start vs /schedule")
        check(date(t.getFinish()) == item["earlyFinishDate"], f"task {uid} finish vs /schedule")
        check(date(t.getLateStart()) == item["lateStartDate"], f"task {uid} late start")
        check(bool(t.getCritical()) == item["critical"], f"task {uid} critical")
        slack = t.getTotalSlack()
        slack_days = float(slack.convertUnits(TimeUnit.DAYS, project.getProjectProperties()).getDuration())
        check(abs(slack_days - item["totalFloat"]) < 1e-6, f"task {uid} total slack {slack_days} != {item['totalFloat']}")
        constraint = item["dateConstraint"]
        if constraint:
            check(constraints.get(t.getConstraintType()) == constraint["type"], f"task {uid} constraint type")
            check(date(t.getConstraintDate()) == constraint["date"], f"task {uid} constraint date")
        else:
            check(t.getConstraintType() in (None, ConstraintType.AS_SOON_AS_POSSIBLE), f"task {uid} constraint")
        check(date(t.getBaselineStart()) == item["baselineStart"],
              f"task {uid} baseline start {date(t.getBaselineStart())} != {item['baselineStart']}")
        check(date(t.getBaselineFinish()) == item["baselineFinish"], f"task {uid} baseline finish")
        if item["progress"] != "not_started":
            check(t.getActualStart() is not None, f"task {uid} actual start")
        if item["progress"] == "completed":
            check(t.getActualFinish() is not None, f"task {uid} actual finish")
        for rel in t.getPredecessors():
            seen_links += 1
            key = (int(rel.getPredecessorTask().getUniqueID()), uid)
            link = links.get(key)
            check(link is not None, f"MPXJ link {key} is not in the plan")
            check(types[rel.getType()] == link["type"], f"link {key} type {rel.getType()}")
            lag = float(rel.getLag().convertUnits(TimeUnit.DAYS, project.getProjectProperties()).getDuration())
            check(abs(lag - link["lagDays"]) < 1e-6, f"link {key} lag {lag} != {link['lagDays']}")
    check(seen_links == len(links), f"MPXJ reads {seen_links} links, the plan has {len(links)}")
    calendar = project.getDefaultCalendar()
    from java.time import LocalDate
    for day, working in [("2027-01-06", False), ("2027-01-18", False), ("2027-01-09", True), ("2027-01-10", False),
                         ("2027-01-05", True)]:
        check(bool(calendar.isWorkingDate(LocalDate.parse(day))) == working, f"calendar: {day} working={not working}")
    check(str(project.getProjectProperties().getStatusDate().toLocalDate()) == "2027-01-07", "status date")
    return len(tasks), seen_links


def same_schedule(c, p1, p2):
    s1 = c.json("GET", f"/api/v1/projects/{p1}/schedule")
    s2 = c.json("GET", f"/api/v1/projects/{p2}/schedule")
    fields = ["earlyStartDate", "earlyFinishDate", "lateStartDate", "lateFinishDate", "totalFloat", "critical",
              "durationDays", "progress", "name"]
    # An in-progress task's MSPDI Duration is MS Project's (elapsed + remaining): its durationDays comes back as
    # that, and its dates stay the same.
    by_code = lambda s: {i["wbsCode"]: {f: i[f] for f in fields if f != "durationDays" or i["progress"] != "in_progress"}
                         for i in s["items"]}
    check(by_code(s1) == by_code(s2), f"round trip: schedules differ\n{by_code(s1)}\n{by_code(s2)}")
    for f in ["start", "finish", "durationDays", "statusDate"]:
        check(s1[f] == s2[f], f"round trip: {f} {s1[f]} != {s2[f]}")
    check(len(s1["links"]) == len(s2["links"]), "round trip: link count")
    check(s1["nonWorkingDays"] == s2["nonWorkingDays"], "round trip: non-working days")


def main():
    if shutil.which("java") is None:
        fail("no Java runtime (MPXJ needs one)")
    proc, port, key, tmp = server()
    try:
        c = Client(port, key)
        p = build_plan(c)
        status, xml = c.call("GET", f"/api/v1/projects/{p}/schedule?format=mspdi", expect=200)
        path = os.path.join(tmp, "plan.xml")
        open(path, "wb").write(xml)
        tasks, links = compare_with_mpxj(c, p, path)
        print(f"MPXJ read the export: {tasks} tasks, {links} links, calendar, baseline, progress agree with /schedule")

        made = c.json("POST", "/api/v1/projects/import?key=RTRIP", xml, expect=201, content_type="application/xml")
        check(made["workPackages"] == tasks and made["dependencies"] == links, f"import report {made}")
        same_schedule(c, p, made["project"])
        again = c.call("GET", f"/api/v1/projects/{made['project']}/schedule?format=mspdi", expect=200)[1]
        open(path, "wb").write(again)
        compare_with_mpxj(c, made["project"], path)
        print("round trip: export → import → same schedule, and the second export reads the same in MPXJ")

        csv = ("wbsCode,name,durationDays,predecessors\r\n1,Phase,,\r\n1.1,Spec,2,\r\n1.2,Code,3,1.1FS+1\r\n"
               "1.3,Ship,0,1.2;1.1SS\r\n").encode()
        made = c.json("POST", "/api/v1/projects/import?key=CSVP&start=2027-01-04", csv, expect=201,
                      content_type="text/csv")
        s = c.json("GET", f"/api/v1/projects/{made['project']}/schedule")
        got = {i["name"]: (i["earlyStartDate"], i["earlyFinishDate"]) for i in s["items"]}
        # Default calendar (Mon-Fri): Spec Mon 4-Tue 5, one day's lag, Code Thu 7-Mon 11, Ship Tue 12.
        check(got == {"Spec": ("2027-01-04", "2027-01-05"), "Code": ("2027-01-07", "2027-01-11"),
                      "Ship": ("2027-01-12", "2027-01-12")}, f"CSV import schedule {got}")
        print("CSV import: tree, durations and links as written")

        bad = [
            (b"not xml at all", "application/xml", 400),
            (b"<?xml version='1.0'?><Workbook><Sheet/></Workbook>", "application/xml", 422),
            (b"<!DOCTYPE Project [<!ENTITY x 'y'>]><Project><Tasks/></Project>", "application/xml", 400),
            (b"<Project><Tasks><Task><UID>1</UID><OutlineLevel>3</OutlineLevel></Task></Tasks></Project>",
             "application/xml", 422),
            (b"<Project><Tasks><Task><UID>1</UID><Name>x</Name><PredecessorLink><PredecessorUID>9</PredecessorUID>"
             b"</PredecessorLink></Task></Tasks></Project>", "application/xml", 422),
            (b"<Project><Tasks>" + b"<Task><UID>1</UID></Task>" * 10002 + b"</Tasks></Project>", "application/xml",
             422),
            (b"name\r\nx\r\n", "text/csv", 422),
            (b"{}", "application/json", 415),
        ]
        for n, (body, ctype, want) in enumerate(bad):
            status, raw = c.call("POST", f"/api/v1/projects/import?key=BAD{n}", body, content_type=ctype)
            problem = json.loads(raw) if raw else {}
            check(status == want and problem.get("status") == want and problem.get("detail"),
                  f"bad file {n}: expected {want}, got {status} {raw[:300]!r}")
        listed = c.json("GET", "/api/v1/projects?fields=key")["items"]
        check(not any(x["key"].startswith("BAD") for x in listed), "a refused import left a project behind")
        print(f"bad files: {len(bad)} refused with their 4xx, nothing left behind")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print("OK")


if __name__ == "__main__":
    main()
