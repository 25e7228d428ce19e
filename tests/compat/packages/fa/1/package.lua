name = 'fa'
version = '1'
