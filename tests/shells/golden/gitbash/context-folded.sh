#!/usr/bin/bash
# 
# 
# ################################################################################
# system setup
# ################################################################################
REZ_USED="/opt/rez/lib"
REZ_USED_VERSION="3.4.0"
REZ_USED_TIMESTAMP="1700000000"
REZ_USED_REQUESTED_TIMESTAMP="0"
REZ_USED_REQUEST="bar baz"
REZ_USED_IMPLICIT_PACKAGES="~platform==linux ~arch==x86_64"
REZ_USED_RESOLVE="foo-1.2.3 bar-2.0 baz-0.1"
REZ_USED_PACKAGES_PATH="/c/pkgs"
# 
# 
# ################################################################################
# package variables
# ################################################################################
# 
# variables for package foo-1.2.3[]
# --------------------------------------------------------------------------------
REZ_FOO_VERSION="1.2.3"
REZ_FOO_MAJOR_VERSION="1"
REZ_FOO_MINOR_VERSION="2"
REZ_FOO_PATCH_VERSION="3"
REZ_FOO_BASE="/c/pkgs/foo/1.2.3"
REZ_FOO_ROOT="/c/pkgs/foo/1.2.3"
# 
# variables for package bar-2.0[]
# --------------------------------------------------------------------------------
REZ_BAR_VERSION="2.0"
REZ_BAR_MAJOR_VERSION="2"
REZ_BAR_MINOR_VERSION="0"
REZ_BAR_PATCH_VERSION=""
REZ_BAR_BASE="/c/pkgs/bar/2.0"
REZ_BAR_ROOT="/c/pkgs/bar/2.0"
# 
# variables for package baz-0.1[]
# --------------------------------------------------------------------------------
REZ_BAZ_VERSION="0.1"
REZ_BAZ_MAJOR_VERSION="0"
REZ_BAZ_MINOR_VERSION="1"
REZ_BAZ_PATCH_VERSION=""
REZ_BAZ_BASE="/c/pkgs/baz/0.1"
REZ_BAZ_ROOT="/c/pkgs/baz/0.1"
# 
# 
# ################################################################################
# pre_commands
# ################################################################################
# 
# pre_commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
FOO_PRE="pre-foo"
# 
# 
# ################################################################################
# commands
# ################################################################################
# 
# commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
PATH="/c/pkgs/foo/1.2.3/bin"
FOO_ROOT="/c/pkgs/foo/1.2.3"
FOO_LIST="x"
export REZ_USED REZ_USED_VERSION REZ_USED_TIMESTAMP REZ_USED_REQUESTED_TIMESTAMP REZ_USED_REQUEST REZ_USED_IMPLICIT_PACKAGES REZ_USED_RESOLVE REZ_USED_PACKAGES_PATH REZ_FOO_VERSION REZ_FOO_MAJOR_VERSION REZ_FOO_MINOR_VERSION REZ_FOO_PATCH_VERSION REZ_FOO_BASE REZ_FOO_ROOT REZ_BAR_VERSION REZ_BAR_MAJOR_VERSION REZ_BAR_MINOR_VERSION REZ_BAR_PATCH_VERSION REZ_BAR_BASE REZ_BAR_ROOT REZ_BAZ_VERSION REZ_BAZ_MAJOR_VERSION REZ_BAZ_MINOR_VERSION REZ_BAZ_PATCH_VERSION REZ_BAZ_BASE REZ_BAZ_ROOT FOO_PRE PATH FOO_ROOT FOO_LIST
function footool { /c/pkgs/foo/1.2.3/bin/footool --verbose "$@"; }
export -f footool
printf '%s\n' "foo loaded"
# 
# commands from package bar-2.0[]
# --------------------------------------------------------------------------------
PYTHONPATH="/opt/py:/c/pkgs/bar/2.0/python"
PARENT_LIST="${PARENT_LIST}:z"
FOO_LIST="${FOO_LIST}:y"
BAR_FOO_VER="1.2.3"
BAR_BASE="/c/pkgs/bar/2.0"
# bar says hi
# 
# 
# ################################################################################
# post_commands
# ################################################################################
# 
# post_commands from package foo-1.2.3[]
# --------------------------------------------------------------------------------
FOO_POST="1.2"
# 
# 
# ################################################################################
# post system setup
# ################################################################################
PATH="${PATH}:/usr/bin:/bin"
export PYTHONPATH PARENT_LIST FOO_LIST BAR_FOO_VER BAR_BASE FOO_POST PATH
