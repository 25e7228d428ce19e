# corpus_cmp.py TOOL DIR - every package.py listed in DIR/expected.jsonl loaded by rez-lua
# (`TOOL json FILE`) and compared with what real Rez loaded. Outcomes:
#   read      Rez and rez-lua give the same attributes
#   refused   rez-lua refuses with "FILE:LINE: '...' is not supported when reading package.py"
#   rez-error Rez itself fails on the file, and so does rez-lua
#   WRONG     anything else (different data, an unlocated error, rez-lua reading what Rez
#             cannot): the test fails
# Prints the counts and the read rate over the files Rez can load; fails below 90 %.
import json
import os
import re
import subprocess
import sys

tool, d = sys.argv[1], sys.argv[2]
counts = {"read": 0, "refused": 0, "rez-error": 0, "WRONG": 0}
located = re.compile(r"^\S+package\.py:\d+(:\d+)?: ")
for line in open(os.path.join(d, "expected.jsonl")):
    want = json.loads(line)
    path = os.path.join(d, want["file"])
    out = subprocess.run([tool, "json", path], capture_output=True, text=True).stdout.strip()
    if out.startswith("error: "):
        msg = out[len("error: "):]
        if "error" in want:
            counts["rez-error"] += 1
        elif "is not supported when reading package.py" in msg and located.match(msg):
            counts["refused"] += 1
            print("refused: " + msg)
        else:
            counts["WRONG"] += 1
            print("WRONG (error): %s: %s" % (want["file"], msg))
        continue
    got = json.loads(out)
    if "error" in want:
        counts["WRONG"] += 1
        print("WRONG (Rez fails: %s): %s" % (want["error"], want["file"]))
    elif got == want["data"]:
        counts["read"] += 1
    else:
        counts["WRONG"] += 1
        keys = [k for k in set(got) | set(want["data"]) if got.get(k) != want["data"].get(k)]
        print("WRONG (data): %s: %s" % (want["file"], ", ".join(sorted(keys))))
loadable = counts["read"] + counts["refused"] + (counts["WRONG"])
rate = 100.0 * counts["read"] / max(1, counts["read"] + counts["refused"] + counts["WRONG"])
print("%d files: %d read as Rez reads them, %d refused with a located message, "
      "%d that Rez cannot load either, %d wrong; read rate %.1f %%"
      % (sum(counts.values()), counts["read"], counts["refused"], counts["rez-error"],
         counts["WRONG"], rate))
sys.exit(0 if counts["WRONG"] == 0 and rate >= 90.0 else 1)
