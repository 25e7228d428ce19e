name = 'dep'
version = '1.0'
