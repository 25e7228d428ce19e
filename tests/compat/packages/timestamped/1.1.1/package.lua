name = 'timestamped'
version = '1.1.1'
timestamp = 4000
