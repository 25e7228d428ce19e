name = "ord_a"
version = "1"
requires = {"ord_z"}
