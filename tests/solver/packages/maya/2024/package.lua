name = "maya"
version = "2024"
