# -*- coding: utf-8 -*-

name = 'inc'

version = '1.0'

@include('mymod')
def commands():
    mymod.setup(env, "{root}")
    env.INC_TOOLS = mymod.bin_path("{root}", "tools")

timestamp = 1796412086

format_version = 2
