name = "texplicit"
version = "1.0"
tests = {
    only = {command = "echo only", run_on = {"explicit"}},
}
