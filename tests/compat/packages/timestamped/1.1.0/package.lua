name = 'timestamped'
version = '1.1.0'
timestamp = 3000
