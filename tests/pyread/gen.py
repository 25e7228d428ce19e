# gen.py SEED COUNT - random Python expressions over the subset the package.py reader
# supports (property.sh evaluates each with CPython and with the reader). Typed generation
# keeps most expressions valid; ints stay small so 64-bit Lua integers never overflow.
import random
import sys

rng = random.Random(int(sys.argv[1]))
COUNT = int(sys.argv[2])

WORDS = ["", "a", "ab", "Foo", " x ", "a,b", "1.2", "héé", "x-y_z", "  ", "0", "AbC"]


def lit_int():
    return str(rng.choice([0, 1, 2, 3, 7, 10, -1, -5, 42]))


def lit_float():
    return rng.choice(["0.5", "1.25", "2.0", "-3.5", "0.1", "1e3", "100.0"])


def lit_str():
    return repr(rng.choice(WORDS))


def gen(ty, d):
    if d <= 0:
        return {"int": lit_int, "float": lit_float, "str": lit_str,
                "bool": lambda: rng.choice(["True", "False"]),
                "list": lambda: "[%s]" % ", ".join(lit_int() for _ in range(rng.randint(0, 3))),
                "any": lambda: rng.choice([lit_int, lit_str, lit_float])()}[ty]()
    d -= 1
    r = rng.random()
    if ty == "int":
        c = [
            lambda: "%s %s %s" % (gen("int", d), rng.choice(["+", "-", "*"]), gen("int", d)),
            lambda: "(%s) // %s" % (gen("int", d), rng.choice(["1", "2", "3", "-2"])),
            lambda: "(%s) %% %s" % (gen("int", d), rng.choice(["2", "3", "-3"])),
            lambda: "len(%s)" % rng.choice([gen("str", d), gen("list", d)]),
            lambda: "int(%s)" % rng.choice([gen("float", d), repr(str(rng.randint(-9, 99)))]),
            lambda: "%s.count(%s)" % (gen("str", d), lit_str()),
            lambda: "%s.find(%s)" % (gen("str", d), lit_str()),
            lambda: "(%s if %s else %s)" % (gen("int", d), gen("any", d), gen("int", d)),
            lambda: "max(%s, %s)" % (gen("int", d), gen("int", d)),
            lambda: "sum(%s)" % gen("list", d),
            lambda: "abs(%s)" % gen("int", d),
            lambda: "%s[%d]" % (gen("list", d), rng.randint(-3, 3)),
        ]
    elif ty == "float":
        c = [
            lambda: "%s %s %s" % (gen("float", d), rng.choice(["+", "-", "*"]), gen("float", d)),
            lambda: "%s / %s" % (gen("int", d), rng.choice(["2", "4", "8", "3"])),
            lambda: "float(%s)" % rng.choice([gen("int", d), repr(rng.choice(["1.5", "2", "-0.25"]))]),
            lambda: "round(%s, %d)" % (gen("float", d), rng.randint(0, 2)),
        ]
    elif ty == "bool":
        c = [
            lambda: "%s %s %s" % (gen("int", d), rng.choice(["<", "<=", ">", ">=", "==", "!="]), gen("int", d)),
            lambda: "%s %s %s" % (gen("str", d), rng.choice(["<", "==", "!=", "in", "not in"]), gen("str", d)),
            lambda: "%s in %s" % (gen("int", d), gen("list", d)),
            lambda: "not %s" % gen("any", d),
            lambda: "bool(%s)" % gen("any", d),
            lambda: "%s.startswith(%s)" % (gen("str", d), lit_str()),
            lambda: "%s.endswith(%s)" % (gen("str", d), lit_str()),
            lambda: "%s.isdigit()" % gen("str", d),
            lambda: "isinstance(%s, %s)" % (gen("any", d), rng.choice(["str", "int", "float", "list", "(int, str)"])),
            lambda: "%s == %s" % (gen("list", d), gen("list", d)),
            lambda: "any(%s)" % gen("list", d),
            lambda: "all(%s)" % gen("list", d),
        ]
    elif ty == "str":
        c = [
            lambda: "%s + %s" % (gen("str", d), gen("str", d)),
            lambda: "%s * %d" % (gen("str", d), rng.randint(0, 3)),
            lambda: "%s.upper()" % gen("str", d),
            lambda: "%s.lower()" % gen("str", d),
            lambda: "%s.strip()" % gen("str", d),
            lambda: "%s.replace(%s, %s)" % (gen("str", d), lit_str(), lit_str()),
            lambda: "%s.join(%s)" % (lit_str(), "[%s]" % ", ".join(gen("str", d) for _ in range(rng.randint(0, 3)))),
            lambda: "str(%s)" % gen("any", d),
            lambda: "repr(%s)" % gen("any", d),
            lambda: "%s[%s:%s]" % (gen("str", d), rng.choice(["", "1", "-1", "0", "2"]), rng.choice(["", "2", "-1", "10"])),
            lambda: "%s[::-1]" % gen("str", d),
            lambda: "%s[%d]" % (gen("str", d), rng.randint(-2, 2)),
            lambda: "'%%s-%%d' %% (%s, %s)" % (gen("str", d), gen("int", d)),
            lambda: "'{}/{}'.format(%s, %s)" % (gen("any", d), gen("any", d)),
            lambda: "'{0:>4}|{1}'.format(%s, %s)" % (gen("str", d), gen("int", d)),
            lambda: 'f"{%s}-{%s!r}"' % (gen("int", 0), gen("str", 0)),
            lambda: "(%s or %s)" % (gen("str", d), gen("str", d)),
            lambda: "(%s and %s)" % (gen("str", d), gen("str", d)),
            lambda: "','.join(sorted(%s.split(',')))" % gen("str", d),
            lambda: "%s.title()" % gen("str", d),
        ]
    elif ty == "list":
        c = [
            lambda: "%s + %s" % (gen("list", d), gen("list", d)),
            lambda: "sorted(%s)" % gen("list", d),
            lambda: "sorted(%s, reverse=True)" % gen("list", d),
            lambda: "[x * 2 for x in %s]" % gen("list", d),
            lambda: "[x for x in %s if x %% 2]" % gen("list", d),
            lambda: "%s[%s:%s]" % (gen("list", d), rng.choice(["", "1", "-1"]), rng.choice(["", "2", "-1"])),
            lambda: "list(range(%d))" % rng.randint(0, 4),
            lambda: "[len(s) for s in %s.split()]" % gen("str", d),
            lambda: "list(reversed(%s))" % gen("list", d),
            lambda: "%s * 2" % gen("list", d),
        ]
    else:
        c = [lambda: gen(rng.choice(["int", "float", "str", "bool", "list"]), d)]
    return "(" + rng.choice(c)() + ")"


for _ in range(COUNT):
    print(gen(rng.choice(["int", "float", "str", "bool", "list", "any"]), rng.randint(1, 4)))
