name = 'pb'
version = '1.1.0'
