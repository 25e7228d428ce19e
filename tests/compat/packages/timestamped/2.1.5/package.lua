name = 'timestamped'
version = '2.1.5'
timestamp = 8000
