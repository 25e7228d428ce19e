name = 'fa'
version = '2'
