name = 'pb'
version = '2.0.0'
