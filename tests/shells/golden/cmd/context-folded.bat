REM 
REM 
REM ################################################################################
REM system setup
REM ################################################################################
set "REZ_USED=C:\rez\lib"
set "REZ_USED_VERSION=3.4.0"
set "REZ_USED_TIMESTAMP=1700000000"
set "REZ_USED_REQUESTED_TIMESTAMP=0"
set "REZ_USED_REQUEST=bar baz"
set "REZ_USED_IMPLICIT_PACKAGES=~platform==linux ~arch==x86_64"
set "REZ_USED_RESOLVE=foo-1.2.3 bar-2.0 baz-0.1"
set "REZ_USED_PACKAGES_PATH=C:\pkgs"
REM 
REM 
REM ################################################################################
REM package variables
REM ################################################################################
REM 
REM variables for package foo-1.2.3[]
REM --------------------------------------------------------------------------------
set "REZ_FOO_VERSION=1.2.3"
set "REZ_FOO_MAJOR_VERSION=1"
set "REZ_FOO_MINOR_VERSION=2"
set "REZ_FOO_PATCH_VERSION=3"
set "REZ_FOO_BASE=C:\pkgs\foo\1.2.3"
set "REZ_FOO_ROOT=C:\pkgs\foo\1.2.3"
REM 
REM variables for package bar-2.0[]
REM --------------------------------------------------------------------------------
set "REZ_BAR_VERSION=2.0"
set "REZ_BAR_MAJOR_VERSION=2"
set "REZ_BAR_MINOR_VERSION=0"
set "REZ_BAR_PATCH_VERSION="
set "REZ_BAR_BASE=C:\pkgs\bar\2.0"
set "REZ_BAR_ROOT=C:\pkgs\bar\2.0"
REM 
REM variables for package baz-0.1[]
REM --------------------------------------------------------------------------------
set "REZ_BAZ_VERSION=0.1"
set "REZ_BAZ_MAJOR_VERSION=0"
set "REZ_BAZ_MINOR_VERSION=1"
set "REZ_BAZ_PATCH_VERSION="
set "REZ_BAZ_BASE=C:\pkgs\baz\0.1"
set "REZ_BAZ_ROOT=C:\pkgs\baz\0.1"
REM 
REM 
REM ################################################################################
REM pre_commands
REM ################################################################################
REM 
REM pre_commands from package foo-1.2.3[]
REM --------------------------------------------------------------------------------
set "FOO_PRE=pre-foo"
REM 
REM 
REM ################################################################################
REM commands
REM ################################################################################
REM 
REM commands from package foo-1.2.3[]
REM --------------------------------------------------------------------------------
set "PATH=C:\pkgs\foo\1.2.3\bin"
set "FOO_ROOT=C:\pkgs\foo\1.2.3"
set "FOO_LIST=x"
doskey footool=C:\pkgs\foo\1.2.3/bin/footool --verbose $*
echo:foo loaded
REM 
REM commands from package bar-2.0[]
REM --------------------------------------------------------------------------------
set "PYTHONPATH=/opt/py;C:\pkgs\bar\2.0\python"
set "PARENT_LIST=%PARENT_LIST%;z"
set "FOO_LIST=%FOO_LIST%;y"
set "BAR_FOO_VER=1.2.3"
set "BAR_BASE=C:\pkgs\bar\2.0"
REM bar says hi
REM 
REM 
REM ################################################################################
REM post_commands
REM ################################################################################
REM 
REM post_commands from package foo-1.2.3[]
REM --------------------------------------------------------------------------------
set "FOO_POST=1.2"
REM 
REM 
REM ################################################################################
REM post system setup
REM ################################################################################
set "PATH=%PATH%;C:\Windows\system32;C:\Windows"
