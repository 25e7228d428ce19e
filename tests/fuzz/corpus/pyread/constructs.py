# -*- coding: utf-8 -*-
name = "constructs"
version = "1.0.0"
authors = ["a", 'b', """c"""]
tools = [t for t in ["x", "y"] if t != "y"]
_data = {"k": [1, 2.5, True], "s": "v%s" % 1, "n": None}

@early()
def requires():
    r = []
    if building:
        r.append("cmake")
    return r + ["rextest-{}".format(this.version[0])]

@late()
def help():
    return [["doc", "https://example.com"]]

def commands():
    import os
    global env
    for i, p in enumerate(["bin", "lib"]):
        env.PATH.append(os.path.join("{root}", p))
    try:
        env.X = "1" if defined("Y") else "2"
    except KeyError as e:
        info(str(e))
    while False:
        break
    f = lambda a, b=2: a * b
    env.Z = str(f(3))[0:1]

with scope("config") as c:
    c.release_packages_path = "/tmp"
