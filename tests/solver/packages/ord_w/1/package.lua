name = "ord_w"
version = "1"
