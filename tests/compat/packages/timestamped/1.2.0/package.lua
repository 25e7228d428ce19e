name = 'timestamped'
version = '1.2.0'
timestamp = 5000
