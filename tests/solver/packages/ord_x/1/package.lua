name = "ord_x"
version = "1"
