name = "ord_z"
version = "1"
requires = {"ord_y"}
