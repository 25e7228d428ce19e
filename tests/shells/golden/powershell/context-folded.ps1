# 
# 
# ################################################################################
# system setup
# ################################################################################
$env:REZ_USED = 'C:\rez\lib'
$env:REZ_USED_VERSION = '3.4.0'
$env:REZ_USED_TIMESTAMP = '1700000000'
$env:REZ_USED_REQUESTED_TIMESTAMP = '0'
$env:REZ_USED_REQUEST = 'bar baz'
$env:REZ_USED_IMPLICIT_PACKAGES = '~platform==linux ~arch==x86_64'
$env:REZ_USED_RESOLVE = 'foo-1.2.3 bar-2.0 baz-0.1'
$env:REZ_USED_PACKAGES_PATH = 'C:\pkgs'
# 
# 
# ################################################################################
# package variables
# ################################################################################
# 
# variables for package foo-1.2.3[]
# --------------------------------------------------------------------------------
$env:REZ_FOO_VERSION = '1.2.3'
$env:REZ_FOO_MAJOR_VERSION = '1'
$env:REZ_FOO_MINOR_VERSION = '2'
$env:REZ_FOO_PATCH_VERSION = '3'
$env:REZ_FOO_BASE = 'C:\pkgs\foo\1.2.3'
$env:REZ_FOO_ROOT = 'C:\pkgs\foo\1.2.3'
# 
# variables for package bar-2.0[]
# --------------------------------------------------------------------------------
$env:REZ_BAR_VERSION = '2.0'
$env:REZ_BAR_MAJOR_VERSION = '2'
$env:REZ_BAR_MINOR_VERSION = '0'
$env:REZ_BAR_PATCH_VERSION = ''
$env:REZ_BAR_BASE = 'C:\pkgs\bar\2.0'
$env:REZ_BAR_ROOT = 'C:\pkgs\bar\2.0'
# 
# variables for package baz-0.1[]
# --------------------------------------------------------------------------------
$env:REZ_BAZ_VERSION = '0.1'
$env:REZ_BAZ_MAJOR_VERSION = '0'
$env:REZ_BAZ_MINOR_VERSION = '1'
$env:REZ_BAZ_PATCH_VERSION = ''
$env:REZ_BAZ_BASE = 'C:\pkgs\baz\0.1'
$env:REZ_BAZ_ROOT = 'C:\pkgs\baz\0.1'
# 
# 
# ################################################################################
# pre_commands
# ################################################################################
# 
# pre_commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
$env:FOO_PRE = 'pre-foo'
# 
# 
# ################################################################################
# commands
# ################################################################################
# 
# commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
$env:PATH = 'C:\pkgs\foo\1.2.3\bin'
$env:FOO_ROOT = 'C:\pkgs\foo\1.2.3'
$env:FOO_LIST = 'x'
function footool { C:\pkgs\foo\1.2.3/bin/footool --verbose @args }
Write-Host 'foo loaded'
# 
# commands from package bar-2.0[]
# --------------------------------------------------------------------------------
$env:PYTHONPATH = '/opt/py;C:\pkgs\bar\2.0\python'
$env:PARENT_LIST = $env:PARENT_LIST + ';z'
$env:FOO_LIST = $env:FOO_LIST + ';y'
$env:BAR_FOO_VER = '1.2.3'
$env:BAR_BASE = 'C:\pkgs\bar\2.0'
# bar says hi
# 
# 
# ################################################################################
# post_commands
# ################################################################################
# 
# post_commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
$env:FOO_POST = '1.2'
# 
# 
# ################################################################################
# post system setup
# ################################################################################
$env:PATH = $env:PATH + ';C:\Windows\system32;C:\Windows'
