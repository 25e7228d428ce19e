name = "ord_c"
version = "1"
