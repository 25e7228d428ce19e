name = "ord_y"
version = "1"
