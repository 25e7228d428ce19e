name = "cyc_a"
version = "1"
requires = {"cyc_b"}
