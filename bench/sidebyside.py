# sidebyside.py - the side-by-side suite behind `bench/run.sh -C` (see bench/README.md):
# rez-lua, Rez, Lmod and Environment Modules on the same synthetic repositories
# (bench/gen_repo.lua ... all), interleaved run by run, medians of N runs, ratios taken pair by
# pair (each run's ratio, then the median), peak RSS, user+sys CPU, and optionally CPU
# instructions (perf stat instructions:u where the machine has the counter, else callgrind).
#
#   python3 bench/sidebyside.py --bin BUILD/bin --work DIR [--sizes 200:15,2000:81,20000:176]
#       [--runs N] [--markdown] [--instructions] [--rez-src SRC] [--emod LIB_DIR] [--no-rez]
#
# Each size is FAMILIES:CLOSURE: the repository DIR/cF (and .py, .lmod, .tcl) is generated
# when missing; the request is the smallest number of families (spread over the upper half of
# the repository, as bench/run.sh picks them) whose closure reaches CLOSURE packages.
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def request(fams, n):
    half = fams // 2
    if half < n:
        half = fams
    step = max(1, half // n)
    return ["fam%04d" % (fams - 1 - (i * step) % half) for i in range(min(n, fams))]


def run_once(argv, env, cwd, prepare=None):
    """Runs argv; returns (wall s, user+sys s). Fails loudly on a non-zero exit."""
    if prepare:
        subprocess.run(prepare, shell=True, check=True, env=env, cwd=cwd)
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("benchmark command failed (exit %d): %s\n%s" % (p.returncode, " ".join(argv), err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime


def perf_works():
    try:
        out = subprocess.run(["perf", "stat", "-x,", "-e", "instructions:u", "true"],
                             capture_output=True, text=True)
    except OSError:
        return False
    return "not supported" not in out.stderr and re.search(r"^\d+,", out.stderr, re.M) is not None


def instructions(argv, env, cwd, use_perf):
    """User-space instructions of one run (children included)."""
    if use_perf:
        out = subprocess.run(["perf", "stat", "-x,", "-e", "instructions:u"] + argv, env=env, cwd=cwd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        m = re.search(r"^(\d+),", out.stderr, re.M)
        return int(m.group(1)) if m else None
    out = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                          "--callgrind-out-file=/dev/null"] + argv, env=env, cwd=cwd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    total = sum(int(x.replace(",", "")) for x in re.findall(r"Collected : ([\d,]+)", out.stderr))
    return total or None


def fmt_ms(s):
    return "%.1f" % (s * 1000) if s < 10 else "%.0f" % (s * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--sizes", default="200:15,2000:81,20000:176")
    ap.add_argument("--runs", type=int, default=24)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--instructions", action="store_true")
    ap.add_argument("--rez-src", default="/work/rez-src/src")
    ap.add_argument("--emod", default=None, help="directory holding Environment Modules' modulecmd.tcl")
    ap.add_argument("--lmod", default="/usr/share/lmod/lmod/libexec/lmod")
    ap.add_argument("--no-rez", action="store_true", help="leave Rez out (it is the slowest by far)")
    a = ap.parse_args()

    rez = os.path.join(os.path.abspath(a.bin), "rez")
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    help_out = subprocess.run([rez, "env", "--help"], capture_output=True, text=True).stdout
    has_print = "--print-script" in help_out
    use_perf = a.instructions and perf_works()
    out = []
    P = out.append

    P("## Side by side: rez-lua, Rez, Lmod, Environment Modules")
    P("")
    P("- rez-lua: `%s` (%s)" % (rez, subprocess.run([rez, "--version"], capture_output=True, text=True).stdout.strip()))
    P("- machine: %d CPUs, load average at start %s" % (os.cpu_count(), open("/proc/loadavg").read().split()[:3]))
    P("- %d interleaved runs per row; medians; ratios are the median of each run's ratio" % a.runs)
    if a.instructions:
        P("- instructions: %s" % ("perf stat -e instructions:u" if use_perf else
                                  "valgrind --tool=callgrind (this machine has no hardware counter; "
                                  "Rez, Lmod and Modules left out: minutes each under callgrind); one run"))
    if not has_print:
        P("- this rez-lua has no `--print-script`: its \"resolve + script\" row is "
          "`rez env REQ -o ctx.rxt && rez context ctx.rxt -i -f bash` (two processes)")
    P("")

    for spec in a.sizes.split(","):
        fams, target = (int(x) for x in spec.split(":"))
        repo = os.path.join(work, "c%d" % fams)
        if not os.path.isdir(repo + ".tcl"):
            shutil.rmtree(repo, ignore_errors=True)
            subprocess.run(["lua5.4", os.path.join(HERE, "gen_repo.lua"), repo, str(fams), "10", "1", "all"],
                           check=True)
            time.sleep(1)   # past the package cache's racy window
        home = os.path.join(work, "home")
        os.makedirs(home, exist_ok=True)
        cache = os.path.join(work, "cache-%d" % fams)
        env = {"HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "XDG_CACHE_HOME": cache,
               "REZ_CONFIG_FILE": "/dev/null", "TMPDIR": tempfile.gettempdir()}
        # The request: families from the top down, each kept when the closure stays within
        # 10 % over the target, until it is within 5 % under it.
        def closure_of(r):
            s = subprocess.run([rez, "env"] + r + ["--paths", repo, "-o", "-"], env=env,
                               capture_output=True, text=True)
            return len(json.loads(s.stdout).get("resolved_packages") or []) if s.returncode == 0 else 0
        req, closure = [], 0
        step = max(1, fams // 400)
        for f in range(fams - 1, -1, -step):
            c = closure_of(req + ["fam%04d" % f])
            if c <= target * 1.1:
                req, closure = req + ["fam%04d" % f], c
            if closure >= target * 0.95:
                break
        if not req:
            sys.exit("no request reaches a closure of %d in %s" % (target, repo))
        ctx = os.path.join(work, "ctx-%d.rxt" % fams)
        subprocess.run([rez, "env"] + req + ["--paths", repo, "-o", ctx], env=env, check=True)
        script = {}
        for layout in ("folded", "rez"):
            e = dict(env, REZ_SHELL_SCRIPT_LAYOUT=layout)
            s = subprocess.run([rez, "context", ctx, "-i", "-f", "bash"], env=e, capture_output=True, check=True)
            path = os.path.join(work, "script-%d-%s.sh" % (fams, layout))
            open(path, "wb").write(s.stdout)
            script[layout] = (path, s.stdout.count(b"\n"), len(s.stdout))
        reqs = " ".join(req)
        if has_print:
            t_print = [rez, "env"] + req + ["--paths", repo, "--print-script", "--shell", "bash"]
        else:
            t_print = ["sh", "-c", "'%s' env %s --paths '%s' -o p.rxt && '%s' context p.rxt -i -f bash" %
                       (rez, reqs, repo, rez)]
        rez_env = dict(env, REZ_PACKAGES_PATH=repo + ".py", PYTHONPATH=a.rez_src)
        targets = [
            ("rez-lua: resolve + script (`--print-script`)", t_print, env, None),
            ("rez-lua: `rez env REQ -c true` (bash)", [rez, "env"] + req + ["--paths", repo, "-c", "true", "--shell", "bash"], env, None),
            ("rez-lua: `rez context ctx.rxt -i -f bash`", [rez, "context", ctx, "-i", "-f", "bash"], env, None),
            ("rez-lua: `rez --help`", [rez, "--help"], env, None),
            ("rez-lua: `rez config packages_path`", [rez, "config", "packages_path"], env, None),
            ("rez-lua: resolve + script, cold cache", t_print, env, "rm -rf '%s'" % cache),
            ("rez-lua: resolve + script, `--no-cache`", t_print + ["--no-cache"] if has_print else
             ["sh", "-c", t_print[2].replace(" -o p.rxt", " --no-cache -o p.rxt")], env, None),
            ("bash sources the %s script (%d lines, %d kB)" % (
                "folded" if open(script["folded"][0], "rb").read() != open(script["rez"][0], "rb").read()
                else "(this build: only Rez's layout)", script["folded"][1], script["folded"][2] // 1024),
             ["bash", "--norc", "--noprofile", "-c", ". '%s'" % script["folded"][0]], env, None),
            ("bash sources Rez's layout (%d lines, %d kB)" % (script["rez"][1], script["rez"][2] // 1024),
             ["bash", "--norc", "--noprofile", "-c", ". '%s'" % script["rez"][0]], env, None),
            ("bash alone (`bash -c true`)", ["bash", "--norc", "--noprofile", "-c", "true"], env, None),
        ]
        if not a.no_rez:
            targets.append(("Rez: `rez-env REQ -- true` (package.py, Rez from source)",
                            ["python3", "-c", "import sys; from rez.cli._main import run; "
                             "sys.argv = ['rez-env'] + sys.argv[1:]; run('env')"] + req + ["--", "true"],
                            rez_env, None))
        if os.path.exists(a.lmod):
            targets.append(("Lmod: `module load` (`lmod bash load REQ`)", [a.lmod, "bash", "load"] + req,
                            dict(env, MODULEPATH=repo + ".lmod"), None))
        if a.emod:
            targets.append(("Modules: `module load` (`modulecmd.tcl bash load REQ`)",
                            ["tclsh", os.path.join(a.emod, "modulecmd.tcl"), "bash", "load"] + req,
                            dict(env, MODULEPATH=repo + ".tcl"), None))
        # warm every cache once, then interleave
        for _, argv, e, prep in targets:
            run_once(argv, e, work, prep)
        res = {t[0]: [] for t in targets}
        for _ in range(a.runs):
            for label, argv, e, prep in targets:
                res[label].append(run_once(argv, e, work, prep))
        rss = {}
        for label, argv, e, prep in targets:
            # peak RSS from /usr/bin/time: a child forked from this Python starts with its RSS
            if prep:
                subprocess.run(prep, shell=True, env=e, cwd=work)
            t = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, env=e, cwd=work,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            m = re.findall(r"^(\d+)$", t.stderr, re.M)
            rss[label] = int(m[-1]) if m else 0
        ins = {}
        if a.instructions:
            for label, argv, e, prep in targets:
                if label.startswith(("Rez:", "Lmod", "Modules")) and not use_perf:
                    continue    # minutes under callgrind
                if prep:
                    subprocess.run(prep, shell=True, env=e, cwd=work)
                ins[label] = instructions(argv, e, work, use_perf)

        P("### %d families x 10 versions, closure %d packages" % (fams, closure))
        P("")
        P("Request (%d families): `%s`" % (len(req), reqs))
        P("")
        head = "| target | wall ms | CPU ms (user+sys) | peak RSS MiB |" + (" instructions (M) |" if a.instructions else "")
        P(head)
        P("|---|---:|---:|---:|" + ("---:|" if a.instructions else ""))
        for label, *_ in targets:
            r = res[label]
            row = "| %s | %s | %s | %.1f |" % (label, fmt_ms(statistics.median(x[0] for x in r)),
                                                fmt_ms(statistics.median(x[1] for x in r)),
                                                rss[label] / 1024)
            if a.instructions:
                v = ins.get(label)
                row += " %s |" % ("%.1f" % (v / 1e6) if v else "n/m")
            P(row)
        P("")
        lua_print = res[targets[0][0]]
        lua_c = res[targets[1][0]]
        pairs = []
        for label, *_ in targets:
            if label.startswith("Rez:"):
                pairs.append((label, lua_c, "`rez env -c true`"))
            elif label.startswith(("Lmod", "Modules")):
                pairs.append((label, lua_print, "resolve + script"))
        if pairs:
            P("| ratio (pair by pair, wall) | × slower than rez-lua | CPU ratio |")
            P("|---|---:|---:|")
            for label, base, what in pairs:
                w = statistics.median(o[0] / b[0] for o, b in zip(res[label], base))
                c = statistics.median(o[1] / max(b[1], 1e-6) for o, b in zip(res[label], base))
                P("| %s vs rez-lua %s | ×%.1f | ×%.1f |" % (label.split(":")[0], what, w, c))
            P("")
        cold = statistics.median(x[0] for x in res[targets[5][0]])
        warm = statistics.median(x[0] for x in lua_print)
        nocache = statistics.median(x[1] for x in res[targets[6][0]])
        P("Cold / warm (resolve + script): ×%.2f. `--no-cache`: %.0f µs of CPU per definition read "
          "(%d families touched × 10 versions)." % (cold / warm, nocache * 1e6 / (closure * 10), closure))
        P("")
        if not a.markdown:
            sys.stdout.write("\n".join(out) + "\n")
            out.clear()
    if a.markdown:
        sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
