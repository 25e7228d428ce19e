# lua2py.py REPO - writes package.py beside every package.lua that gen_repo.lua wrote (the
# same packages in Rez's Python form) and removes the package.lua, so bench/pyread.sh can
# time the same repository read from package.py. Knows only gen_repo.lua's output shapes.
import os
import re
import sys

for root, _, files in os.walk(sys.argv[1]):
    if "package.lua" not in files:
        continue
    src = open(os.path.join(root, "package.lua")).read()
    out = []
    for line in src.splitlines():
        if line == "end":
            continue
        if line in ("@early", "@late"):
            out.append(line + "()")
            continue
        m = re.match(r"function (\w+)\(\)$", line)
        if m:
            out.append("def %s():" % m.group(1))
            continue
        body = line.startswith("  ")
        line = line.replace("..", "+").replace("{", "[").replace("}", "]")
        line = re.sub(r"\[root\]", "{root}", line)
        line = line.replace(":prepend(", ".prepend(").replace(":append(", ".append(")
        out.append(("    " + line.strip()) if body else line)
    with open(os.path.join(root, "package.py"), "w") as f:
        f.write("\n".join(out) + "\n")
    os.remove(os.path.join(root, "package.lua"))
