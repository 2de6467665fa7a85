#!/usr/bin/env python3
"""Scaling benchmark (issue 16, "linear cost"): does any dimension of the input cost more than
linear time?

For each dimension that can grow, the script generates a connector at 1x, 4x and 16x of a fixed
base size in a temporary folder (nothing large is committed), runs
`connector-lint check DIR --threads 1 --select ALL --format F` on it for each output format, and
prints the CPU time (user + system) and peak memory (max RSS) of each run, then the ratios
t(4x)/t(1x) and t(16x)/t(4x). Linear cost gives about 4; the acceptance is at most 5. A tiny
second connector sits beside the generated one, so that no spelling suggestions are computed
(they cost 10-20 ms per distinct unknown word, once each, which would hide the rules' cost). The
base sizes are fixed so that start-up does not hide the growth:

- size:    a generated swagger of 8 MB (operations, parameters, definitions), pretty-printed;
- prose:   200 KB of prose with unknown words (and commas, colons, lists, "e.g.", "a = b",
           host names) in one description string;
- refs:    a chain of 4,000 `$ref`s (definition i refers to definition i+1), every tenth the
           schema of an operation's response;
- line:    a real swagger (the corpus' largest, Encodian, 716 KB) minified to one line, its
           operations repeated to grow the line.

With `--big`, it instead generates 200 MB of swagger (the `size` generator) and compares each format
with a bare `python3 -c 'json.loads(...)'` of the same file: time ratio (acceptance < 40) and
peak memory against the file size (acceptance < 10). A size cap on input files must be raised to
admit the file: pass connector-lint's own option after `--`, e.g.
    python3 benches/scaling.py --big -- --max-file-size 300MB

Usage:
    python3 benches/scaling.py [--dims size,prose,refs,line] [--formats text,concise,sarif,json,github]
                               [--scales 1,4,16] [--rounds 3] [--bin PATH] [--keep] [-- EXTRA...]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "PowerPlatformConnectors")
LONG_LINE_SOURCE = os.path.join(CORPUS, "certified-connectors", "Encodian", "apiDefinition.swagger.json")

MB = 1 << 20


def swagger(paths, definitions=None, description="A generated connector for the scaling benchmark."):
    return {
        "swagger": "2.0",
        "info": {"title": "Scaling Bench", "description": description, "version": "1.0"},
        "host": "api.example.com",
        "basePath": "/",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": paths,
        "definitions": definitions or {},
        "parameters": {},
        "responses": {},
        "securityDefinitions": {},
    }


def write_connector(folder, doc, minified=False):
    """Write `doc` as the swagger of connector `folder`/big, and a small second connector beside
    it: with two connectors, no spelling suggestions are computed (spellbook takes 10-20 ms per
    distinct unknown word, once each; with one connector they would hide the rules' cost)."""
    os.makedirs(os.path.join(folder, "small"), exist_ok=True)
    with open(os.path.join(folder, "small", "apiDefinition.swagger.json"), "w", encoding="utf-8") as f:
        json.dump(swagger({"/ping": {"get": {"operationId": "Ping", "summary": "Ping", "description": "Checks the service.",
                                             "responses": {"200": {"description": "OK"}}}}}), f, indent=2)
    folder = os.path.join(folder, "big")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "apiDefinition.swagger.json")
    with open(path, "w", encoding="utf-8") as f:
        if minified:
            json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
        else:
            json.dump(doc, f, indent=2, ensure_ascii=False)
    return os.path.getsize(path)


def gen_size(folder, target_bytes):
    """Operations, each with path-level and own parameters and a response schema, until the file
    reaches `target_bytes`."""
    paths, definitions = {}, {}
    # One path item with its definition is about 2 KB pretty-printed.
    n = max(1, int(target_bytes / 2070))
    for i in range(n):
        paths[f"/customers{i}/{{customerId}}/orders/{{orderId}}"] = {
            "parameters": [
                {"name": "customerId", "in": "path", "required": True, "type": "string",
                 "x-ms-summary": "Customer ID", "description": "The identifier of the customer."},
            ],
            "get": {
                "operationId": f"GetOrder{i}",
                "summary": f"Get order {i}",
                "description": "Gets one order of a customer, with its lines and totals.",
                "parameters": [
                    {"name": "orderId", "in": "path", "required": True, "type": "string",
                     "x-ms-summary": "Order ID", "description": "The identifier of the order."},
                    {"name": "expand", "in": "query", "type": "boolean",
                     "x-ms-summary": "Expand", "description": "Whether to return the order lines."},
                ],
                "responses": {"200": {"description": "OK", "schema": {"$ref": f"#/definitions/Order{i}"}}},
            },
            "delete": {
                "operationId": f"DeleteOrder{i}",
                "summary": f"Delete order {i}",
                "description": "Deletes one order of a customer.",
                "parameters": [
                    {"name": "orderId", "in": "path", "required": True, "type": "string",
                     "x-ms-summary": "Order ID", "description": "The identifier of the order."},
                ],
                "responses": {"204": {"description": "Deleted"}},
            },
        }
        definitions[f"Order{i}"] = {
            "type": "object",
            "properties": {
                "id": {"type": "string", "x-ms-summary": "ID", "description": "The identifier of the order."},
                "total": {"type": "number", "x-ms-summary": "Total", "description": "The total amount."},
            },
        }
    return write_connector(folder, swagger(paths, definitions))


ENGLISH = ("the of and to in is for on with as by at from this that order customer value list field "
           "returns record name number date time status file account contact report invoice "
           "request response result filter default table column user group message item").split()
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def gen_prose(folder, target_bytes):
    """One description of `target_bytes` of prose: English words with unknown words mixed in
    (a tenth of the words, from a pool that grows with the text), in sentences with commas,
    label colons, lists of values, explained values, example cues and host names."""
    rng = random.Random(16)
    pool = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(6, 10)))
            for _ in range(max(50, target_bytes // 400))]
    parts, size = [], 0
    while size < target_bytes:
        k = rng.randrange(8)
        u = lambda: rng.choice(pool)
        w = lambda: rng.choice(ENGLISH)
        if k == 0:
            s = f"Values are: {u()}, {u()}, {u()}, {u()}."
        elif k == 1:
            s = f"The {w()} {u()} - {w()} {w()} {u()}, {w()} {w()}."
        elif k == 2:
            s = f"Set {u()} = {u()} for the {w()} {w()}; see {u()}.example.com for the {w()}."
        elif k == 3:
            s = f"The {w()} is {u()} e.g. {u()} or {u()}."
        elif k == 4:
            s = f"{u()}: {w()} {w()} {u()}, {u()}: {w()} {w()}."
        elif k == 5:
            s = f"Use the {u()} ({u()}) {w()} and the {w()} {u()}!"
        else:
            s = " ".join(u() if rng.random() < 0.1 else w() for _ in range(12)).capitalize() + "."
        parts.append(s)
        size += len(s) + 1
    paths = {"/items": {"get": {"operationId": "ListItems", "summary": "List items",
                                "description": "Lists the items.",
                                "responses": {"200": {"description": "OK"}}}}}
    return write_connector(folder, swagger(paths, description=" ".join(parts)))


def gen_placeholders(folder, count):
    """One description with `count` placeholders glued together without spaces or closing
    braces in between, and stray `{` and quotes: every placeholder asks what comes before it."""
    rng = random.Random(16)
    parts = []
    for i in range(count):
        k = rng.randrange(4)
        parts.append(["{0}", "{name}", "%s", "'{x}"][k] if k else "{" + str(i % 10) + "}")
        if rng.random() < 0.3:
            parts.append("{{" * 3)
    paths = {"/items": {"get": {"operationId": "ListItems", "summary": "List items",
                                "description": "Lists the items.",
                                "responses": {"200": {"description": "OK"}}}}}
    return write_connector(folder, swagger(paths, description="Send " + "".join(parts) + " now."))


def gen_refs(folder, depth):
    """A chain of `depth` definitions, each a `$ref` to the next, the last an object; every
    tenth is the response schema of an operation."""
    definitions = {f"Link{i}": {"$ref": f"#/definitions/Link{i + 1}"} for i in range(depth)}
    definitions[f"Link{depth}"] = {"type": "object", "properties": {
        "id": {"type": "string", "description": "The identifier."}}}
    paths = {}
    for i in range(0, depth, 10):
        paths[f"/links{i}"] = {"get": {
            "operationId": f"GetLink{i}", "summary": f"Get link {i}", "description": "Gets a link.",
            "responses": {"200": {"description": "OK", "schema": {"$ref": f"#/definitions/Link{i}"}}}}}
    return write_connector(folder, swagger(paths, definitions))


def gen_line(folder, target_bytes):
    """The corpus' largest swagger minified to one line, its path items repeated (with new path
    keys and operationIds) until the line reaches `target_bytes`."""
    with open(LONG_LINE_SOURCE, encoding="utf-8-sig") as f:
        doc = json.load(f)
    base = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
    original = doc["paths"]
    paths_bytes = len(json.dumps(original, separators=(",", ":"), ensure_ascii=False).encode())
    copies = max(0, round((target_bytes - len(base)) / paths_bytes))
    paths = dict(original)
    for k in range(1, copies + 1):
        for key, item in original.items():
            item = json.loads(json.dumps(item))
            for verb in item.values():
                if isinstance(verb, dict) and "operationId" in verb:
                    verb["operationId"] = f"{verb['operationId']}{k}"
            paths[f"{key}/copy{k}"] = item
    doc["paths"] = paths
    return write_connector(folder, doc, minified=True)


def measure(cmd):
    """CPU time (user + system, seconds), peak memory (max RSS, bytes), exit code and error output
    of `cmd`. CPU time rather than wall-clock time: the machine is shared, and waiting for a core
    is no cost of the input. The command runs under /usr/bin/time, which reads its peak memory: a
    child of this process would count the memory of this process too (Linux keeps the larger RSS
    across fork and exec, and the generated inputs make this process large)."""
    timed = os.path.exists("/usr/bin/time")
    full = ["/usr/bin/time", "-f", "%M", *cmd] if timed else cmd
    proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode(errors="replace").rstrip("\n").split("\n")
    # The usage of a process waited for includes that of the children it waited for: here, the
    # command under /usr/bin/time (in microseconds; time's own output has centiseconds).
    _, status, usage = os.wait4(proc.pid, 0)
    rss = int(err.pop()) * 1024 if timed else float("nan")
    cpu = usage.ru_utime + usage.ru_stime
    return cpu, rss, os.waitstatus_to_exitcode(status), "\n".join(err)


def run(binary, folder, fmt, extra):
    cmd = [binary, "check", folder, "--threads", "1", "--select", "ALL", "--format", fmt, *extra]
    cpu, rss, code, err = measure(cmd)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}: {err[-2000:]}")
    return cpu, rss


def json_loads(path):
    cmd = [sys.executable, "-c", "import json,sys; json.loads(open(sys.argv[1], encoding='utf-8').read())", path]
    cpu, rss, code, err = measure(cmd)
    if code != 0:
        raise SystemExit(f"json.loads failed: {err[-2000:]}")
    return cpu, rss


DIMENSIONS = {
    # name: (generator, base size, unit)
    "size": (gen_size, 8 * MB, "bytes"),
    "prose": (gen_prose, 200 * 1000, "bytes of prose"),
    "refs": (gen_refs, 4000, "references"),
    "line": (gen_line, 716 * 1000, "bytes on one line"),
    "placeholders": (gen_placeholders, 20000, "placeholders in one string"),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "connector-lint"))
    ap.add_argument("--dims", default="size,prose,refs,line")
    ap.add_argument("--formats", default="text,concise,sarif,json,github")
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--rounds", type=int, default=3,
                    help="runs per measure; the fastest is kept (on a shared machine, noise only adds time)")
    ap.add_argument("--big", action="store_true", help="the 200 MB run against json.loads instead")
    ap.add_argument("--big-mb", type=int, default=200)
    ap.add_argument("--keep", action="store_true", help="keep the generated inputs")
    ap.add_argument("extra", nargs="*", help="arguments passed on to `connector-lint check` (after --)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="connector-lint-scaling-")
    try:
        if args.big:
            big(args, tmp)
        else:
            scaling(args, tmp)
    finally:
        if args.keep:
            print(f"inputs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def scaling(args, tmp):
    scales = [int(s) for s in args.scales.split(",")]
    formats = args.formats.split(",")
    worst = 0.0
    for dim in args.dims.split(","):
        gen, base, unit = DIMENSIONS[dim]
        times = {f: [] for f in formats}
        for s in scales:
            folder = os.path.join(tmp, f"{dim}-{s}x")
            size = gen(folder, base * s)
            line = f"{dim:6} {s:3}x  ({base * s:,} {unit}, file {size / MB:.1f} MB):"
            for f in formats:
                runs = [run(args.bin, folder, f, args.extra) for _ in range(args.rounds)]
                t = min(r[0] for r in runs)
                times[f].append(t)
                line += f"  {f} {t:.2f} s {max(r[1] for r in runs) / MB:.0f} MB"
            print(line, flush=True)
            shutil.rmtree(folder, ignore_errors=True)
        for f in formats:
            t = times[f]
            ratios = [t[i + 1] / t[i] for i in range(len(t) - 1)]
            worst = max([worst, *ratios])
            shown = "  ".join(f"t({scales[i + 1]}x)/t({scales[i]}x) = {r:.2f}" for i, r in enumerate(ratios))
            print(f"{dim:6} {f:8} {shown}")
    print(f"worst ratio: {worst:.2f} (acceptance: at most 5 for 4x the input)")


def big(args, tmp):
    folder = os.path.join(tmp, "big")
    size = gen_size(folder, args.big_mb * MB)
    path = os.path.join(folder, "big", "apiDefinition.swagger.json")
    jt, jm = json_loads(path)
    print(f"file {size / MB:.0f} MB; python3 json.loads: {jt:.2f} s CPU, peak {jm / MB:.0f} MB")
    for f in args.formats.split(","):
        t, m = run(args.bin, folder, f, args.extra)
        print(f"{f:8} {t:7.2f} s CPU  {t / jt:5.1f}x json.loads (acceptance < 40)   "
              f"peak {m / MB:6.0f} MB  {m / size:4.1f}x the file (acceptance < 10)", flush=True)


if __name__ == "__main__":
    main()
