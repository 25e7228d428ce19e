name = 'timestamped'
version = '2.0.0'
timestamp = 6000
