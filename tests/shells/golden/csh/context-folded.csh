#!/usr/bin/csh
# 
# 
# ################################################################################
# system setup
# ################################################################################
setenv REZ_USED "/opt/rez/lib"
setenv REZ_USED_VERSION "3.4.0"
setenv REZ_USED_TIMESTAMP "1700000000"
setenv REZ_USED_REQUESTED_TIMESTAMP "0"
setenv REZ_USED_REQUEST "bar baz"
setenv REZ_USED_IMPLICIT_PACKAGES "~platform==linux ~arch==x86_64"
setenv REZ_USED_RESOLVE "foo-1.2.3 bar-2.0 baz-0.1"
setenv REZ_USED_PACKAGES_PATH "/pkgs"
# 
# 
# ################################################################################
# package variables
# ################################################################################
# 
# variables for package foo-1.2.3[]
# --------------------------------------------------------------------------------
setenv REZ_FOO_VERSION "1.2.3"
setenv REZ_FOO_MAJOR_VERSION "1"
setenv REZ_FOO_MINOR_VERSION "2"
setenv REZ_FOO_PATCH_VERSION "3"
setenv REZ_FOO_BASE "/pkgs/foo/1.2.3"
setenv REZ_FOO_ROOT "/pkgs/foo/1.2.3"
# 
# variables for package bar-2.0[]
# --------------------------------------------------------------------------------
setenv REZ_BAR_VERSION "2.0"
setenv REZ_BAR_MAJOR_VERSION "2"
setenv REZ_BAR_MINOR_VERSION "0"
setenv REZ_BAR_PATCH_VERSION ""
setenv REZ_BAR_BASE "/pkgs/bar/2.0"
setenv REZ_BAR_ROOT "/pkgs/bar/2.0"
# 
# variables for package baz-0.1[]
# --------------------------------------------------------------------------------
setenv REZ_BAZ_VERSION "0.1"
setenv REZ_BAZ_MAJOR_VERSION "0"
setenv REZ_BAZ_MINOR_VERSION "1"
setenv REZ_BAZ_PATCH_VERSION ""
setenv REZ_BAZ_BASE "/pkgs/baz/0.1"
setenv REZ_BAZ_ROOT "/pkgs/baz/0.1"
# 
# 
# ################################################################################
# pre_commands
# ################################################################################
# 
# pre_commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
setenv FOO_PRE "pre-foo"
# 
# 
# ################################################################################
# commands
# ################################################################################
# 
# commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
setenv PATH "/pkgs/foo/1.2.3/bin"
setenv FOO_ROOT "/pkgs/foo/1.2.3"
setenv FOO_LIST "x"
alias footool '/pkgs/foo/1.2.3/bin/footool --verbose'
( set path = ( $path:q /usr/bin /bin ) ; printf '%s\n' "foo loaded" )
# 
# commands from package bar-2.0[]
# --------------------------------------------------------------------------------
setenv PYTHONPATH "/opt/py:/pkgs/bar/2.0/python"
if (! $?PARENT_LIST) setenv PARENT_LIST ""
setenv PARENT_LIST ${PARENT_LIST:q}":z"
setenv FOO_LIST ${FOO_LIST:q}":y"
setenv BAR_FOO_VER "1.2.3"
setenv BAR_BASE "/pkgs/bar/2.0"
# bar says hi
# 
# 
# ################################################################################
# post_commands
# ################################################################################
# 
# post_commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
setenv FOO_POST "1.2"
# 
# 
# ################################################################################
# post system setup
# ################################################################################
setenv PATH ${PATH:q}":/usr/bin:/bin"
