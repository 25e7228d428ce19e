name = 'fa'
version = '1.2'
