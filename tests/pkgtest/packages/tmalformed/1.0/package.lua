name = "tmalformed"
version = "1.0"

tests = {
    good = "true",
    bad = {requires = {"py"}},
}
