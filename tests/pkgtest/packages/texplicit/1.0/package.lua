name = "texplicit"
version = "1.0"
tests = {
    only = {command = "echo only", run_on = {"explicit"}},
    -- an empty run_on has no tag at all: not a default test either (as in Rez)
    notags = {command = "echo NOTAGS", run_on = {}},
}
