#!/usr/bin/fish
# 
# 
# ################################################################################
# system setup
# ################################################################################
set -gx REZ_USED "/opt/rez/lib"
set -gx REZ_USED_VERSION "3.4.0"
set -gx REZ_USED_TIMESTAMP "1700000000"
set -gx REZ_USED_REQUESTED_TIMESTAMP "0"
set -gx REZ_USED_REQUEST "bar baz"
set -gx REZ_USED_IMPLICIT_PACKAGES "~platform==linux ~arch==x86_64"
set -gx REZ_USED_RESOLVE "foo-1.2.3 bar-2.0 baz-0.1"
set -gx REZ_USED_PACKAGES_PATH "/pkgs"
# 
# 
# ################################################################################
# package variables
# ################################################################################
# 
# variables for package foo-1.2.3[]
# --------------------------------------------------------------------------------
set -gx REZ_FOO_VERSION "1.2.3"
set -gx REZ_FOO_MAJOR_VERSION "1"
set -gx REZ_FOO_MINOR_VERSION "2"
set -gx REZ_FOO_PATCH_VERSION "3"
set -gx REZ_FOO_BASE "/pkgs/foo/1.2.3"
set -gx REZ_FOO_ROOT "/pkgs/foo/1.2.3"
# 
# variables for package bar-2.0[]
# --------------------------------------------------------------------------------
set -gx REZ_BAR_VERSION "2.0"
set -gx REZ_BAR_MAJOR_VERSION "2"
set -gx REZ_BAR_MINOR_VERSION "0"
set -gx REZ_BAR_PATCH_VERSION ""
set -gx REZ_BAR_BASE "/pkgs/bar/2.0"
set -gx REZ_BAR_ROOT "/pkgs/bar/2.0"
# 
# variables for package baz-0.1[]
# --------------------------------------------------------------------------------
set -gx REZ_BAZ_VERSION "0.1"
set -gx REZ_BAZ_MAJOR_VERSION "0"
set -gx REZ_BAZ_MINOR_VERSION "1"
set -gx REZ_BAZ_PATCH_VERSION ""
set -gx REZ_BAZ_BASE "/pkgs/baz/0.1"
set -gx REZ_BAZ_ROOT "/pkgs/baz/0.1"
# 
# 
# ################################################################################
# pre_commands
# ################################################################################
# 
# pre_commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
set -gx FOO_PRE "pre-foo"
# 
# 
# ################################################################################
# commands
# ################################################################################
# 
# commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
set -gx PATH "/pkgs/foo/1.2.3/bin"
set -gx FOO_ROOT "/pkgs/foo/1.2.3"
set -gx FOO_LIST "x"
function footool; /pkgs/foo/1.2.3/bin/footool --verbose $argv; end
printf '%s\n' "foo loaded"
# 
# commands from package bar-2.0[]
# --------------------------------------------------------------------------------
set -gx PYTHONPATH "/opt/py:/pkgs/bar/2.0/python"
set -gx PARENT_LIST "$PARENT_LIST:z"
set -gx FOO_LIST "$FOO_LIST:y"
set -gx BAR_FOO_VER "1.2.3"
set -gx BAR_BASE "/pkgs/bar/2.0"
# bar says hi
# 
# 
# ################################################################################
# post_commands
# ################################################################################
# 
# post_commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
set -gx FOO_POST "1.2"
# 
# 
# ################################################################################
# post system setup
# ################################################################################
set -gx PATH "$PATH:/usr/bin:/bin"
