name = 'timestamped'
version = '2.1.0'
timestamp = 7000
