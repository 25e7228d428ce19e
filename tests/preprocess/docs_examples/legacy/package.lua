name = "legacy"
version = "0.9"
authors = { "someone" }
requires = { "glibc-2.17" }
