name = "ord_wx"
version = "1"
requires = {"ord_x", "ord_w"}
