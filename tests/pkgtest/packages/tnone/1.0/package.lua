name = "tnone"
version = "1.0"
