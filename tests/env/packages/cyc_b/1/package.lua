name = "cyc_b"
version = "1"
requires = {"cyc_a"}
