# rez_expect.py FILE... - what real Rez loads from each package.py, as one JSON line per file
# ({"file": F, "data": {...}} or {"file": F, "error": "..."}), in the format
# `rez-pyread-test json` prints: functions kept as source become {"<function>": NAME},
# tuples become lists, None values are dropped (rez-lua has no None attribute).
# Not run by the test suite: it produced tests/pyread/corpus/expected.jsonl, with
# PYTHONPATH pointing at Rez's source (src/ of github.com/AcademySoftwareFoundation/rez).
import json
import os
import sys
import tempfile

os.environ.setdefault("HOME", tempfile.mkdtemp())
os.environ["REZ_CONFIG_FILE"] = os.devnull

from rez.serialise import load_from_file, FileFormat  # noqa: E402
from rez.utils.sourcecode import SourceCode  # noqa: E402


def plain(v, name=None):
    if isinstance(v, SourceCode):
        return {"<function>": getattr(v, "funcname", None) or name}
    if callable(v):
        return {"<function>": v.__name__}
    if isinstance(v, dict):
        return {str(k): plain(x, k) for k, x in v.items() if x is not None}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return v


for f in sys.argv[1:]:
    try:
        data = load_from_file(f, FileFormat.py, disable_memcache=True)
        out = {"file": f, "data": plain(dict(data))}
        json.dumps(out)
    except BaseException as e:  # noqa: BLE001 - any failure is a result here
        out = {"file": f, "error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")}
    print(json.dumps(out))
    sys.stdout.flush()
