name = "tfoo"
version = "0.9"
tests = {old = "echo OLD"}
