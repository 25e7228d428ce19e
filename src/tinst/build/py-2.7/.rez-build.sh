#!/usr/bin/bash
export REZ_RXT_FILE="/work/wt/pkgtest/src/tinst/build/py-2.7/build.rxt"
# 
# 
# ################################################################################
# build variables
# ################################################################################
export REZ_BUILD_ENV="1"
export REZ_BUILD_PATH="/work/wt/pkgtest/src/tinst/build/py-2.7"
export REZ_BUILD_THREAD_COUNT="2"
export REZ_BUILD_VARIANT_INDEX="0"
export REZ_BUILD_VARIANT_REQUIRES="py-2.7"
export REZ_BUILD_VARIANT_SUBPATH="py-2.7"
export REZ_BUILD_PROJECT_VERSION="1.0"
export REZ_BUILD_PROJECT_NAME="tinst"
export REZ_BUILD_PROJECT_DESCRIPTION=""
export REZ_BUILD_PROJECT_FILE="/work/wt/pkgtest/src/tinst/package.lua"
export REZ_BUILD_SOURCE_PATH="/work/wt/pkgtest/src/tinst"
export REZ_BUILD_REQUIRES="py-2.7 ~platform==linux ~arch==x86_64 ~os==Debian-12"
export REZ_BUILD_REQUIRES_UNVERSIONED="py platform arch os"
export REZ_BUILD_TYPE="local"
export REZ_BUILD_INSTALL="1"
export REZ_BUILD_INSTALL_PATH="/tmp/rez-envtest.w78y30/inst/tinst/1.0/py-2.7"
# 
# 
# ################################################################################
# system setup
# ################################################################################
export REZ_USED="/work/wt/pkgtest/build"
export REZ_USED_VERSION="0.1.0"
export REZ_USED_TIMESTAMP="1796400487"
export REZ_USED_REQUESTED_TIMESTAMP="0"
export REZ_USED_REQUEST="py-2.7"
export REZ_USED_IMPLICIT_PACKAGES="~platform==linux ~arch==x86_64 ~os==Debian-12"
export REZ_USED_RESOLVE="py-2.7"
export REZ_USED_PACKAGES_PATH="/tmp/rez-envtest.w78y30/inst:/work/wt/pkgtest/tests/pkgtest/packages"
export REZ_BUILD_ENV="1"
# 
# 
# ################################################################################
# package variables
# ################################################################################
# 
# variables for package py-2.7[]
# --------------------------------------------------------------------------------
export REZ_PY_VERSION="2.7"
export REZ_PY_MAJOR_VERSION="2"
export REZ_PY_MINOR_VERSION="7"
export REZ_PY_PATCH_VERSION=""
export REZ_PY_BASE="/work/wt/pkgtest/tests/pkgtest/packages/py/2.7"
export REZ_PY_ROOT="/work/wt/pkgtest/tests/pkgtest/packages/py/2.7"
# 
# 
# ################################################################################
# commands
# ################################################################################
# 
# commands from package py-2.7[]
# --------------------------------------------------------------------------------
export PYVER="2.7"
# 
# 
# ################################################################################
# post system setup
# ################################################################################
export PATH="/usr/local/sbin"
export PATH="${PATH}:/usr/local/bin"
export PATH="${PATH}:/usr/sbin"
export PATH="${PATH}:/usr/bin"
export PATH="${PATH}:/sbin"
export PATH="${PATH}:/bin"
export PATH="${PATH}:/work/wt/pkgtest/build/bin"
export REZ_SHELL_INIT_TIMESTAMP="1796400487"
export REZ_SHELL_INTERACTIVE="0"

cd /work/wt/pkgtest/src/tinst/build/py-2.7
mkdir -p $REZ_BUILD_INSTALL_PATH && echo hello > $REZ_BUILD_INSTALL_PATH/hello.txt
