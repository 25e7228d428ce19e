name = "BadName"
version = "1.0"
