name = 'fa'
version = '1.3'
