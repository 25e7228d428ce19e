name = "ord_b"
version = "1"
requires = {"ord_y"}
