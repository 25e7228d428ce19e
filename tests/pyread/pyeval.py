# pyeval.py - the reference side of traps.sh / property.sh: one Python expression per stdin
# line; prints repr(value) or "error: Kind", as rez-pyread-test eval does.
import sys

for line in sys.stdin:
    expr = line.rstrip("\n")
    try:
        print(repr(eval(expr, {})))
    except Exception as e:  # noqa: BLE001 - the class name is the result
        print("error: " + type(e).__name__)
    sys.stdout.flush()
