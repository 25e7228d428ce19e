name = 'fa'
version = '3'
