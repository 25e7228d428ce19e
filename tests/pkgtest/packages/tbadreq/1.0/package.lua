name = "tbadreq"
version = "1.0"
tests = {
    missing = {command = "echo never", requires = {"nosuchpkg"}},
    conflict = {command = "echo never", requires = {"py-2.7", "py-3.11"}},
    fine = "echo fine",
}
