"""Browser tests of the dashboard (issue 15), against a real Charter server holding the demo portfolio.

Drives Debian's chromium through chromedriver with Selenium. Each view must load with no JavaScript error in the
console and show the numbers the API returns; search as you type must show results; a bad key must show the
problem's detail; axe-core (axe-selenium-python) must find no serious or critical violation. Screenshots of each
view go to --shots. Run through Tests/browser/run.sh, which starts the server and bounds the time.
"""

import argparse
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.request

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--base", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--shots", required=True)
args = parser.parse_args()
BASE = args.base.rstrip("/")
os.makedirs(args.shots, exist_ok=True)


def api(path, key=args.key):
    request = urllib.request.Request(BASE + path, headers={"Accept": "application/json"})
    if key:
        request.add_header("Authorization", "Bearer " + key)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)


def euros(minor):
    """What the page shows for EUR minor units (Intl en-GB): €1,234.56, -€18.00."""
    text = f"€{abs(minor) / 100:,.2f}"
    return "-" + text if minor < 0 else text


def make_driver(width=1280, height=1000, phone=False):
    options = webdriver.ChromeOptions()
    if phone:  # a phone's viewport (a desktop window cannot be made narrower than about 500 px)
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": True}})
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    return driver


driver = make_driver()


def console_errors(allow=()):
    """SEVERE console entries since the last call, except those mentioning an allowed text."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and not any(text in entry["message"] for text in allow)]


def wait_ready(name, timeout=15):
    WebDriverWait(driver, timeout).until(
        lambda d: d.find_element(By.ID, "view").get_attribute("data-ready") in (name, "error"))
    state = driver.find_element(By.ID, "view").get_attribute("data-ready")
    if state != name:
        banner = driver.find_element(By.ID, "error").text
        raise AssertionError(f"view {name} did not load: {state}: {banner}")


def go(fragment, ready):
    """Navigates inside the page (a hash change) and waits until the view says it is ready."""
    driver.execute_script("document.getElementById('view').dataset.ready = 'navigating'; location.hash = arguments[0];",
                          fragment)
    wait_ready(ready)


def open_page(fragment, ready):
    driver.get(f"{BASE}/{fragment}")
    wait_ready(ready)


def shot(name):
    driver.save_screenshot(os.path.join(args.shots, f"{name}.png"))


def axe_check(name):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{name}: axe: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in bad)


def enter_key(key):
    field = driver.find_element(By.ID, "api-key")
    field.clear()
    field.send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "#key-form button[type=submit]").click()


projects = api("/api/v1/projects?sort=key&perPage=100")["items"]
assert len(projects) == 5, f"the demo portfolio has five projects, not {len(projects)}"


def test_portfolio():
    driver.get(BASE + "/")
    wait_ready("needs-key")
    enter_key(args.key)
    wait_ready("portfolio")
    # A fresh load with the key kept: at most three requests for the whole view.
    driver.refresh()
    wait_ready("portfolio")
    requests = driver.execute_script("return window.charterStats.requests")
    assert requests <= 3, f"the portfolio view made {requests} requests"
    rows = driver.find_elements(By.CSS_SELECTOR, "#portfolio tbody tr")
    assert [r.get_attribute("data-key") for r in rows] == [p["key"] for p in projects]
    open_milestones = api("/api/v1/milestones?status=in.(planned,at_risk,missed)&sort=dueDate&perPage=500")["items"]
    for row, project in zip(rows, projects):
        text = row.text
        assert project["name"] in text, text
        assert euros(project["fundingAmount"]) in text, (euros(project["fundingAmount"]), text)
        progress = row.find_element(By.CSS_SELECTOR, "td[data-value]").get_attribute("data-value")
        assert float(progress) == float(project["progress"]), (progress, project["progress"])
        nxt = next((m for m in open_milestones if m["project"] == project["id"]), None)
        if nxt:
            assert nxt["name"] in text and nxt["dueDate"] in text, (nxt, text)
        rag = row.find_element(By.CSS_SELECTOR, "td[data-rag]").get_attribute("data-rag")
        late = project["forecastFinish"] and project["plannedFinish"] and project["forecastFinish"] > project["plannedFinish"]
        expected = "red" if project["overdueMilestones"] else "amber" if project["status"] == "on_hold" or late else "green"
        assert rag == expected, (project["key"], rag, expected)
    assert not console_errors()
    shot("portfolio")
    axe_check("portfolio")


def test_projects():
    for project in projects:
        pid = project["id"]
        go(f"#/projects/{pid}", "project")
        schedule = api(f"/api/v1/projects/{pid}/schedule")
        bars = driver.find_elements(By.CSS_SELECTOR, "svg.gantt g.bar")
        assert len(bars) == len(schedule["items"]), (project["key"], len(bars), len(schedule["items"]))
        shown_critical = {int(b.get_attribute("data-id")) for b in bars if b.get_attribute("data-critical") == "true"}
        api_critical = {i["id"] for i in schedule["items"] if i["critical"]}
        assert shown_critical == api_critical and api_critical, project["key"]
        assert set(schedule["critical"]) == api_critical
        red = driver.find_elements(By.CSS_SELECTOR, "svg.gantt g.bar.critical")
        assert len(red) == len(api_critical)
        with_baseline = [i for i in schedule["items"] if i["baselineStart"]]
        assert len(driver.find_elements(By.CSS_SELECTOR, "svg.gantt rect.baseline")) == len(with_baseline)
        if schedule["nonWorkingDays"]:
            assert driver.find_elements(By.CSS_SELECTOR, "svg.gantt .nonworking rect")
        rows = driver.find_elements(By.CSS_SELECTOR, "#milestones tbody tr")
        assert [int(r.get_attribute("data-id")) for r in rows] == [m["id"] for m in schedule["milestones"]]
        for row, milestone in zip(rows, schedule["milestones"]):
            slip = row.get_attribute("data-slip")
            assert slip == ("" if milestone["slipDays"] is None else str(milestone["slipDays"])), (slip, milestone)
        wbs = api(f"/api/v1/projects/{pid}/wbs")["items"]
        assert len(driver.find_elements(By.CSS_SELECTOR, "#wbs tbody tr")) == len(wbs)
        top = wbs[0]
        cell = driver.find_element(By.CSS_SELECTOR, f"#wbs tr[data-id='{top['id']}'] td[data-value]")
        assert cell.get_attribute("data-value") == str(top["plannedCost"]), "the roll-up shown is the API's"
        deliverables = api(f"/api/v1/deliverables?project=eq.{pid}&perPage=100")["items"]
        assert len(driver.find_elements(By.CSS_SELECTOR, "#deliverables tbody tr")) == len(deliverables)
        waiting = sum(1 for d in deliverables if d["status"] == "submitted")
        assert driver.find_element(By.ID, "awaiting-review").text == f"{waiting} awaiting review"
        report = api(f"/api/v1/projects/{pid}/budget-vs-actual")
        burn = driver.find_element(By.ID, "burn-summary").text
        assert euros(report["total"]["actual"]) in burn and euros(report["total"]["budget"]) in burn, burn
        assert not console_errors(), project["key"]
        if project["key"] == "ERP":
            today = driver.find_elements(By.CSS_SELECTOR, "svg.gantt .today line")
            assert today, "today falls inside the ERP plan: its line is drawn"
            shot("project")
            axe_check("project")
    # A refresh sends If-None-Match and gets 304s for what did not change.
    before = driver.execute_script("window.keptChart = document.querySelector('svg.gantt'); return window.charterStats.notModified")
    driver.execute_script("document.getElementById('view').dataset.ready = 'refreshing'; window.charterRefresh()")
    wait_ready("project")
    after = driver.execute_script("return window.charterStats.notModified")
    assert after >= before + 5, (before, after)
    assert driver.execute_script("return window.keptChart === document.querySelector('svg.gantt')"), \
        "nothing changed, so the page was left as it was"
    assert not console_errors()


def test_careers():
    go("#/careers", "careers")
    field = driver.find_element(By.ID, "career-search")
    for letter in "proj":
        field.send_keys(letter)
        time.sleep(0.05)  # a person typing: each key starts a search that the next one replaces
    expected = api("/api/v1/careers?q=proj&perPage=20", key=None)
    WebDriverWait(driver, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results li")) == len(expected["items"])
        and str(expected["totalItems"]) in d.find_element(By.ID, "search-status").text)
    shown = [li.get_attribute("data-code") for li in driver.find_elements(By.CSS_SELECTOR, "#results li")]
    assert shown == [i["code"] for i in expected["items"]], shown
    field.send_keys("ect manag")
    WebDriverWait(driver, 10).until(lambda d: "project manag" in d.find_element(By.ID, "search-status").text)
    codes = [li.get_attribute("data-code") for li in driver.find_elements(By.CSS_SELECTOR, "#results li")]
    assert "15-1299.09" in codes, codes
    shot("careers")
    axe_check("careers")
    # The profile, by keyboard: tab to the result's link and press Enter.
    link = driver.find_element(By.CSS_SELECTOR, "#results li[data-code='15-1299.09'] a")
    field.send_keys(Keys.TAB)
    for _ in range(40):
        if driver.switch_to.active_element == link:
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element == link, "the result is reachable by keyboard"
    driver.find_element(By.ID, "view").get_attribute("data-ready")
    driver.execute_script("document.getElementById('view').dataset.ready = 'navigating'")
    link.send_keys(Keys.ENTER)
    wait_ready("career")
    profile = api("/api/v1/careers/15-1299.09", key=None)
    assert driver.find_element(By.TAG_NAME, "h1").text == profile["occupation"]["title"]
    assert len(driver.find_elements(By.CSS_SELECTOR, "#tasks li")) == len(profile["tasks"])
    assert not console_errors()
    shot("career")
    axe_check("career")
    go("#/careers/compare?a=15-1299.09&b=13-1082.00", "compare")
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".pair .card h2")]
    assert titles == [profile["occupation"]["title"], api("/api/v1/careers/13-1082.00", key=None)["occupation"]["title"]]
    compared = api("/api/v1/careers/compare?codes=15-1299.09,13-1082.00", key=None)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#only-a li")) == len(compared["onlyInA"]), "what only A has"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#only-b li")) == len(compared["onlyInB"]), "what only B has"
    # A misspelt search is answered for its correction, and the page says which.
    typo = api("/api/v1/careers?q=sofware%20enginer&perPage=20", key=None)
    assert typo.get("didYouMean"), typo
    go("#/careers?q=sofware%20enginer", "careers")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "did-you-mean"))
    assert typo["didYouMean"] in driver.find_element(By.ID, "did-you-mean").text
    shown = [li.get_attribute("data-code") for li in driver.find_elements(By.CSS_SELECTOR, "#results li")]
    assert shown == [i["code"] for i in typo["items"]], shown
    assert not console_errors()
    shot("compare")
    axe_check("compare")


def test_bad_key():
    bad = "chk_" + "x" * 43
    expected = api("/api/v1/projects", key=bad)
    assert expected["status"] == 401
    go("#/careers", "careers")
    enter_key(bad)
    driver.execute_script("document.getElementById('view').dataset.ready = 'navigating'; location.hash = '#/portfolio'")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "view").get_attribute("data-ready") == "error")
    banner = driver.find_element(By.ID, "error")
    assert banner.is_displayed()
    assert banner.find_element(By.CLASS_NAME, "detail").text == expected["detail"], banner.text
    shot("bad-key")
    # The only console errors are the browser's notes of the 401 answers.
    assert not console_errors(allow=("401",))
    # Careers need no key, so a bad one does not break them.
    go("#/careers/15-1299.09", "career")
    assert not driver.find_element(By.ID, "error").is_displayed()
    assert not console_errors()


def test_phone():
    global driver
    driver.quit()
    driver = make_driver(390, 844, phone=True)
    driver.get(BASE + "/")
    driver.execute_script("sessionStorage.setItem('charter.apiKey', arguments[0])", args.key)
    for fragment, name in [("#/portfolio", "portfolio"), ("#/projects/1", "project"), ("#/careers?q=manager", "careers")]:
        open_page(fragment, name)
        width = driver.execute_script("return window.innerWidth")
        assert width == 390, f"the phone viewport is {width} px"
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow} px wider than a phone"
        assert not console_errors(), name
        shot(f"phone-{name}")
    axe_check("phone project")


failures = 0
started = time.monotonic()
for test in [test_portfolio, test_projects, test_careers, test_bad_key, test_phone]:
    t0 = time.monotonic()
    try:
        test()
        print(f"ok   {test.__name__} ({time.monotonic() - t0:.1f} s)")
    except Exception:
        failures += 1
        print(f"FAIL {test.__name__}")
        traceback.print_exc()
        try:
            shot(f"failed-{test.__name__}")
        except Exception:
            pass
driver.quit()
print(f"{failures} failed, {time.monotonic() - started:.1f} s")
sys.exit(1 if failures else 0)
