name = 'timestamped'
version = '1.0.6'
timestamp = 2000
