"""The benchmark project network, shared by projects.sh and schedule.sh: 10,000 work packages breadth-first, 7
children a package, 5 levels deep, and ~20,000 finish-to-start dependencies between leaves that stay local (chains,
skips, links to the next sibling group), created through POST /api/v1/batch.

    import sys; sys.path.insert(0, "Benchmarks"); import plan_network
    created, leaves, deps = plan_network.build(call, project, lambda n: {"durationDays": 1 + n % 5})
"""


def batch(call, ops):
    for i in range(0, len(ops), 100):
        call("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})


def build(call, project, extra, packages=10000, links=20000):
    """Creates the packages (each body: project, parent, name, plus extra(n)) and the dependencies.
    Returns (packages created, leaf ids in id order, dependency pairs)."""
    levels, next_id, created = [[None]], 1, 0
    for depth in range(5):
        level, ops = [], []
        for parent in levels[-1]:
            for _ in range(7):
                if created == packages:
                    break
                body = {"project": project, "name": f"WP d{depth + 1} #{created + 1}", **extra(created)}
                if parent is not None:
                    body["parent"] = parent
                ops.append({"method": "POST", "path": "/api/v1/work-packages", "body": body})
                created += 1
                level.append(next_id)
                next_id += 1
        batch(call, ops)
        levels.append(level)
    rows = call("GET", f"/api/v1/work-packages?project=eq.{project}&fields=id,parent&perPage=10000&skipTotal=true")["items"]
    children = {}
    for r in rows:
        children.setdefault(r["parent"], []).append(r["id"])
    leaves = sorted(r["id"] for r in rows if r["id"] not in children)
    groups = [g for g in (sorted(c for c in kids if c not in children)
                          for _, kids in sorted(children.items(), key=lambda kv: kv[0] or 0)) if g]
    deps = set()
    for gi, g in enumerate(groups):
        for step in (1, 2, 3):
            for i in range(len(g) - step):
                deps.add((g[i], g[i + step]))
        if gi + 1 < len(groups) and gi % 7 != 6:
            for a, b in zip(g, groups[gi + 1]):
                deps.add((a, b))
    for gi in range(len(groups) - 7):
        if len(deps) >= links:
            break
        deps.add((groups[gi][-1], groups[gi + 7][0]))
    deps = sorted(deps)[:links]
    batch(call, [{"method": "POST", "path": "/api/v1/dependencies", "body": {"predecessor": a, "successor": b}}
                 for a, b in deps])
    return created, leaves, deps
